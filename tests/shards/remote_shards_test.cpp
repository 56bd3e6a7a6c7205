// Remote shards: shards served by xapian-tcpsrv on loopback, one kept local, rank exactly like a
// single index; a server that is down is an error naming it, or left out on request. Skipped
// (with a message) when xapian-tcpsrv is not installed.

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <thread>

#include "kosearch/core/error.hpp"
#include "process_util.hpp"
#include "shard_fixture.hpp"

namespace fs = std::filesystem;
using namespace kosearch;
using namespace kosearch::test;

namespace {

fs::path find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path candidate = fs::path(dir) / name;
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

sockaddr_in loopback(int port) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return addr;
}

// A port nobody listens on right now (the kernel's pick for port 0); it may be taken again
// before we use it, so users retry.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr = loopback(0);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool accepts(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in addr = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

// xapian-tcpsrv serving one shard on a free loopback port, in a process group of its own so that
// stop() also ends the children it forks per connection (a shard server that really goes down,
// open connections included). Killed and reaped on destruction.
class ShardServer {
 public:
  // On `port`, or on a free port when 0 (a restarted server takes its old port: the stub names it).
  ShardServer(const fs::path& exe, const fs::path& shard, const fs::path& logs, int port = 0) {
    ChildOptions options;
    options.own_process_group = true;
    options.stderr_to_stdout = true;
    for (int attempt = 0; attempt < 20; ++attempt) {
      port_ = port != 0 ? port : free_port();
      const fs::path log = logs / ("tcpsrv-" + std::to_string(port_) + ".log");
      server_ = std::make_unique<Child>(
          exe.string(),
          std::vector<std::string>{"--interface", "127.0.0.1", "--port", std::to_string(port_),
                                   shard.string()},
          log, log, options);
      // Ready when it accepts a connection; gone when the port was taken (retry another).
      for (int wait = 0; wait < 1000; ++wait) {
        if (server_->poll()) break;
        if (accepts(port_)) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      stop();
      // A fixed port may still be held by the connections of the server that went down.
      if (port != 0) std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    FAIL("xapian-tcpsrv did not start on any of 20 tries; see " << logs);
  }

  int port() const { return port_; }
  void stop() { server_.reset(); }

 private:
  int port_ = 0;
  std::unique_ptr<Child> server_;
};

}  // namespace

TEST_CASE("remote shards on loopback rank like one index, and a down one is named") {
  const fs::path tcpsrv = find_on_path("xapian-tcpsrv");
  if (tcpsrv.empty()) {
    MESSAGE("skipped: xapian-tcpsrv is not on PATH (install xapian-tools: scripts/install-deps.sh)");
    return;
  }
  TempDir tmp;
  write_file(tmp / "corpus.jsonl", korean_jsonl(400, 11));
  build_index(tmp / "single", tmp / "corpus.jsonl", 0);
  build_index(tmp / "sharded", tmp / "corpus.jsonl", 3);

  ShardServer second(tcpsrv, tmp / "sharded" / "shard-1", tmp.path());
  ShardServer third(tcpsrv, tmp / "sharded" / "shard-2", tmp.path());
  // Both remote line forms: kosearch's `remote tcp HOST PORT` and Xapian's `remote HOST:PORT`.
  write_file(tmp / "cluster.stub", "auto sharded/shard-0\nremote tcp 127.0.0.1 " +
                                       std::to_string(second.port()) + "\nremote 127.0.0.1:" +
                                       std::to_string(third.port()) + "\n");
  {
    Searcher single(tmp / "single");
    Searcher cluster(tmp / "cluster.stub");
    CHECK(cluster.stats().shards == 3);
    CHECK(cluster.stats().passages == single.stats().passages);
    CHECK(cluster.warnings().empty());
    check_same_rankings(single, cluster);
  }

  // A shard server that goes down under an open searcher: an error naming the index, or with
  // allow_missing_shards the searcher reopens the shards that are still up and answers.
  SearcherOptions allow;
  allow.allow_missing_shards = true;
  Searcher open_before(tmp / "cluster.stub");
  Searcher tolerant_before(tmp / "cluster.stub", allow);
  CHECK(!open_before.search("서울 경제").hits.empty());
  CHECK(!tolerant_before.search("서울 경제").hits.empty());
  third.stop();
  CHECK_THROWS_AS(open_before.search("반도체 수출"), IoError);
  CHECK(!tolerant_before.search("반도체 수출").hits.empty());
  REQUIRE(tolerant_before.warnings().size() == 1);
  CHECK(tolerant_before.stats().shards_missing == 1);

  try {
    Searcher s(tmp / "cluster.stub");
    FAIL("expected IoError for the stopped shard server");
  } catch (const IoError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("shard 2 (remote tcp 127.0.0.1 " + std::to_string(third.port()) + ")") !=
          std::string::npos);
    CHECK(msg.find("--allow-missing-shards") != std::string::npos);
  }
  Searcher partial(tmp / "cluster.stub", allow);
  REQUIRE(partial.warnings().size() == 1);
  CHECK(partial.warnings()[0].find("shard 2 (remote tcp") != std::string::npos);
  CHECK(partial.stats().shards_missing == 1);
  // What is left ranks like the two shards that are up.
  write_file(tmp / "two.stub", "auto sharded/shard-0\nauto sharded/shard-1\n");
  Searcher two(tmp / "two.stub");
  CHECK(two.warnings().size() == 2);  // each lists itself as one of 3 shards, the stub has 2
  check_same_rankings(two, partial);

  // The server comes back on its port: reopen() searches it again once the retry interval has
  // passed since the searcher's last try.
  SearcherOptions retry_now = allow;
  retry_now.missing_shard_retry_seconds = 0;
  Searcher waiting(tmp / "cluster.stub", retry_now);
  CHECK(waiting.stats().shards_missing == 1);
  CHECK_FALSE(waiting.reopen());  // still down: nothing changes
  CHECK(waiting.stats().shards_missing == 1);
  const int third_port = third.port();
  ShardServer third_again(tcpsrv, tmp / "sharded" / "shard-2", tmp.path(), third_port);
  CHECK(partial.reopen() == false);  // default interval (60 s) not yet passed
  CHECK(partial.stats().shards_missing == 1);
  REQUIRE(waiting.reopen());
  CHECK(waiting.stats().shards_missing == 0);
  CHECK(waiting.warnings().empty());
  Searcher single(tmp / "single");
  check_same_rankings(single, waiting);
}

TEST_CASE("facets on a remote shard are a clear error naming 'facets'; the search itself works") {
  const fs::path tcpsrv = find_on_path("xapian-tcpsrv");
  if (tcpsrv.empty()) {
    MESSAGE("skipped: xapian-tcpsrv is not on PATH (install xapian-tools: scripts/install-deps.sh)");
    return;
  }
  TempDir tmp;
  write_file(tmp / "news.jsonl",
             R"({"_id": "n1", "title": "반도체 수출", "text": "반도체 수출이 늘었다. 메모리 주문이 몰렸다.", )"
             R"("published": "2025-08-14T10:41:00+09:00", "publisher": "가상통신"})"
             "\n"
             R"({"_id": "n2", "title": "반도체 장비", "text": "반도체 장비 업체의 주문이 밀렸다.", )"
             R"("published": "2025-08-20T09:10:00+09:00", "publisher": "미래산업신문"})"
             "\n");
  build_index(tmp / "news", tmp / "news.jsonl", 0);
  {
    Searcher local(tmp / "news");
    SearchOptions o;
    o.facets = {"publisher"};
    REQUIRE(local.search("반도체", o).facets.size() == 1);  // the index has something to count
  }
  ShardServer shard(tcpsrv, tmp / "news", tmp.path());
  write_file(tmp / "remote.stub", "remote tcp 127.0.0.1 " + std::to_string(shard.port()) + "\n");
  Searcher remote(tmp / "remote.stub");
  CHECK(remote.search("반도체").hits.size() == 2);
  SearchOptions o;
  o.facets = {"publisher"};
  try {
    remote.search("반도체", o);
    FAIL("expected InvalidArgument for facets over a remote shard");
  } catch (const InvalidArgument& e) {
    const std::string msg = e.what();
    CHECK(msg.find("'facets'") != std::string::npos);
    CHECK(msg.find("remote shards") != std::string::npos);
  }
}
