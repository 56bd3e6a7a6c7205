#include "open_index.hpp"

#include <system_error>

#include "kosearch/core/error.hpp"
#include "schema.hpp"
#include "shards.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

Analyzer analyzer_of(const Xapian::Database& db, const fs::path& path) {
  const std::string name = db.get_metadata(std::string(schema::kMetaAnalyzerName));
  try {
    Analyzer a = Analyzer::by_name(name.empty() ? kDefaultAnalyzer : std::string_view(name));
    schema::check_metadata(db, path, a.signature());
    return a;
  } catch (const InvalidArgument&) {
    throw IndexVersionMismatch("index " + path.string() + " was built with analyzer '" + name +
                               "', which this kosearch does not have. Rebuild the index with "
                               "`kosearch index --rebuild`.");
  }
}


namespace {

OpenedIndex open_database_once(const fs::path& path, bool allow_missing_shards) {
  OpenedIndex out;
  try {
    const fs::path stub = schema::stub_of(path);
    if (stub.empty()) {
      out.db = Xapian::Database(path.string());
      return out;
    }
    schema::OpenedShards shards = schema::open_shards(stub, allow_missing_shards);
    out.db = std::move(shards.db);
    out.warnings = std::move(shards.warnings);
    out.shards = static_cast<std::uint32_t>(shards.opened);
    out.missing = static_cast<std::uint32_t>(shards.listed - shards.opened);
    return out;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "open");
  }
}

}  // namespace

OpenedIndex open_database(const fs::path& path, bool allow_missing_shards) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw IndexNotFound("no index at " + path.string() + ". Build one with `kosearch index --index " +
                        path.string() + " INPUT...`.");
  }
  if (fs::is_directory(path, ec) && !schema::holds_index(path) && !fs::is_empty(path, ec)) {
    // Indexing into a folder of other files is refused, so the advice is a new folder.
    throw IndexNotFound(path.string() + " is a folder but holds no kosearch index. Give --index the "
                        "folder an index was built in, or build one in a new folder: `kosearch "
                        "index --index NEW_FOLDER INPUT...`.");
  }
  if (fs::is_directory(path, ec) && !schema::holds_index(path)) {
    throw IndexNotFound(path.string() + " is not a kosearch index (yet): it holds no index "
                        "database (a first build appears there only when it is complete). Build "
                        "one with `kosearch index --index " + path.string() + " INPUT...`.");
  }
  // An index built beside and switched in while it was being opened could be read half from
  // each: open again when the path names another directory than before.
  for (int attempt = 1;; ++attempt) {
    const schema::PathIdentity before = schema::identity_of(path);
    try {
      OpenedIndex out = open_database_once(path, allow_missing_shards);
      if (attempt < 4 && schema::identity_of(path) != before) continue;
      out.identity = before;
      return out;
    } catch (const Error&) {
      if (attempt >= 4 || schema::identity_of(path) == before) throw;
    }
  }
}

}  // namespace kosearch::detail
