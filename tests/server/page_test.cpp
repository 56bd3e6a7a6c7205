// GET / (the search page) and --cors over real HTTP. The page's behaviour in a browser is
// tests/web/browser_test.py.

#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/server/server.hpp"
#include "test_util.hpp"

namespace {

using namespace std::chrono_literals;

void build_index(const std::filesystem::path& dir) {
  kosearch::Indexer w(dir);
  kosearch::Document d;
  d.id = "a1";
  d.title = "검색 화면 시험";
  d.text = "한국어 검색 화면이 잘 나오는지 본다.";
  w.add(d);
  w.commit();
}

// A one-thread server over a one-article index built in `dir`.
kosearch::ServerOptions page_server_options(const std::filesystem::path& dir) {
  build_index(dir);
  kosearch::ServerOptions o;
  o.index_dir = dir;
  o.threads = 1;
  return o;
}

class PageServer {
 public:
  explicit PageServer(kosearch::ServerOptions o) : server_((o.port = 0, o)) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~PageServer() {
    server_.stop();
    thread_.join();
  }
  PageServer(const PageServer&) = delete;
  PageServer& operator=(const PageServer&) = delete;
  int port() const { return port_; }
  httplib::Result get(const std::string& path) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5s);
    c.set_read_timeout(10s);
    return c.Get(path.c_str());
  }

 private:
  kosearch::Server server_;
  int port_ = 0;
  std::thread thread_;
};

// The nonce of "script-src 'nonce-XXXX'" in a CSP header.
std::string csp_nonce(const std::string& csp) {
  const auto at = csp.find("'nonce-");
  if (at == std::string::npos) return "";
  const auto begin = at + 7;
  return csp.substr(begin, csp.find('\'', begin) - begin);
}

}  // namespace

TEST_CASE("serve: GET / is the self-contained search page, its script allowed by a fresh nonce") {
  kosearch::test::TempDir tmp;
  kosearch::ServerOptions o = page_server_options(tmp.path());
  PageServer server(o);

  auto res = server.get("/");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
  const std::string& page = res->body;
  CHECK(page.find("<html lang=\"ko\">") != std::string::npos);
  CHECK(page.find("<label for=\"q\"") != std::string::npos);
  CHECK(page.find("compositionend") != std::string::npos);
  // Nothing from elsewhere: no external script, style, font or image.
  for (const char* external : {"src=\"http", "href=\"http", "@import", "url(http", "//cdn"}) {
    CHECK_MESSAGE(page.find(external) == std::string::npos, external);
  }
  const std::string csp = res->get_header_value("Content-Security-Policy");
  CHECK(csp.find("default-src 'none'") != std::string::npos);
  CHECK(csp.find("connect-src 'self'") != std::string::npos);
  const std::string nonce = csp_nonce(csp);
  CHECK(nonce.size() == 32);
  CHECK(page.find("<script nonce=\"" + nonce + "\">") != std::string::npos);
  CHECK(page.find("__KOSEARCH_NONCE__") == std::string::npos);
  CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");

  // A GET endpoint like the others: another method is 405 naming the allowed ones.
  httplib::Client c("127.0.0.1", server.port());
  auto post = c.Post("/", "x", "text/plain");
  REQUIRE(post);
  CHECK(post->status == 405);
  CHECK(post->get_header_value("Allow") == "GET, HEAD");

  auto again = server.get("/");
  REQUIRE(again);
  CHECK(csp_nonce(again->get_header_value("Content-Security-Policy")) != nonce);
  // Off by default: no CORS header.
  auto search = server.get("/search?q=%EA%B2%80%EC%83%89");
  REQUIRE(search);
  CHECK(search->status == 200);
  CHECK_FALSE(search->has_header("Access-Control-Allow-Origin"));
}

TEST_CASE("serve: cors_origin (--cors) lets that origin read the answers") {
  kosearch::test::TempDir tmp;
  kosearch::ServerOptions o = page_server_options(tmp.path());
  o.cors_origin = "https://news.example";
  PageServer server(o);
  for (const char* path : {"/search?q=%EA%B2%80%EC%83%89", "/health", "/"}) {
    auto res = server.get(path);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://news.example");
  }
}

TEST_CASE("serve: the page is never Brotli-compressed (httplib's quality 11 costs ~50 ms a load)") {
  kosearch::test::TempDir tmp;
  kosearch::ServerOptions o = page_server_options(tmp.path());
  PageServer server(o);
  const auto plain = server.get("/");
  REQUIRE(plain);
  for (const char* accepted : {"gzip, deflate, br, zstd", "br", "br;q=1.0, gzip;q=0.5", "deflate,br"}) {
    CAPTURE(accepted);
    httplib::Client c("127.0.0.1", server.port());
    c.set_decompress(false);
    auto res = c.Get("/", {{"Accept-Encoding", accepted}});
    REQUIRE(res);
    CHECK(res->status == 200);
    const std::string coding = res->get_header_value("Content-Encoding");
    CHECK(coding != "br");
    if (std::string_view(accepted).find("gzip") != std::string_view::npos) {
      CHECK(coding == "gzip");  // still compressed, cheaply
    } else {
      CHECK(coding.empty());
      // The same page as an uncompressed answer, but for its nonce.
      CHECK(res->body.size() == plain->body.size());
    }
  }
}
