// kosearch_server over real HTTP: a server on a free loopback port, queried with httplib::Client.

#include "kosearch/server/server.hpp"

#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "kosearch/json/results.hpp"
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
  return kosearch::json::dump_json(kosearch::json::to_json(s.search(q, so), explain));
}

std::string search_path(const std::string& q, const std::string& rest = "") {
  return "/search?q=" + httplib::detail::encode_query_param(q) + rest;
}

// A TCP connection to 127.0.0.1:port as a raw socket, closed at the end of its scope.
class RawSocket {
 public:
  explicit RawSocket(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    REQUIRE(fd_ >= 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof(a)) == 0);
  }
  ~RawSocket() { ::close(fd_); }
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  bool send(std::string_view bytes) const {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // What the server sends until it closes the connection or `timeout` passes.
  std::string read_until_closed(std::chrono::milliseconds timeout) const {
    std::string got;
    const auto until = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          until - std::chrono::steady_clock::now());
      pollfd p{fd_, POLLIN, 0};
      if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) return got + "<open>";
      char buf[1024];
      const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) return got;
      got.append(buf, static_cast<std::size_t>(n));
    }
  }

 private:
  int fd_;
};

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

TEST_CASE("serve: HTTP semantics: methods, empty queries, one option parser, the query limit") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  build_index(idx);
  {
    kosearch::Indexer w(idx);  // an article of many passages, for one_per_article
    std::string text;
    for (int i = 0; i < 150; ++i) text += "스케일AI 이야기가 길게 이어지는 " + std::to_string(i) + "번째 문장이다. ";
    w.add(doc("long", "긴 기사", text));
    w.commit();
  }
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 1;
  RunningServer server(o);
  auto cli = server.client();

  SUBCASE("another method on a GET endpoint is 405 with Allow: GET, HEAD") {
    for (const auto& r : {cli.Post(search_path("스케일AI"), "x", "text/plain"),
                          cli.Put("/stats", "x", "text/plain"), cli.Delete("/health"),
                          cli.Options("/search"), cli.Patch("/search", "", "text/plain")}) {
      REQUIRE(r);
      CHECK(r->status == 405);
      CHECK(r->get_header_value("Allow") == "GET, HEAD");
      CHECK(nlohmann::json::parse(r->body)["status"] == 405);
    }
    // Without Content-Length (curl -X POST): no body, answered at once, not after a timeout.
    for (const char* method : {"POST", "DELETE"}) {
      RawSocket raw(server.port());
      REQUIRE(raw.send(std::string(method) + " /search?q=a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      const std::string answer = raw.read_until_closed(3s);
      CAPTURE(answer);
      CHECK(answer.rfind("HTTP/1.1 405 ", 0) == 0);
      CHECK(answer.find("Allow: GET, HEAD\r\n") != std::string::npos);
    }
    auto r = cli.Post("/nope", "x", "text/plain");  // not an endpoint at all
    REQUIRE(r);
    CHECK(r->status == 404);
    r = cli.Head(search_path("스케일AI").c_str());  // HEAD: GET's status and headers
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body.empty());
  }

  SUBCASE("an empty q is a usage error: 400") {
    for (const char* path : {"/search?q=", "/search?q=%20%20", "/search?q=&k=3"}) {
      CAPTURE(path);
      auto r = cli.Get(path);
      REQUIRE(r);
      CHECK(r->status == 400);
      CHECK(nlohmann::json::parse(r->body)["error"].get<std::string>().find("empty") !=
            std::string::npos);
    }
  }

  SUBCASE("values are read by --set's parser: the same spellings, the same messages") {
    const std::string one = expected_search(idx, "스케일AI", 10, true);
    const std::string all = expected_search(idx, "스케일AI", 10, false);
    REQUIRE(one != all);
    for (const char* v : {"1", "true", "on", "yes"}) {
      CAPTURE(v);
      auto r = cli.Get(search_path("스케일AI", std::string("&one_per_article=") + v));
      REQUIRE(r);
      CHECK(r->status == 200);
      CHECK(r->body == one);
    }
    for (const char* v : {"0", "false", "off", "no"}) {
      CAPTURE(v);
      auto r = cli.Get(search_path("스케일AI", std::string("&one_per_article=") + v));
      REQUIRE(r);
      CHECK(r->body == all);
    }
    for (const std::string key : {"one_per_article", "k", "offset"}) {
      for (const std::string v : {"2", "maybe", "-1", ""}) {
        kosearch::SearchOptions so;
        std::string cli_message;
        try {
          kosearch::apply_search_option(so, key, v);
          continue;  // a value --set takes (k=2)
        } catch (const kosearch::InvalidArgument& e) {
          cli_message = e.what();
        }
        CAPTURE(key);
        CAPTURE(v);
        auto r = cli.Get(search_path("스케일AI", "&" + key + "=" + v));
        REQUIRE(r);
        CHECK(r->status == 400);
        CHECK(nlohmann::json::parse(r->body)["error"] == cli_message);
      }
    }
    auto r = cli.Get(search_path("스케일AI", "&explain=on"));
    REQUIRE(r);
    CHECK(r->body == expected_search(idx, "스케일AI", 10, false, true));
  }

  SUBCASE("a query of max_query_bytes fits in the request line, percent-encoded") {
    std::string q;
    while (q.size() < kosearch::kQueryFitsBytes) q += "메타";  // 3 bytes a syllable, 9 encoded
    REQUIRE(q.size() == kosearch::kQueryFitsBytes);
    REQUIRE(o.max_query_bytes == kosearch::kQueryFitsBytes);
    auto r = cli.Get(search_path(q, "&k=1000&offset=100000&one_per_article=true&explain=true"));
    REQUIRE(r);
    CHECK(r->status == 200);
    r = cli.Get(search_path(q + "a"));
    REQUIRE(r);
    CHECK(r->status == 414);
    CHECK(nlohmann::json::parse(r->body)["error"].get<std::string>().find(
              "the limit is " + std::to_string(kosearch::kQueryFitsBytes)) != std::string::npos);
  }
}

TEST_CASE("serve: slow clients hold neither the workers nor a connection past request_timeout") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  build_index(idx);
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 2;
  o.request_timeout = 2s;
  RunningServer server(o);

  // Six clients (three times the workers) send a request one byte every 400 ms: each byte
  // restarted httplib's read timeout, so two of them held both workers for as long as they
  // liked. Loopback only; the whole case takes ~6 s.
  const std::string request = "GET /search?q=%EB%A9%94%ED%83%80 HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<std::unique_ptr<RawSocket>> slow;
  for (int i = 0; i < 6; ++i) slow.push_back(std::make_unique<RawSocket>(server.port()));
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (std::size_t byte = 0; byte < request.size() && !done; ++byte) {
      for (const auto& s : slow) (void)s->send(request.substr(byte, 1));
      std::this_thread::sleep_for(400ms);
    }
  });
  std::this_thread::sleep_for(1s);  // every slow client has started its request

  // Others are served meanwhile, at once.
  httplib::Client cli("127.0.0.1", server.port());
  cli.set_connection_timeout(2s);
  cli.set_read_timeout(2s);
  auto r = cli.Get("/health");
  CHECK((r && r->status == 200));
  r = cli.Get(search_path("스케일AI"));
  CHECK((r && r->status == 200));
  r = cli.Get("/stats");
  CHECK((r && r->status == 200));

  // Each slow request gets 408 two seconds after its first byte, and its connection is closed.
  for (const auto& s : slow) {
    const std::string answer = s->read_until_closed(4s);
    CAPTURE(answer);
    CHECK(answer.rfind("HTTP/1.1 408 ", 0) == 0);
    CHECK(answer.find("\"status\":408") != std::string::npos);
    CHECK(answer.find("<open>") == std::string::npos);
  }
  done = true;
  trickle.join();
}

TEST_CASE("serve: more slow clients than connection threads: they are cut after the grace") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  build_index(idx);
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 1;
  o.connections = 2;
  o.request_timeout = 30s;  // longer than the whole case: only the overload rule can cut them
  RunningServer server(o);

  const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<std::unique_ptr<RawSocket>> slow;
  for (int i = 0; i < 6; ++i) slow.push_back(std::make_unique<RawSocket>(server.port()));
  std::atomic<bool> done{false};
  std::thread trickle([&] {
    for (std::size_t byte = 0; byte < request.size() && !done; ++byte) {
      for (const auto& s : slow) (void)s->send(request.substr(byte, 1));
      std::this_thread::sleep_for(400ms);
    }
  });
  std::this_thread::sleep_for(500ms);
  // Queued behind six tricklers on two threads: each holds its thread one second (the grace)
  // once connections wait, not request_timeout.
  httplib::Client cli("127.0.0.1", server.port());
  cli.set_connection_timeout(8s);
  cli.set_read_timeout(8s);
  auto r = cli.Get("/health");
  CHECK((r && r->status == 200));
  // The health check was queued behind the six: at least five were cut (two threads) before
  // it was served, with 408 (not after request_timeout: it is longer than the whole case).
  int cut = 0;
  for (const auto& s : slow) cut += s->read_until_closed(100ms).rfind("HTTP/1.1 408 ", 0) == 0;
  CHECK(cut >= 5);
  done = true;
  trickle.join();
}

TEST_CASE("serve: connections beyond the threads and the queue are refused with 503") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  build_index(idx);
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 1;
  o.connections = 1;
  o.connection_queue = 1;
  RunningServer server(o);
  const std::string request = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  RawSocket held(server.port());  // its request half sent: it holds the connection thread
  REQUIRE(held.send(request.substr(0, 10)));
  std::this_thread::sleep_for(200ms);
  RawSocket queued(server.port());  // waits in the queue
  REQUIRE(queued.send(request));
  std::this_thread::sleep_for(100ms);
  RawSocket refused(server.port());
  const std::string answer = refused.read_until_closed(2s);
  CAPTURE(answer);
  CHECK(answer.rfind("HTTP/1.1 503 ", 0) == 0);
  // While a connection waits, the held one gets the grace (1 s), then 408; the queued one is
  // then served.
  CHECK(held.read_until_closed(3s).rfind("HTTP/1.1 408 ", 0) == 0);
  CHECK(queued.read_until_closed(3s).rfind("HTTP/1.1 200 ", 0) == 0);
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
