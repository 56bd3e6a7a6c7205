#include "shard_layout.hpp"

#include <string>
#include <system_error>

#include "schema.hpp"
#include "shards.hpp"
#include "kosearch/core/error.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

namespace {

std::string shard_name(std::size_t i) { return "shard-" + std::to_string(i); }

std::vector<fs::path> create_layout(const fs::path& index, std::uint32_t n) {
  std::vector<fs::path> paths;
  std::vector<std::string> names;
  std::error_code ec;
  for (std::size_t i = 0; i < n; ++i) {
    names.push_back(shard_name(i));
    paths.push_back(index / names.back());
    fs::create_directories(paths.back(), ec);
    if (ec) throw IoError("cannot create shard directory " + paths.back().string() + ": " + ec.message());
  }
  schema::write_stub(index / schema::kStubName, names);
  return paths;
}

}  // namespace

std::vector<fs::path> plan_shards(const fs::path& index, std::uint32_t shards) {
  std::error_code ec;
  const fs::path stub = index / schema::kStubName;
  if (fs::is_regular_file(stub, ec)) {
    std::vector<fs::path> paths;
    for (const auto& spec : schema::read_stub(stub)) {
      if (spec.remote()) {
        throw InvalidArgument("index " + index.string() + " lists " + spec.describe() +
                              "; kosearch index writes local shards only. Index that shard on "
                              "its own machine, or index into a directory of local shards.");
      }
      paths.push_back(spec.path);
    }
    if (shards == 0 || shards == paths.size()) return paths;
    throw IndexVersionMismatch(
        "index " + index.string() + " has " + std::to_string(paths.size()) +
        " shards (documents are routed by a hash of their id modulo " +
        std::to_string(paths.size()) + "); --shards " + std::to_string(shards) +
        " would send re-indexed documents to other shards and duplicate them. Leave out "
        "--shards to extend it, or add --rebuild to re-create it with " +
        std::to_string(shards) + " shards.");
  }
  const bool single = fs::exists(index / "iamglass", ec) || fs::exists(index / "iamchert", ec);
  if (shards <= 1) return {};
  if (single) {
    throw IndexVersionMismatch(
        "index " + index.string() + " is one database, not " + std::to_string(shards) +
        " shards. Leave out --shards to extend it, or add --rebuild to re-create it sharded.");
  } else if (fs::exists(index, ec) && (!fs::is_directory(index, ec) || !fs::is_empty(index, ec))) {
    throw IndexCorrupt(index.string() + " is not an empty directory nor a kosearch index; refusing "
                       "to write shards into it. Choose a new or empty directory for --index.");
  }
  fs::create_directories(index, ec);
  if (ec) throw IoError("cannot create index directory " + index.string() + ": " + ec.message());
  return create_layout(index, shards);
}

void mark_shard(Xapian::WritableDatabase& db, const fs::path& path, std::size_t i, std::size_t n) {
  const std::string stored_n = db.get_metadata(std::string(schema::kMetaShards));
  const std::string stored_i = db.get_metadata(std::string(schema::kMetaShard));
  if (stored_n.empty() && db.get_doccount() == 0) {
    db.set_metadata(std::string(schema::kMetaShards), std::to_string(n));
    db.set_metadata(std::string(schema::kMetaShard), std::to_string(i));
    return;
  }
  if (stored_n != std::to_string(n) || stored_i != std::to_string(i)) {
    throw IndexCorrupt("shard " + path.string() + " was built as shard " +
                       (stored_i.empty() ? "?" : stored_i) + " of " +
                       (stored_n.empty() ? "?" : stored_n) + " but the stub lists it as shard " +
                       std::to_string(i) + " of " + std::to_string(n) +
                       "; documents would be routed to the wrong shard. Restore the stub's "
                       "order, or rebuild with --rebuild.");
  }
}

}  // namespace kosearch::detail
