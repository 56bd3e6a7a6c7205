#pragma once
// Internal: the on-disk layout of a sharded index as the Indexer writes it — DIR/XAPIANDB (a
// Xapian stub file, `auto shard-I` per line) and DIR/shard-0 .. DIR/shard-(N-1), each a complete
// kosearch database recording N and its own number in its metadata.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <vector>

namespace kosearch::detail {

// Decides whether the index at `index` is (or becomes) one database or N shards, from what is on
// disk and the requested `shards` (0: keep the existing layout; a new index is one database),
// and creates a new sharded layout and its stub. Returns the shard paths, or an empty vector for
// one database in `index` itself. Never deletes anything: a layout change is a --rebuild, which
// is written beside the index (build_beside.hpp). Throws IndexVersionMismatch when `shards`
// contradicts an existing index (documents would be routed to other shards than before; use
// --rebuild), InvalidArgument for a stub with remote shards (write them on their own machine),
// IndexCorrupt for a non-empty directory that is not a kosearch index, IoError.
std::vector<std::filesystem::path> plan_shards(const std::filesystem::path& index,
                                               std::uint32_t shards);

// Records in a new shard that it is shard `i` of `n`, or checks that an existing one says so
// (IndexCorrupt if the stub was reordered or edited).
void mark_shard(Xapian::WritableDatabase& db, const std::filesystem::path& path, std::size_t i,
                std::size_t n);

}  // namespace kosearch::detail
