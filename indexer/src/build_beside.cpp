#include "build_beside.hpp"

#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc 2.28+)
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <system_error>

#include "shards.hpp"
#include "kosearch/core/error.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

namespace {

fs::path sibling(const fs::path& index, const std::string& prefix, const std::string& suffix) {
  fs::path p = index;
  if (!p.has_filename()) p = p.parent_path();  // "idx/"
  return p.parent_path() / (prefix + p.filename().string() + suffix);
}

void sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

fs::path beside_path(const fs::path& index) { return sibling(index, ".", ".next"); }

void remove_leftovers(const fs::path& index) {
  for (const fs::path& p : {beside_path(index), sibling(index, ".", ".build"), sibling(index, ".", ".old"),
                            sibling(index, "..", ".next.build")}) {
    std::error_code ec;
    fs::remove_all(p, ec);
    if (ec) throw IoError("cannot delete " + p.string() + ", left by an interrupted build of index " +
                          index.string() + ": " + ec.message() + ". Delete it by hand.");
  }
}

namespace {

// What a run of an older kosearch killed while moving a merged build into place left: only
// Xapian's lock file. Nothing of an index to keep.
bool only_lock_left(const fs::path& dir) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().filename() != "flintlock") return false;
  }
  return !ec;
}

}  // namespace

BuildPlan prepare_build(const fs::path& index, std::uint32_t shards, bool rebuild) {
  std::error_code ec;
  if (fs::exists(index, ec) && !fs::is_directory(index, ec)) {
    throw IndexCorrupt(index.string() + " is a file, not an index directory. Choose a directory "
                       "for --index.");
  }
  const bool exists = fs::is_directory(index, ec);
  if (exists && !schema::holds_index(index) && !fs::is_empty(index, ec) && !only_lock_left(index)) {
    throw IndexCorrupt(index.string() + " is a non-empty directory that is not a kosearch index; "
                       "refusing to write into it. Choose a new or empty directory for --index.");
  }
  bool created = false;
  if (!exists) {
    created = fs::create_directories(index, ec);
    if (ec) throw IoError("cannot create index directory " + index.string() + ": " + ec.message());
  }
  BuildPlan plan{WriteLock(index), std::nullopt, std::nullopt, created, shards};
  remove_leftovers(index);
  if (!rebuild && schema::holds_index(index)) return plan;  // extended in place
  if (rebuild && shards == 0) {
    // Keep the layout: as many shards as the stub lists (0: one database).
    const fs::path stub = index / schema::kStubName;
    if (fs::is_regular_file(stub, ec)) plan.shards = static_cast<std::uint32_t>(schema::read_stub(stub).size());
  }
  const fs::path next = beside_path(index);
  fs::create_directories(next, ec);
  if (ec) throw IoError("cannot create " + next.string() + " to build index " + index.string() + " in: " + ec.message());
  plan.building_lock.emplace(next);
  plan.building = next;
  return plan;
}

void switch_into_place(const fs::path& built, const fs::path& index) {
  fs::path target = index;
  if (!target.has_filename()) target = target.parent_path();
#ifdef RENAME_EXCHANGE
  if (::renameat2(AT_FDCWD, built.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
    sync_dir(target.parent_path());
    return;
  }
  if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
    throw IoError("cannot switch the index built in " + built.string() + " into " +
                  target.string() + ": " + std::strerror(errno));
  }
#endif
  const fs::path aside = sibling(index, ".", ".old");
  std::error_code ec;
  fs::remove_all(aside, ec);
  fs::rename(target, aside, ec);
  if (!ec) fs::rename(built, target, ec);
  if (!ec) fs::rename(aside, built, ec);
  if (ec) {
    throw IoError("cannot switch the index built in " + built.string() + " into " +
                  target.string() + ": " + ec.message());
  }
  sync_dir(target.parent_path());
}

}  // namespace kosearch::detail
