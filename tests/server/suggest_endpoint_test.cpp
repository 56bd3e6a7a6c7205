// GET /suggest over real HTTP: the same JSON as `kosearch suggest --json`, bounded like /search.

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "kosearch/json/results.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "kosearch/server/server.hpp"
#include "kosearch/json/suggestions.hpp"
#include "test_util.hpp"

using namespace std::chrono_literals;

namespace {

class SuggestServer {
 public:
  explicit SuggestServer(const std::filesystem::path& index) {
    kosearch::ServerOptions o;
    o.index_dir = index;
    o.port = 0;
    o.threads = 1;
    server_ = std::make_unique<kosearch::Server>(o);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->run(); });
  }
  ~SuggestServer() {
    server_->stop();
    thread_.join();
  }
  SuggestServer(const SuggestServer&) = delete;
  SuggestServer& operator=(const SuggestServer&) = delete;
  httplib::Result get(const std::string& path) const {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5s);
    c.set_read_timeout(10s);
    return c.Get(path);
  }

 private:
  std::unique_ptr<kosearch::Server> server_;
  int port_ = 0;
  std::thread thread_;
};

std::string q(const std::string& prefix) { return httplib::detail::encode_query_param(prefix); }

}  // namespace

TEST_CASE("GET /suggest answers as kosearch suggest --json, and refuses bad parameters clearly") {
  kosearch::test::TempDir tmp;
  const auto idx = tmp / "idx";
  {
    kosearch::Indexer w(idx);
    w.add({"a", "스케일AI 지분", "메타가 스케일AI 지분을 샀다. 스케일이 크다.", ""});
    w.add({"b", "스케이트", "스케이트 선수가 스케이트를 탔다.", ""});
    w.commit();
  }
  SuggestServer server(idx);
  kosearch::Searcher s(idx);
  for (const std::string prefix : {"스케이", "ㅅㅋㅇ", "tmzpdl", "스켕"}) {
    INFO(prefix);
    const auto r = server.get("/suggest?q=" + q(prefix) + "&k=3");
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == kosearch::json::dump_json(kosearch::json::to_json(s.suggest(prefix, 3))));
    const auto j = nlohmann::json::parse(r->body);
    CHECK(j["prefix"] == prefix);
    REQUIRE(!j["suggestions"].empty());
    CHECK(j["suggestions"][0]["text"] == "스케일");
    CHECK(j["suggestions"][0]["count"] == 1);
  }
  // Hostile prefixes: an answer, never a crash; the JSON stays valid UTF-8.
  for (const std::string& prefix : {std::string("\xff\xfe"), std::string("ㅏㅓㅗㅜ"), std::string(2000, 'x') /* under /search's 2,700-byte query limit */,
                                   std::string("\x01\x02 \x1b")}) {
    const auto r = server.get("/suggest?q=" + q(prefix));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(nlohmann::json::parse(r->body)["suggestions"].empty());
  }
  auto status = [&](const std::string& path) {
    const auto r = server.get(path);
    return r ? r->status : -1;
  };
  CHECK(status("/suggest") == 400);
  CHECK(status("/suggest?q=a&k=x") == 400);
  CHECK(status("/suggest?q=a&k=100000") == 400);
  CHECK(status("/suggest?q=a&what=1") == 400);
  CHECK(status("/suggest?q=" + std::string(5000, 'a')) == 414);
  CHECK(nlohmann::json::parse(server.get("/suggest")->body)["error"].get<std::string>().find("missing parameter q") !=
        std::string::npos);
}
