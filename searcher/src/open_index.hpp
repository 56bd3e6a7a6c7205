#pragma once
// Internal: opening an index for searching: one database, or the shards of a stub joined into
// one, and the analyzer it was built with (open_index.cpp).

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "identity.hpp"
#include "kosearch/analyzers/analyzer.hpp"

namespace kosearch::detail {

// What the searcher reads: one database, or the shards of a stub joined into one.
struct OpenedIndex {
  Xapian::Database db;
  std::vector<std::string> warnings;
  std::uint32_t shards = 1;
  std::uint32_t missing = 0;
  schema::PathIdentity identity;  // of the path when opened (see Searcher::reopen)
};

// The analyzer `db` (at `path`) was built with; IndexVersionMismatch when this kosearch lacks it
// or its signature differs.
Analyzer analyzer_of(const Xapian::Database& db, const std::filesystem::path& path);

// Opens the index at `path` (IndexNotFound with advice when there is none), again when it was
// switched while being opened; with `allow_missing_shards`, the shards that are up.
OpenedIndex open_database(const std::filesystem::path& path, bool allow_missing_shards);

}  // namespace kosearch::detail
