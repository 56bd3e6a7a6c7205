#pragma once
// Internal: which directory (or stub file) an index path names right now. A fresh build or a
// --rebuild is written beside the index and switched in by exchanging the two directories
// (indexer/src/build_beside.hpp); a reader notices the switch by the path's identity changing,
// and then opens the index anew instead of moving its open database to a later revision.

#include <sys/types.h>

#include <filesystem>

namespace kosearch::schema {

struct PathIdentity {
  dev_t dev = 0;
  ino_t ino = 0;
  bool operator==(const PathIdentity&) const = default;
};

// Device and inode of what `path` names now; zeros when it does not exist.
PathIdentity identity_of(const std::filesystem::path& path);

}  // namespace kosearch::schema
