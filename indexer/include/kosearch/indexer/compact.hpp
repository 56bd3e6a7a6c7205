#pragma once
/// @file Merging a sharded index into one database.

#include <cstdint>
#include <filesystem>

namespace kosearch {

/// What `compact_index` wrote.
struct CompactReport {
  std::uint32_t shards = 0;     ///< databases merged
  std::uint64_t passages = 0;   ///< passages in the result
  std::uint64_t bytes = 0;      ///< size of the result on disk
};

/// Merges the index at `index` — a sharded index (a directory holding a stub file `XAPIANDB`, or
/// the stub file itself; every shard must be local) or a single index — into one compact
/// database at `out` with Xapian's compactor (multipass), for read-only deployment. The result
/// ranks exactly like the sharded index. Every shard's metadata is checked first (same
/// analyzer, schema and positions). `out` must not exist or be empty.
/// Throws IndexNotFound, IndexVersionMismatch (shards built differently), InvalidArgument
/// (`out` not empty, a remote shard), IoError.
CompactReport compact_index(const std::filesystem::path& index, const std::filesystem::path& out);

}  // namespace kosearch
