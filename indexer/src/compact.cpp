#include "kosearch/indexer/compact.hpp"

#include <xapian.h>

#include <string>
#include <system_error>

#include "schema.hpp"
#include "shards.hpp"
#include "crash_hook.hpp"
#include "kosearch/core/error.hpp"

namespace fs = std::filesystem;

namespace kosearch {

CompactReport compact_index(const fs::path& index, const fs::path& out) {
  std::error_code ec;
  if (fs::exists(out, ec) && (!fs::is_directory(out, ec) || !fs::is_empty(out, ec))) {
    throw InvalidArgument("--out " + out.string() + " exists and is not an empty directory; "
                          "choose a new directory for the compacted index.");
  }
  if (!fs::exists(index, ec)) {
    throw IndexNotFound("no index at " + index.string() + ". Build one with `kosearch index "
                        "--shards N --index " + index.string() + " INPUT...`.");
  }
  // Written beside --out and renamed to it when complete: a killed compact leaves no partial
  // --out (only this hidden folder, deleted by the next compact into the same --out).
  fs::path target = out;
  if (!target.has_filename()) target = target.parent_path();
  const fs::path work = target.parent_path() / ("." + target.filename().string() + ".compacting");
  fs::remove_all(work, ec);
  struct Cleanup {
    const fs::path& dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{work};
  CompactReport report;
  try {
    Xapian::Database all;
    const fs::path stub = schema::stub_of(index);
    if (stub.empty()) {
      all = Xapian::Database(index.string());
      schema::check_metadata(all, index, "");
      report.shards = 1;
    } else {
      for (const auto& shard : schema::read_stub(stub)) {
        if (shard.remote()) {
          throw InvalidArgument("cannot compact " + shard.describe() + " of " + stub.string() +
                                ": Xapian compacts local databases only. Copy the shard's "
                                "directory here and list it as `auto PATH`.");
        }
      }
      // Opening through open_shards checks every shard's metadata against the others.
      schema::OpenedShards shards = schema::open_shards(stub, false);
      all = std::move(shards.db);
      report.shards = static_cast<std::uint32_t>(shards.opened);
    }
    // One pass, not DBCOMPACT_MULTIPASS: faster here (see Indexer's merge of its parts).
    all.compact(work.string(), Xapian::DB_BACKEND_GLASS);
    // The compactor keeps the first shard's metadata; the result is not a shard any more.
    // An append-only index compacts to one without a termlist table, which must be opened so.
    const int no_termlist = fs::exists(work / "termlist.glass") ? 0 : Xapian::DB_NO_TERMLIST;
    Xapian::WritableDatabase merged(work.string(), Xapian::DB_OPEN | no_termlist);
    merged.set_metadata(std::string(schema::kMetaShards), "");
    merged.set_metadata(std::string(schema::kMetaShard), "");
    merged.commit();
    report.passages = merged.get_doccount();
    merged.close();
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, out, "compact into");
  }
  detail::CrashHook().at("compact");
  fs::remove(target, ec);  // an empty --out folder given (checked above)
  fs::rename(work, target, ec);
  if (ec) throw IoError("cannot rename " + work.string() + " to " + target.string() + ": " + ec.message());
  report.bytes = schema::bytes_on_disk(out);
  return report;
}

}  // namespace kosearch
