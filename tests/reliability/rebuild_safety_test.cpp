// Rebuilds, compaction and failed runs with the real kosearch binary: a kill before, at or after
// an index switch, inside a huge article or during compaction leaves the old index or the new
// one and a re-run converges; unreadable inputs are skipped and reported; a full disk leaves the
// old index whole.

#include <doctest/doctest.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "crash_corpus.hpp"
#include "process_util.hpp"
#include "test_util.hpp"

using kosearch::test::Child;
using kosearch::test::exit_code;
using kosearch::test::read_file;
using kosearch::test::run_to_end;
using kosearch::test::TempDir;
using kosearch::test::write_file;

namespace fs = std::filesystem;

using kosearch::test::crash::bm25_only;
using kosearch::test::crash::check_same_index;
using kosearch::test::crash::check_same_ranking;
using kosearch::test::crash::index_args;
using kosearch::test::crash::make_corpus;
using kosearch::test::crash::record;

namespace {

// Runs the CLI with `env` (NAME=VALUE...) added to its environment; returns the exit code
// (-9: killed by SIGKILL, as a KOSEARCH_TEST_CRASH point does).
int run_with_env(const std::vector<std::pair<std::string, std::string>>& env,
                 const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
  for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
  const int rc = run_to_end(KOSEARCH_CLI, args, out, err);
  for (const auto& [k, v] : env) ::unsetenv(k.c_str());
  return rc;
}

// A record of one article long enough for hundreds of passages.
std::string huge_record(const std::string& id, std::size_t sentences) {
  std::string text;
  for (std::size_t i = 0; i < sentences; ++i) {
    text += "메타가 스케일AI 지분 " + std::to_string(i) + "주를 사들였다고 데이터 시장이 밝혔다. ";
  }
  return "{\"_id\": \"" + id + "\", \"title\": \"아주 긴 기사\", \"text\": \"" + text + "\"}\n";
}

std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find(".next") != std::string::npos || name.find(".build") != std::string::npos ||
        name.find(".old") != std::string::npos || name.find(".compacting") != std::string::npos) {
      out.push_back(name);
    }
  }
  return out;
}

}  // namespace

// Xapian commits by itself after XAPIAN_FLUSH_THRESHOLD changes (10,000 by default), which could
// fall inside one long article; each article is one transaction, so it cannot.
TEST_CASE("a kill inside a huge article (past Xapian's own flush threshold) leaves it absent, the re-run whole") {
  TempDir tmp;
  write_file(tmp / "seed.jsonl", make_corpus(3, 99, 900000));
  write_file(tmp / "big.jsonl", huge_record("huge", 4000));
  const fs::path idx = tmp / "idx";
  REQUIRE(run_to_end(KOSEARCH_CLI, index_args(idx, (tmp / "seed.jsonl").string()), tmp / "o", tmp / "e") == 0);
  // Xapian would commit after every 50 documents; the indexer dies at the 250th passage.
  const int rc = run_with_env({{"XAPIAN_FLUSH_THRESHOLD", "50"}, {"KOSEARCH_TEST_CRASH", "passage:250"}},
                              index_args(idx, (tmp / "big.jsonl").string()), tmp / "k.out", tmp / "k.err");
  REQUIRE_MESSAGE(rc == -SIGKILL, read_file(tmp / "k.err"));
  CHECK(kosearch::Searcher(idx).stats().passages == 3);  // the seed; nothing of "huge"
  REQUIRE(run_to_end(KOSEARCH_CLI, index_args(idx, (tmp / "big.jsonl").string()), tmp / "o", tmp / "e") == 0);
  const auto whole = kosearch::Searcher(idx).stats().passages;
  CHECK(whole > 250);
  auto loud = index_args(idx, (tmp / "big.jsonl").string());
  loud.erase(loud.begin() + 1);  // without -q: the summary says what the run did
  REQUIRE(run_to_end(KOSEARCH_CLI, loud, tmp / "o", tmp / "e") == 0);
  CHECK_MESSAGE(read_file(tmp / "o").find("1 unchanged") != std::string::npos, read_file(tmp / "o"));
  CHECK(kosearch::Searcher(idx).stats().passages == whole);
}

TEST_CASE("--rebuild killed before, at or after the switch: the old index or the new one, a re-run converges") {
  TempDir tmp;
  write_file(tmp / "old.jsonl", make_corpus(300, 11));
  write_file(tmp / "new.jsonl", make_corpus(500, 12, 5000));
  const std::string old_input = (tmp / "old.jsonl").string(), new_input = (tmp / "new.jsonl").string();
  const fs::path ref = tmp / "ref";
  REQUIRE(run_to_end(KOSEARCH_CLI, index_args(ref, new_input), tmp / "o", tmp / "e") == 0);
  for (const std::string point : {"passage:200", "before-switch", "after-switch"}) {
    CAPTURE(point);
    const fs::path idx = tmp / ("idx-" + point.substr(0, point.find(':')));
    REQUIRE(run_to_end(KOSEARCH_CLI, index_args(idx, old_input), tmp / "o", tmp / "e") == 0);
    kosearch::Searcher reader(idx);  // open across the rebuild
    auto rebuild = index_args(idx, new_input);
    rebuild.insert(rebuild.begin() + 1, "--rebuild");
    REQUIRE(run_with_env({{"KOSEARCH_TEST_CRASH", point}}, rebuild, tmp / "k.out", tmp / "k.err") == -SIGKILL);
    {
      const auto n = kosearch::Searcher(idx).stats().passages;
      CHECK(n == (point == "after-switch" ? 500u : 300u));
      CHECK(!kosearch::Searcher(idx).search("메타 지분").hits.empty());
      CHECK(reader.stats().passages == 300);  // still the old one until it reopens
      CHECK(!reader.search("메타 지분").hits.empty());
      reader.reopen();
      CHECK(reader.stats().passages == n);
      CHECK(!reader.search("메타 지분").hits.empty());
    }
    REQUIRE(run_to_end(KOSEARCH_CLI, rebuild, tmp / "o", tmp / "e") == 0);
    check_same_index(ref, idx, bm25_only());
    reader.reopen();
    CHECK(reader.stats().passages == 500);
    CHECK(leftovers(tmp.path()).empty());
  }
}

TEST_CASE("a fresh build killed anywhere leaves no index that answers; a failed first run leaves none") {
  TempDir tmp;
  write_file(tmp / "c.jsonl", make_corpus(500, 13));
  const std::string input = (tmp / "c.jsonl").string();
  const fs::path ref = tmp / "ref";
  REQUIRE(run_to_end(KOSEARCH_CLI, index_args(ref, input), tmp / "o", tmp / "e") == 0);
  for (const std::string point : {"passage:100", "before-switch"}) {
    CAPTURE(point);
    const fs::path idx = tmp / "idx";
    fs::remove_all(idx);
    REQUIRE(run_with_env({{"KOSEARCH_TEST_CRASH", point}}, index_args(idx, input), tmp / "k.out", tmp / "k.err") == -SIGKILL);
    // Searching it says there is no index (yet), exit 1; never "0 passages match".
    CHECK(run_to_end(KOSEARCH_CLI, {"search", "--index", idx.string(), "메타 지분"}, tmp / "s.out", tmp / "s.err") == 1);
    CHECK_MESSAGE(read_file(tmp / "s.err").find("not a kosearch index (yet)") != std::string::npos, read_file(tmp / "s.err"));
    REQUIRE(run_to_end(KOSEARCH_CLI, index_args(idx, input), tmp / "o", tmp / "e") == 0);
    check_same_index(ref, idx, bm25_only());
    CHECK(leftovers(tmp.path()).empty());
  }
  // A first run that fails (no such input) leaves nothing at --index.
  const fs::path none = tmp / "none";
  CHECK(run_to_end(KOSEARCH_CLI, index_args(none, (tmp / "nonexistent").string()), tmp / "o", tmp / "e") == 1);
  CHECK_FALSE(fs::exists(none));
  CHECK(run_to_end(KOSEARCH_CLI, {"search", "--index", none.string(), "메타"}, tmp / "s.out", tmp / "s.err") == 1);
  CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("--rebuild --shards N while another process writes the index is refused before anything is deleted") {
  ::signal(SIGPIPE, SIG_IGN);
  TempDir tmp;
  const fs::path idx = tmp / "idx";
  const fs::path fifo = tmp / "feed.jsonl";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  write_file(tmp / "other.jsonl", make_corpus(3, 99));
  const std::string other = (tmp / "other.jsonl").string();
  REQUIRE(run_to_end(KOSEARCH_CLI, {"index", "-q", "--index", idx.string(), other}, tmp / "o", tmp / "e") == 0);
  Child writer(KOSEARCH_CLI, {"index", "-q", "--commit-every", "500", "--index", idx.string(), fifo.string()},
               tmp / "w.out", tmp / "w.err");
  int fd = -1;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while ((fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK)) < 0) {
    REQUIRE(errno == ENXIO);
    REQUIRE_MESSAGE(!writer.poll(), read_file(tmp / "w.err"));
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  REQUIRE(::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0);
  std::mt19937 rng(4);
  std::string feed;
  std::size_t records = 0;
  while (records < 200) feed += record(rng, 200000 + records++);
  REQUIRE(::write(fd, feed.data(), feed.size()) == static_cast<ssize_t>(feed.size()));

  for (const std::vector<std::string>& second :
       {std::vector<std::string>{"--rebuild", "--shards", "2"}, {"--rebuild"}, {"--shards", "2"}}) {
    std::vector<std::string> args{"index", "-q", "--index", idx.string()};
    args.insert(args.end(), second.begin(), second.end());
    args.push_back(other);
    CHECK(run_to_end(KOSEARCH_CLI, args, tmp / "2.out", tmp / "2.err") == 1);
    CHECK_MESSAGE(read_file(tmp / "2.err").find("being written by another process") != std::string::npos,
                  read_file(tmp / "2.err"));
    CHECK(fs::exists(idx / "iamglass"));
    CHECK_FALSE(fs::exists(idx / "XAPIANDB"));
  }
  ::close(fd);
  CHECK(exit_code(writer.wait()) == 0);
  CHECK(kosearch::Searcher(idx).stats().passages == records + 3);
  CHECK(leftovers(tmp.path()).empty());
}

TEST_CASE("kosearch compact killed before it is done leaves no partial --out") {
  TempDir tmp;
  write_file(tmp / "c.jsonl", make_corpus(300, 14));
  const fs::path idx = tmp / "idx", out = tmp / "one";
  REQUIRE(run_to_end(KOSEARCH_CLI, {"index", "-q", "--shards", "2", "--index", idx.string(), (tmp / "c.jsonl").string()},
                     tmp / "o", tmp / "e") == 0);
  const std::vector<std::string> compact{"compact", "--index", idx.string(), "--out", out.string()};
  REQUIRE(run_with_env({{"KOSEARCH_TEST_CRASH", "compact"}}, compact, tmp / "k.out", tmp / "k.err") == -SIGKILL);
  CHECK_FALSE(fs::exists(out));
  REQUIRE_MESSAGE(run_to_end(KOSEARCH_CLI, compact, tmp / "o", tmp / "e") == 0, read_file(tmp / "e"));
  CHECK(kosearch::Searcher(out).stats().passages == 300);
  CHECK(leftovers(tmp.path()).empty());
}

namespace {

// Runs the CLI as user nobody when the test runs as root (root reads any file), else as is.
int run_unprivileged(const std::vector<std::string>& args, const fs::path& out, const fs::path& err) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(97);
    if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      ::_exit(97);
    }
    std::vector<std::string> all{KOSEARCH_CLI};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : all) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(KOSEARCH_CLI, argv.data());
    ::_exit(98);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return exit_code(status);
}

}  // namespace

TEST_CASE("an unreadable .jsonl file or subfolder in a folder is skipped and reported (exit 3), the rest indexed") {
  TempDir tmp;
  const fs::path in = tmp / "in";
  write_file(in / "a.jsonl", make_corpus(5, 21));
  write_file(in / "b.jsonl", make_corpus(5, 22, 100));
  write_file(in / "c" / "x.txt", "과수원 소식 사과 농장 이야기\n\n사과가 붉게 익었다.\n");
  write_file(in / "d.txt", "과수원 소식 포도 농장 이야기\n\n포도가 알알이 여물었다.\n");
  fs::permissions(in / "b.jsonl", fs::perms::none);
  fs::permissions(in / "c", fs::perms::none);
  if (::geteuid() == 0) REQUIRE(::chown(tmp.path().c_str(), 65534, 65534) == 0);
  const fs::path idx = tmp / "idx";
  const int rc = run_unprivileged({"index", "-q", "--index", idx.string(), in.string()}, tmp / "o", tmp / "e");
  REQUIRE_MESSAGE(rc != 97, "cannot drop privileges to run as nobody");
  const std::string err = read_file(tmp / "e");
  CHECK_MESSAGE(rc == 3, err);
  CHECK_MESSAGE(err.find((in / "b.jsonl").string()) != std::string::npos, err);
  CHECK_MESSAGE(err.find((in / "c").string() + ": cannot list") != std::string::npos, err);
  fs::permissions(in / "b.jsonl", fs::perms::owner_all);
  fs::permissions(in / "c", fs::perms::owner_all);
  kosearch::Searcher s(idx);
  CHECK(s.stats().articles == 6);  // a.jsonl and d.txt
}

TEST_CASE("--rebuild on a full disk fails and leaves the old index whole, nothing beside it") {
  TempDir tmp;
  const fs::path disk = tmp / "disk";
  fs::create_directories(disk);
  if (::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=4m") != 0) {
    MESSAGE("cannot mount a 4 MB tmpfs (needs root): the full-disk case did not run");
    return;
  }
  struct Unmount {
    fs::path dir;
    ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
  } unmount{disk};
  write_file(tmp / "small.jsonl", make_corpus(300, 15));
  write_file(tmp / "big.jsonl", make_corpus(30000, 16, 100000));
  const fs::path idx = disk / "idx";
  REQUIRE(run_to_end(KOSEARCH_CLI, index_args(idx, (tmp / "small.jsonl").string()), tmp / "o", tmp / "e") == 0);
  auto rebuild = index_args(idx, (tmp / "big.jsonl").string());
  rebuild.insert(rebuild.begin() + 1, "--rebuild");
  CHECK(run_to_end(KOSEARCH_CLI, rebuild, tmp / "o", tmp / "e") == 1);
  MESSAGE("--rebuild on a full disk: " << read_file(tmp / "e"));
  kosearch::Searcher s(idx);
  CHECK(s.stats().passages == 300);
  CHECK(!s.search("메타 지분").hits.empty());
  CHECK(leftovers(disk).empty());
}
