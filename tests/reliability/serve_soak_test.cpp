// Soak: `kosearch serve` answers every request while the index it serves is rebuilt (built
// beside, switched in) and extended in a loop, with concurrent clients on loopback: no answer
// other than 200, and none without hits (every query matches both corpora). Bounded: 3 rounds.

#include <doctest/doctest.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <chrono>
#include <random>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "process_util.hpp"
#include "test_util.hpp"

using kosearch::test::Child;
using kosearch::test::ChildOptions;
using kosearch::test::read_file;
using kosearch::test::run_to_end;
using kosearch::test::TempDir;
using kosearch::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string corpus(std::size_t n, std::uint32_t seed, std::size_t first_id) {
  const std::vector<std::string> words = {"메타", "스케일AI", "지분", "인공지능", "반도체", "투자", "시장", "데이터"};
  std::mt19937 rng(seed);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    std::string text = "메타가 스케일AI 지분을 샀다. ";
    for (int w = 0; w < 12; ++w) text += words[rng() % words.size()] + " ";
    out += "{\"_id\": \"s" + std::to_string(first_id + i) + "\", \"title\": \"기사 " +
           std::to_string(i) + "\", \"text\": \"" + text + "\"}\n";
  }
  return out;
}

}  // namespace

TEST_CASE("soak: kosearch serve under --rebuild and extension, concurrent clients: every answer 200 with hits") {
  TempDir tmp;
  write_file(tmp / "a.jsonl", corpus(3000, 1, 0));
  write_file(tmp / "b.jsonl", corpus(4000, 2, 100000));
  const fs::path idx = tmp / "idx";
  REQUIRE(run_to_end(KOSEARCH_CLI, {"index", "-q", "--index", idx.string(), (tmp / "a.jsonl").string()},
                     tmp / "o", tmp / "e") == 0);

  ChildOptions co;
  co.own_process_group = true;
  Child server(KOSEARCH_CLI, {"serve", "--index", idx.string(), "--listen", "127.0.0.1:0", "--reopen-ms", "20"},
               tmp / "s.out", tmp / "s.err", co);
  int port = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (port == 0) {
    REQUIRE_MESSAGE(!server.poll(), read_file(tmp / "s.err"));
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::smatch m;
    const std::string err = read_file(tmp / "s.err");
    if (std::regex_search(err, m, std::regex("http://127\\.0\\.0\\.1:([0-9]+)/"))) port = std::stoi(m[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, bad{0}, empty{0};
  std::vector<std::string> failures;
  std::mutex failures_mu;
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&] {
      httplib::Client client("127.0.0.1", port);
      client.set_read_timeout(10, 0);
      while (!stop) {
        const auto res = client.Get("/search?q=%EB%A9%94%ED%83%80%20%EC%A7%80%EB%B6%84&k=5");  // 메타 지분
        if (!res || res->status != 200) {
          ++bad;
          std::lock_guard lock(failures_mu);
          if (failures.size() < 5) failures.push_back(res ? std::to_string(res->status) + " " + res->body : "no answer");
        } else if (res->body.find("\"hits\":[]") != std::string::npos || res->body.find("\"total\":0,") != std::string::npos) {
          ++empty;
        } else {
          ++ok;
        }
      }
    });
  }
  for (int round = 0; round < 3; ++round) {
    const std::string input = (tmp / (round % 2 == 0 ? "b.jsonl" : "a.jsonl")).string();
    CHECK(run_to_end(KOSEARCH_CLI, {"index", "-q", "--rebuild", "--index", idx.string(), input}, tmp / "o", tmp / "e") == 0);
    const fs::path extra = tmp / ("extra" + std::to_string(round) + ".jsonl");
    write_file(extra, corpus(200, 10 + round, 500000 + 1000 * round));
    CHECK(run_to_end(KOSEARCH_CLI, {"index", "-q", "--index", idx.string(), extra.string()}, tmp / "o", tmp / "e") == 0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  for (auto& t : clients) t.join();
  ::kill(server.pid(), SIGTERM);
  server.wait(30);
  MESSAGE("answers: " << ok.load() << " with hits, " << empty.load() << " empty, " << bad.load() << " not 200");
  CHECK(ok > 100);
  CHECK_MESSAGE(bad == 0, (failures.empty() ? std::string() : failures.front()));
  CHECK(empty == 0);
}
