// GET /search with the news parameters (docs/news-search.md): since, until, publisher, reporter,
// section, sort, recency, facets, duplicates; answered as `kosearch search --json` would.

#include <httplib.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "kosearch/json/results.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "kosearch/server/server.hpp"
#include "searcher/news_fixture.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;

namespace {

using namespace std::chrono_literals;

// A Server on a free loopback port for one test.
class NewsServer {
 public:
  explicit NewsServer(kosearch::ServerOptions o) : server_((o.port = 0, o)) {
    port_ = server_.bind();
    thread_ = std::thread([this] { server_.run(); });
  }
  ~NewsServer() {
    server_.stop();
    thread_.join();
  }
  NewsServer(const NewsServer&) = delete;
  NewsServer& operator=(const NewsServer&) = delete;
  nlohmann::json get(const std::string& path, int expected_status = 200) {
    httplib::Client c("127.0.0.1", port_);
    c.set_connection_timeout(5s);
    c.set_read_timeout(10s);
    const auto r = c.Get(path);
    REQUIRE(r);
    CHECK(r->status == expected_status);
    last_body = r->body;
    return nlohmann::json::parse(r->body);
  }
  std::string last_body;

 private:
  kosearch::Server server_;
  int port_ = 0;
  std::thread thread_;
};

std::string q(const std::string& text) { return "/search?q=" + httplib::detail::encode_query_param(text); }
std::string e(const std::string& text) { return httplib::detail::encode_query_param(text); }

std::set<std::string> doc_ids(const nlohmann::json& j) {
  std::set<std::string> out;
  for (const auto& h : j["hits"]) out.insert(h["doc_id"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("serve: news filters, order, facets and grouped copies as parameters") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  kosearch::test::build_news_index(idx);
  kosearch::ServerOptions o;
  o.index_dir = idx;
  o.threads = 1;
  NewsServer server(o);

  auto j = server.get(q("반도체") + "&one_per_article=1&duplicates=show&publisher=" + e("뉴스1") +
                      "&publisher=" + e("한겨레"));
  CHECK(doc_ids(j) == std::set<std::string>{"copy-1", "news1-2", "hani-1"});
  j = server.get(q("반도체") + "&one_per_article=1&duplicates=show&reporter=" + e("홍길동") + "&section=" + e("정치"));
  CHECK(doc_ids(j) == std::set<std::string>{"newsis-1"});
  j = server.get(q("반도체") + "&one_per_article=1&duplicates=show&since=2025-08-14&until=2025-08-14");
  CHECK(doc_ids(j) == std::set<std::string>{"yna-1", "copy-1", "news1-2"});
  j = server.get(q("반도체 언론사:연합뉴스") + "&one_per_article=1");
  CHECK(doc_ids(j) == std::set<std::string>{"yna-1"});

  j = server.get(q("반도체") + "&one_per_article=1&duplicates=show&sort=newest&k=3");
  REQUIRE(j["hits"].size() == 3);
  CHECK(j["hits"][0]["doc_id"] == "hani-1");
  CHECK(j["hits"][1]["doc_id"] == "news1-2");
  CHECK(j["hits"][2]["doc_id"] == "copy-1");
  j = server.get(q("반도체") + "&one_per_article=1&sort=oldest&k=1");
  CHECK(j["hits"][0]["doc_id"] == "newsis-1");
  j = server.get(q("반도체 수출") + "&one_per_article=1&recency=1");
  CHECK(!j["hits"].empty());

  // Facets over all matches, though k=1; the JSON is what the CLI prints.
  j = server.get(q("반도체") + "&k=1&facets=publisher,month");
  CHECK(j["hits"].size() == 1);
  REQUIRE(j.contains("facets"));
  CHECK(j["facets"]["publisher"][0] == nlohmann::json{{"value", "뉴스1"}, {"count", 2}});
  CHECK(j["facets"]["month"][0] == nlohmann::json{{"value", "2025-08"}, {"count", 4}});
  CHECK(!j["facets"].contains("reporter"));
  {
    kosearch::Searcher s(idx);
    kosearch::SearchOptions so;
    so.k = 1;
    so.facets = {"publisher", "month"};
    CHECK(server.last_body == kosearch::json::dump_json(kosearch::json::to_json(s.search("반도체", so))));
  }

  // Copies: one of yna-1 / copy-1 by default, with the other in duplicate_ids; all with show.
  j = server.get(q("반도체 수출 메모리") + "&one_per_article=1");
  const auto grouped = doc_ids(j);
  CHECK(grouped.count("yna-1") + grouped.count("copy-1") == 1);
  for (const auto& h : j["hits"]) {
    if (h["doc_id"] == "yna-1") CHECK(h["duplicate_ids"] == nlohmann::json::array({"copy-1"}));
    if (h["doc_id"] == "copy-1") CHECK(h["duplicate_ids"] == nlohmann::json::array({"yna-1"}));
    if (h["doc_id"] == "yna-1" || h["doc_id"] == "copy-1") CHECK(h["duplicates"] == 1);
    if (h["doc_id"] == "hani-1") CHECK(h["duplicates"] == 0);
  }
  j = server.get(q("반도체 수출 메모리") + "&one_per_article=1&duplicates=show");
  CHECK(doc_ids(j).count("yna-1") == 1);
  CHECK(doc_ids(j).count("copy-1") == 1);

  // Bad values: 400 naming the parameter.
  for (const std::string bad : {"&since=2025-14-01", "&until=tomorrow", "&sort=date", "&facets=author",
                                "&duplicates=hide", "&recency=soon"}) {
    CAPTURE(bad);
    j = server.get(q("반도체") + bad, 400);
    CHECK(j["error"].get<std::string>().find(bad.substr(1, bad.find('=') - 1)) != std::string::npos);
  }
}
