// Ranking on the five real news articles in ../shared/seeds (skipped where absent).

#include <doctest/doctest.h>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using namespace kosearch;

namespace {

const std::filesystem::path& seeds_index() {
  static kosearch::test::TempDir tmp;
  static bool built = false;
  if (!built) {
    Indexer indexer(tmp / "idx");
    indexer.add_path(kosearch::test::shared_dir() / "seeds");
    indexer.commit();
    built = true;
  }
  static const std::filesystem::path path = tmp / "idx";
  return path;
}

}  // namespace

TEST_CASE("seeds: 스케일AI 지분 ranks a passage with 49% first") {
  KOSEARCH_REQUIRE_SEEDS();
  Searcher s(seeds_index());
  const auto r = s.search("스케일AI 지분");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].text.find("49%") != std::string::npos);
}

TEST_CASE("seeds: 스케일 AI의 지분을 finds the same passage in the top 3") {
  KOSEARCH_REQUIRE_SEEDS();
  Searcher s(seeds_index());
  const auto first = s.search("스케일AI 지분");
  REQUIRE(!first.hits.empty());
  const auto r = s.search("스케일 AI의 지분을");
  bool found = false;
  for (std::size_t i = 0; i < r.hits.size() && i < 3; ++i) {
    found = found || r.hits[i].passage_id == first.hits[0].passage_id;
  }
  CHECK(found);
}

TEST_CASE("seeds: page furniture does not rank") {
  KOSEARCH_REQUIRE_SEEDS();
  Searcher s(seeds_index());
  // Trending list and promo lines at the end of 004 are not article text.
  CHECK(s.search("허훈 트리플더블").hits.empty());
  CHECK(s.search("카카오톡 okjebo").hits.empty());
}

TEST_CASE("seeds: one passage per article covers all five articles for a common word") {
  KOSEARCH_REQUIRE_SEEDS();
  Searcher s(seeds_index());
  SearchOptions o;
  o.k = 20;
  o.one_per_article = true;
  const auto r = s.search("메타", o);
  CHECK(r.hits.size() == 5);
}
