#pragma once
// Internal: the write lock of an index, taken before anything in it or beside it is created,
// changed or deleted. An flock(2) on the index directory itself, so it needs no file of its own
// and follows the directory when a build beside it is switched in (see build_beside.hpp).

#include <filesystem>

namespace kosearch::detail {

class WriteLock {
 public:
  // Locks directory `dir` (which must exist). Throws IndexLocked when another process (or
  // another Indexer) holds it, IoError when it cannot be opened.
  explicit WriteLock(const std::filesystem::path& dir);
  ~WriteLock();
  WriteLock(WriteLock&& other) noexcept;
  WriteLock& operator=(WriteLock&& other) noexcept;
  WriteLock(const WriteLock&) = delete;
  WriteLock& operator=(const WriteLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace kosearch::detail
