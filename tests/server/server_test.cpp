// kosearch_server over real HTTP: a server on a free loopback port, queried with httplib::Client.

#include "kosearch/server/server.hpp"

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "json_output.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;

namespace {

using namespace std::chrono_literals;

kosearch::Document doc(std::string id, std::string title, std::string text) {
  kosearch::Document d;
  d.id = std::move(id);
  d.title = std::move(title);
  d.text = std::move(text);
  return d;
}

void build_index(const std::filesystem::path& dir) {
  kosearch::Indexer w(dir);
  w.add(doc("meta", "메타 초지능 연구소",
            "메타가 스케일AI 지분 49%를 143억 달러에 인수했다. 알렉산더 왕이 합류한다."));
  w.add(doc("samsung", "삼성 HBM",
            "삼성전자가 엔비디아에 HBM 공급을 늘렸다. 스케일AI와는 관계가 없다."));
  w.add(doc("naver", "네이버", "네이버가 하이퍼클로바X 씽크를 공개했다."));
  w.commit();
}

// Runs a Server on a free loopback port for the duration of a test.
class RunningServer {
 public:
  explicit RunningServer(kosearch::ServerOptions o) : server_((o.port = 0, o)) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~RunningServer() {
    server_.stop();
    thread_.join();
  }
  RunningServer(const RunningServer&) = delete;
  RunningServer& operator=(const RunningServer&) = delete;
  int port() const { return port_; }
  httplib::Client client() const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5s);
    c.set_read_timeout(10s);
    return c;
  }

 private:
  kosearch::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::string expected_search(const std::filesystem::path& idx, const std::string& q, std::uint32_t k,
                            bool one_per_article = false, bool explain = false) {
  kosearch::Searcher s(idx);
  kosearch::SearchOptions so;
  so.k = k;
  so.one_per_article = one_per_article;
  return kosearch::cli::dump_json(kosearch::cli::to_json(s.search(q, so), explain));
}

std::string search_path(const std::string& q, const std::string& rest = "") {
  return "/search?q=" + httplib::detail::encode_query_param(q) + rest;
}

}  // namespace

TEST_CASE("serve: /health, /search, /stats and error statuses over HTTP") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  build_index(idx);
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 2;
  RunningServer server(o);
  auto cli = server.client();

  SUBCASE("/health") {
    auto r = cli.Get("/health");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(nlohmann::json::parse(r->body) == nlohmann::json{{"status", "ok"}});
    CHECK(r->get_header_value("Content-Type").find("application/json") == 0);
  }

  SUBCASE("/search answers exactly what `kosearch search --json` prints") {
    auto r = cli.Get(search_path("스케일AI 지분", "&k=5"));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == expected_search(idx, "스케일AI 지분", 5));
    const auto j = nlohmann::json::parse(r->body);
    CHECK(j["query"] == "스케일AI 지분");
    REQUIRE(j["hits"].size() == 2);
    CHECK(j["hits"][0]["doc_id"] == "meta");
    CHECK(j["hits"][0]["rank"] == 1);
    CHECK(j["hits"][0]["snippet"].get<std::string>().find("<b>") != std::string::npos);

    r = cli.Get(search_path("스케일AI", "&k=1"));
    REQUIRE(r);
    CHECK(nlohmann::json::parse(r->body)["hits"].size() == 1);

    r = cli.Get(search_path("스케일AI", "&one_per_article=1"));
    REQUIRE(r);
    CHECK(r->body == expected_search(idx, "스케일AI", 10, true));

    r = cli.Get(search_path("스케일AI 지분", "&k=5&explain=1"));  // with each hit's score parts
    REQUIRE(r);
    CHECK(r->body == expected_search(idx, "스케일AI 지분", 5, false, true));
    CHECK(nlohmann::json::parse(r->body)["hits"][0].contains("score_parts"));

    // Query operators arrive URL-encoded and act as in `kosearch search`.
    for (const char* q : {"스케일AI -메타", "\"스케일AI 지분\"", "지분 -\"스케일AI 지분\""}) {
      CAPTURE(q);
      r = cli.Get(search_path(q));
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == expected_search(idx, q, 10));
    }
    r = cli.Get(search_path("스케일AI -메타"));
    REQUIRE(r);
    const auto left = nlohmann::json::parse(r->body)["hits"];
    REQUIRE(left.size() == 1);
    CHECK(left[0]["doc_id"] == "samsung");

    r = cli.Get(search_path("없는단어조합"));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(nlohmann::json::parse(r->body)["hits"].empty());
  }

  SUBCASE("/stats") {
    auto r = cli.Get("/stats");
    REQUIRE(r);
    CHECK(r->status == 200);
    const auto j = nlohmann::json::parse(r->body);
    const auto s = kosearch::Searcher(idx).stats();
    CHECK(j["passages"] == s.passages);
    CHECK(j["articles"] == 3);
    CHECK(j["bytes_on_disk"].get<std::uint64_t>() > 0);
    CHECK(j["analyzer"] == s.analyzer);
    CHECK(j["passage_settings"] == s.passage_settings);
  }

  SUBCASE("errors are JSON with the right status") {
    const auto status_of = [&](const std::string& path) {
      auto r = cli.Get(path);
      REQUIRE(r);
      const auto j = nlohmann::json::parse(r->body);
      CHECK(j["status"] == r->status);
      CHECK(!j["error"].get<std::string>().empty());
      return r->status;
    };
    CHECK(status_of("/search") == 400);
    CHECK(status_of("/search?k=3") == 400);
    CHECK(status_of(search_path("a", "&k=1001")) == 400);
    CHECK(status_of(search_path("a", "&k=-1")) == 400);
    CHECK(status_of(search_path("a", "&k=ten")) == 400);
    CHECK(status_of(search_path("a", "&one_per_article=maybe")) == 400);
    CHECK(status_of(search_path("a", "&explain=maybe")) == 400);
    CHECK(status_of(search_path("a", "&frobnicate=1")) == 400);
    CHECK(status_of("/nope") == 404);
    CHECK(status_of(search_path(std::string(5000, 'a'))) == 414);    // over max_query_bytes
    CHECK(status_of("/search?q=" + std::string(9000, 'a')) == 414);  // over the request line limit
    auto r = cli.Post("/search", std::string(20000, 'x'), "text/plain");
    REQUIRE(r);
    CHECK(r->status == 413);
    CHECK(nlohmann::json::parse(r->body)["status"] == 413);
  }

  SUBCASE("concurrent clients all get complete answers") {
    const std::string expected = expected_search(idx, "스케일AI", 10);
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
      clients.emplace_back([&] {
        auto c = server.client();
        for (int i = 0; i < 25; ++i) {
          auto r = c.Get(search_path("스케일AI"));
          if (r && r->status == 200 && r->body == expected) ++ok;
        }
      });
    }
    for (auto& t : clients) t.join();
    CHECK(ok == 100);
  }
}

TEST_CASE("serve: new commits become visible without a restart") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  build_index(idx);
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 2;
  o.reopen_interval = 200ms;
  RunningServer server(o);
  auto cli = server.client();

  auto r = cli.Get(search_path("카카오 카나나"));
  REQUIRE(r);
  CHECK(nlohmann::json::parse(r->body)["hits"].empty());

  {
    kosearch::Indexer w(idx);
    w.add(doc("kakao", "카카오", "카카오가 카나나 모델을 공개했다."));
    w.commit();
  }
  bool seen = false;
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (!seen && std::chrono::steady_clock::now() < deadline) {
    r = cli.Get(search_path("카카오 카나나"));
    REQUIRE(r);
    const auto j = nlohmann::json::parse(r->body);
    seen = !j["hits"].empty() && j["hits"][0]["doc_id"] == "kakao";
    if (!seen) std::this_thread::sleep_for(50ms);
  }
  CHECK(seen);
  r = cli.Get("/stats");
  REQUIRE(r);
  CHECK(nlohmann::json::parse(r->body)["articles"] == 4);
}

TEST_CASE("serve: startup errors and stop") {
  TempDir tmp;
  kosearch::ServerOptions o;
  o.index_dir = tmp / "missing";
  CHECK_THROWS_AS(kosearch::Server{o}, kosearch::IndexNotFound);

  build_index(tmp / "idx");
  o.index_dir = tmp / "idx";
  o.port = 0;
  kosearch::Server a(o);
  const int port = a.bind();
  CHECK(port > 0);
  CHECK(a.port() == port);
  o.port = port;  // already taken by `a`
  kosearch::Server b(o);
  CHECK_THROWS_AS(b.bind(), kosearch::IoError);

  // stop() before run(): run() returns at once.
  a.stop();
  a.run();
  CHECK(true);
}

TEST_CASE("serve: news fields of a Document (Indexer::add) in /search hits and /stats counts") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  {
    kosearch::Indexer w(idx);
    kosearch::Document d = doc("wire", "반도체 수출 석 달 연속 늘어", "반도체 수출이 석 달 연속 증가세를 이어갔다.");
    d.fields.published = 1732147320;  // 2024-11-21T09:02:00+09:00
    d.fields.publisher = "연합뉴스";
    d.fields.reporters = {"홍길동"};
    d.fields.section = "경제";
    d.fields.url = "https://example.com/wire";
    w.add(d);
    w.add(doc("plain", "", "반도체 수출 이야기를 담은 평범한 글이다."));
    w.commit();
  }
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 1;
  RunningServer server(o);
  auto cli = server.client();
  auto r = cli.Get(search_path("반도체 수출", "&k=5"));
  REQUIRE(r);
  CHECK(r->body == expected_search(idx, "반도체 수출", 5));
  const auto j = nlohmann::json::parse(r->body);
  REQUIRE(j["hits"].size() == 2);
  for (const auto& h : j["hits"]) {
    if (h["doc_id"] == "wire") {
      CHECK(h["published"] == "2024-11-21T09:02:00+09:00");
      CHECK(h["publisher"] == "연합뉴스");
      CHECK(h["reporters"] == nlohmann::json::array({"홍길동"}));
      CHECK(h["section"] == "경제");
      CHECK(h["url"] == "https://example.com/wire");
    } else {
      CHECK(h["published"].is_null());
      CHECK(h["reporters"].empty());
    }
  }
  r = cli.Get("/stats");
  REQUIRE(r);
  const auto st = nlohmann::json::parse(r->body);
  CHECK(st["articles_with"]["published"] == 1);
  CHECK(st["articles_with"]["section"] == 1);
}
