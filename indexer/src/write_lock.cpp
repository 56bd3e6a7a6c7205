#include "write_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "kosearch/core/error.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

WriteLock::WriteLock(const fs::path& dir) {
  // The directory may be switched (renamed over) between open and flock: then the lock is on the
  // old one and the path names another; look again.
  for (int attempt = 0; attempt < 20; ++attempt) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      throw IoError("cannot open index directory " + dir.string() + " to lock it: " +
                    std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      const int err = errno;
      ::close(fd);
      if (err == EWOULDBLOCK) {
        throw IndexLocked("index " + dir.string() + " is being written by another process (its "
                          "write lock is held). Wait for that indexer to finish, then retry; the "
                          "lock is released when the process exits.");
      }
      throw IoError("cannot lock index directory " + dir.string() + ": " + std::strerror(err));
    }
    struct stat held {}, named {};
    if (::fstat(fd, &held) == 0 && ::stat(dir.c_str(), &named) == 0 && held.st_dev == named.st_dev &&
        held.st_ino == named.st_ino) {
      fd_ = fd;
      return;
    }
    ::close(fd);
  }
  throw IndexLocked("index " + dir.string() + " keeps being replaced by another process; wait for "
                    "that indexer to finish, then retry.");
}

WriteLock::~WriteLock() {
  if (fd_ >= 0) ::close(fd_);
}

WriteLock::WriteLock(WriteLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

WriteLock& WriteLock::operator=(WriteLock&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

}  // namespace kosearch::detail
