// The re-ranking's title bonus (rerank_title): a hit whose article title the query names.

#include <doctest/doctest.h>

#include <string>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"
#include "title_match.hpp"

using namespace kosearch;
using kosearch::test::TempDir;

TEST_CASE("title_in_query: the title's subject, without its qualifier and spaces, in the query") {
  using detail::title_in_query;
  using detail::without_spaces;
  CHECK(without_spaces("수성의 공전 주기는\t얼마인가") == "수성의공전주기는얼마인가");
  CHECK(title_in_query("수성 (행성)", "수성의공전주기는얼마인가?"));
  CHECK(title_in_query("대한 제국", "대한제국의마지막황제는?"));  // spaces on either side ignored
  CHECK_FALSE(title_in_query("금성 (행성)", "수성의공전주기는얼마인가?"));
  CHECK_FALSE(title_in_query("수 (수학)", "수성의공전주기는?"));  // one character: no subject
  CHECK_FALSE(title_in_query("(동음이의)", "동음이의어란?"));      // all qualifier
  CHECK(title_in_query("abc", "abcnews의설립자는"));
  CHECK_FALSE(title_in_query("", "질문"));
}

TEST_CASE("re-ranking: a hit whose article title the query names gains rerank_title") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // The same words in both passages; only the titles differ.
    indexer.add({"mercury", "수성 (행성)", "태양 둘레를 도는 공전 주기는 88일이다.", ""});
    indexer.add({"venus", "금성", "태양 둘레를 도는 공전 주기는 225일이다.", ""});
    indexer.add({"other", "바다", "바다는 넓고 깊다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions off;
  off.ranking.rerank_title_weight = 0;
  SearchOptions on = off;
  apply_search_option(on, "rerank_title", "8");
  CHECK(on.ranking.rerank_title_weight == 8.0);
  const auto score = [&](const SearchOptions& o, const std::string& query, const std::string& id) {
    for (const auto& h : s.search(query, o).hits) {
      if (h.doc_id == id) return h.score;
    }
    FAIL("no hit " << id);
    return 0.0;
  };
  const std::string q = "수성의 공전 주기는 며칠인가";
  CHECK(score(on, q, "mercury") - score(off, q, "mercury") == doctest::Approx(8.0));
  CHECK(score(on, q, "venus") == doctest::Approx(score(off, q, "venus")));
  const auto hits = s.search(q, on).hits;
  REQUIRE(hits.size() >= 2);
  CHECK(hits[0].doc_id == "mercury");
  CHECK(hits[0].score_parts.title == 8.0);
  CHECK(hits[1].score_parts.title == 0.0);
  for (const auto& h : hits) {
    const ScoreParts& p = h.score_parts;
    CHECK(p.bm25 + p.words + p.sentence + p.pairs + p.title + p.length == doctest::Approx(h.score));
  }
  CHECK(SearchOptions().ranking.rerank_title_weight > 0);  // on by default
  // Typed without spaces, the title is found the same way.
  CHECK(score(on, "수성의공전주기는", "mercury") - score(off, "수성의공전주기는", "mercury") == doctest::Approx(8.0));
}
