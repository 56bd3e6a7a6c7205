// Xapian's errors as kosearch reports them (schema::rethrow_xapian): the reason the system gave
// is kept, a lock failure that is no other writer is not called one, and a temporary build
// folder is not what the message tells the user to rebuild.

#include <doctest/doctest.h>
#include <xapian.h>

#include <cerrno>
#include <filesystem>
#include <string>

#include "kosearch/core/error.hpp"
#include "schema.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;
using namespace kosearch;

namespace {

// The message and code rethrow_xapian makes of `e` for `path`.
std::pair<std::string, ErrorCode> mapped(const Xapian::Error& e, const fs::path& path, std::string_view doing) {
  try {
    schema::rethrow_xapian(e, path, doing);
  } catch (const Error& k) {
    return {k.what(), k.code()};
  }
  return {"", ErrorCode::kOk};
}

}  // namespace

TEST_CASE("a full disk says so and names the index, not its temporary build folder") {
  const fs::path work = fs::path("/data") / ".news.build" / "shard-0";
  const auto [msg, code] = mapped(Xapian::DatabaseError("Error writing block 710", ENOSPC), work, "write to");
  INFO(msg);
  CHECK(code == ErrorCode::kIo);
  CHECK(msg.find("No space left on device") != std::string::npos);
  CHECK(msg.find("index /data/news ") != std::string::npos);
  CHECK(msg.find("--rebuild") == std::string::npos);
  CHECK(msg.find("--index /data/.news.build") == std::string::npos);
}

TEST_CASE("a lock that fails for want of permission or on a read-only filesystem is no other writer") {
  for (const int err : {EACCES, EROFS}) {
    CAPTURE(err);
    const auto [msg, code] = mapped(
        Xapian::DatabaseLockError("Unable to get write lock on /ro/idx: Couldn't open lock file", err), "/ro/idx",
        "open for writing");
    INFO(msg);
    CHECK(code == ErrorCode::kIo);
    CHECK(msg.find("another process") == std::string::npos);
    CHECK(msg.find("do not delete its lock") == std::string::npos);
    CHECK(msg.find("not writable") != std::string::npos);
  }
  // Opening for writing in a folder that cannot be written.
  const auto [denied, code] = mapped(
      Xapian::DatabaseCreateError("Cannot create directory /ro/idx", EACCES), "/ro/idx", "open for writing");
  CHECK(code == ErrorCode::kIo);
  CHECK(denied.find("Permission denied") != std::string::npos);
  CHECK(denied.find("damaged") == std::string::npos);
  // Another writer: the lock message as before.
  const auto [locked, lcode] =
      mapped(Xapian::DatabaseLockError("Unable to get write lock on /idx: already locked"), "/idx", "open for writing");
  CHECK(lcode == ErrorCode::kIndexLocked);
  CHECK(locked.find("another process") != std::string::npos);
}

TEST_CASE("a folder that holds no index: the advice is a new folder, which kosearch index accepts") {
  kosearch::test::TempDir tmp;
  kosearch::test::write_file(tmp / "notes/a.md", "메모");
  const auto [msg, code] = mapped(Xapian::DatabaseNotFoundError("Couldn't detect type of database"), tmp / "notes", "open");
  CHECK(code == ErrorCode::kIndexNotFound);
  CHECK(msg.find("holds no kosearch index") != std::string::npos);
  CHECK(msg.find("NEW_FOLDER") != std::string::npos);
}
