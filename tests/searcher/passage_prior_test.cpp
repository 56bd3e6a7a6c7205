// The re-ranking's length prior (rerank_length, rerank_length_chars): a stub that BM25's length
// normalization lifts over the paragraph holding the same words gains less than the paragraph.

#include <doctest/doctest.h>

#include <string>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "passage_prior.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::TempDir;

TEST_CASE("fullness: the share of N characters a passage reaches, counted in code points") {
  using detail::fullness;
  CHECK(fullness("", 300) == 0.0);
  CHECK(fullness("가나다", 4) == doctest::Approx(0.75));  // three characters, nine bytes
  CHECK(fullness("abc", 4) == doctest::Approx(0.75));
  CHECK(fullness("가나다라", 4) == 1.0);
  CHECK(fullness("가나다라마바", 4) == 1.0);
  CHECK(fullness("가", 0) == 0.0);  // off
}

TEST_CASE("re-ranking: a stub no longer beats the paragraph with the same words (rerank_length)") {
  TempDir tmp;
  std::string paragraph = "수성은 태양계의 행성 가운데 가장 작고 태양에 가장 가깝다.";
  while (paragraph.size() < 1200) paragraph += " 표면은 달처럼 운석 구덩이로 덮여 있고 대기는 거의 없다.";
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"stub", "수성 (행성)", "수성은 태양계의 행성이다.", ""});
    indexer.add({"paragraph", "태양계", paragraph, ""});
    indexer.add({"other", "바다", "바다는 넓고 깊다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions off;
  off.ranking.rerank_title_weight = 0;
  off.ranking.rerank_length_weight = 0;
  const std::string q = "태양계 행성 수성";
  // Both hold every word whole in one sentence; BM25 alone orders them: the stub first.
  auto hits = s.search(q, off).hits;
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].doc_id == "stub");
  const double gap = hits[0].score - hits[1].score;
  REQUIRE(gap > 0);
  SearchOptions on = off;
  apply_search_option(on, "rerank_length", std::to_string(2 * gap));
  apply_search_option(on, "rerank_length_chars", "300");
  hits = s.search(q, on).hits;
  REQUIRE(hits.size() == 2);
  CHECK(hits[0].doc_id == "paragraph");
  CHECK(hits[0].score_parts.length == doctest::Approx(2 * gap));  // 300 characters or more
  const double stub_chars = 14;                                   // `수성은 태양계의 행성이다.`
  CHECK(hits[1].score_parts.length == doctest::Approx(2 * gap * stub_chars / 300));
  for (const auto& h : hits) {
    const ScoreParts& p = h.score_parts;
    CHECK(p.bm25 + p.words + p.sentence + p.pairs + p.title + p.length == doctest::Approx(h.score));
  }
  // Below the re-ranked window nothing changes: the prior is part of the re-ranking.
  on.ranking.rerank_depth = 0;
  hits = s.search(q, on).hits;
  CHECK(hits[0].doc_id == "stub");
  CHECK(hits[0].score_parts.length == 0.0);
}
