// Counts (`-k 0`, SearchResults::total) with phrase and exclusion filters, and phrases found in
// an article's title.

#include <doctest/doctest.h>

#include <string>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::TempDir;

namespace {

// 120 articles: every fifth holds the phrase "알렉산더 왕", every third one of the words apart,
// the rest neither; every fourth mentions 메타.
void index_kings(const std::filesystem::path& dir) {
  Indexer indexer(dir);
  for (int i = 0; i < 120; ++i) {
    std::string text = i % 5 == 0   ? "연구소는 알렉산더 왕 대표가 이끈다."
                       : i % 3 == 0 ? "알렉산더 대왕의 원정과 왕의 길을 다룬 책이다."
                                    : "연구소는 새 대표를 뽑았다.";
    if (i % 4 == 0) text += " 메타가 투자했다.";
    indexer.add({"k" + std::to_string(i), "소식", text, ""});
  }
  indexer.commit();
}

std::uint64_t kings_with_phrase(bool without_meta) {
  std::uint64_t n = 0;
  for (int i = 0; i < 120; ++i) n += i % 5 == 0 && !(without_meta && i % 4 == 0);
  return n;
}

}  // namespace

TEST_CASE("k = 0 counts a phrase or an exclusion exactly: every candidate is checked") {
  TempDir tmp;
  index_kings(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions count;
  count.k = 0;
  SearchOptions all;
  all.k = 1000;
  for (const char* q : {"\"알렉산더 왕\"", "\"알렉산더 왕\" -메타", "알렉산더 왕 -\"메타가 투자\""}) {
    CAPTURE(q);
    const auto listed = s.search(q, all);
    const auto counted = s.search(q, count);
    CHECK(counted.hits.empty());
    CHECK(counted.total_exact);
    CHECK(counted.total == listed.hits.size());
    CHECK(listed.total == listed.hits.size());
  }
  CHECK(s.search("\"알렉산더 왕\"", count).total == kings_with_phrase(false));
  CHECK(s.search("\"알렉산더 왕\" -메타", count).total == kings_with_phrase(true));
  // A page of 3: the count is exact or says it is not, and never below the hits shown.
  SearchOptions page;
  page.k = 3;
  for (const auto offset : {0u, 5u, 20u}) {
    page.offset = offset;
    const auto r = s.search("\"알렉산더 왕\"", page);
    CHECK(r.total >= offset + r.hits.size());
    if (r.total_exact) CHECK(r.total == kings_with_phrase(false));
  }
}

TEST_CASE("a quoted headline finds its article: phrases are looked for in the title too") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"summer", "메타 AI의 격동의 여름", "라마4 공개 이후 연구소가 바뀌었다. 인재 영입이 이어졌다.", ""});
    indexer.add({"winter", "조용한 겨울", "격동의 시기가 지나고 여름이 왔다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  const auto r = s.search("\"격동의 여름\"");
  REQUIRE(r.hits.size() == 1);
  CHECK(r.hits[0].doc_id == "summer");
  SearchOptions count;
  count.k = 0;
  CHECK(s.search("\"격동의 여름\"", count).total == 1);
  // An excluded phrase leaves out the articles whose title holds it, as an excluded word does.
  const auto without = s.search("연구소 여름 -\"격동의 여름\"");
  for (const auto& h : without.hits) CHECK(h.doc_id != "summer");
}
