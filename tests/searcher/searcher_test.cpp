// Ranking behaviour on small real texts written by the test into a real on-disk index.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "index_texts.hpp"
#include "search_helpers.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::index_texts;
using kosearch::test::TempDir;

using kosearch::test::hit_score;
using kosearch::test::required_score;
using kosearch::test::rerank_words;
using kosearch::test::SmallIndex;

TEST_CASE("a particle in the query does not block matching") {
  SmallIndex idx;
  auto s = idx.searcher();
  // Xapian's QueryParser ANDs 지분 and 분을; the text only has 지분.
  const auto r = s.search("지분을");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].doc_id == "stake");
}

TEST_CASE("spacing and script variants find the same passage first") {
  SmallIndex idx;
  auto s = idx.searcher();
  for (const char* q : {"스케일AI 지분", "스케일 AI 지분", "스케일AI의 지분을", "ＳＣＡＬＥ 스케일ａｉ지분"}) {
    CAPTURE(q);
    const auto r = s.search(q);
    REQUIRE(!r.hits.empty());
    CHECK(r.hits[0].doc_id == "stake");
  }
}

TEST_CASE("a one-syllable word with a particle finds the bare word") {
  SmallIndex idx;
  auto s = idx.searcher();
  const auto r = s.search("왕을");  // text: "왕 CEO가"
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].doc_id == "king");
}

TEST_CASE("with leading unigrams, a one-syllable word finds it with another particle") {
  TempDir tmp;
  IndexerOptions o;
  o.analyzer = "ko-bigram-lead";
  {
    Indexer indexer(tmp / "idx", o);
    indexer.add({"king", "연구소", "알렉산더 왕이 연구소를 이끈다.", ""});
    indexer.add({"other", "날씨", "서울은 오늘 맑다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  const auto r = s.search("왕을");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].doc_id == "king");
}

// The analyzer's option is the only difference between the two indexes, so the test fails when
// the number-and-counter term is lost on either side (index or query).
TEST_CASE("a number with its counter finds the passage that has them together") {
  auto first_for = [](const std::string& analyzer) {
    TempDir tmp;
    IndexerOptions o;
    o.analyzer = analyzer;
    {
      Indexer indexer(tmp / "idx", o);
      indexer.add({"elected", "", "1996년 4월 치러진 15대 총선에서 그는 종로에 출마했다.", ""});
      indexer.add({"scattered", "", "총선에서 15개 대 정당이 총선 공약을 냈다", ""});
      // Unrelated passages, so that the terms' idf is not that of a two-passage index.
      const char* others[] = {"서울은 오늘 맑고 따뜻하다.", "엔비디아는 새 AI 칩을 공개했다.",
                              "메타는 스케일 AI 지분을 확보했다.", "부산에서 영화제가 열렸다.",
                              "대학 입시 제도가 바뀐다.", "새 지하철 노선이 개통했다."};
      for (const char* text : others) indexer.add({text, "", text, ""});
      indexer.commit();
    }
    Searcher s(tmp / "idx");
    // BM25 alone: the re-ranking's bonus for `15` … `총선` close together would favour the same
    // passage and hide what the term does.
    SearchOptions bm25_only;
    bm25_only.ranking.rerank_weight = 0;
    bm25_only.ranking.rerank_pair_weight = 0;
    bm25_only.ranking.bm25_k1 = 0.8;  // repeats count: at a lower k1 (0.4) `elected` wins either way
    const auto r = s.search("15대 총선은 언제였나?", bm25_only);
    return r.hits.empty() ? std::string() : r.hits[0].doc_id;
  };
  CHECK(first_for("ko-bigram") == "elected");
  // Without the counter term the common pieces decide: the passage that repeats them wins.
  CHECK(first_for("ko-bigram-nocompounds") == "scattered");
}

TEST_CASE("nothing matches: empty result, not an error") {
  SmallIndex idx;
  auto s = idx.searcher();
  CHECK(s.search("양자컴퓨터").hits.empty());
  CHECK(s.search("").hits.empty());
  CHECK(s.search("?!... ,,,").hits.empty());
  CHECK(s.search(std::string("\xFF\xFE\x00", 3)).hits.empty());
}

TEST_CASE("absurd queries are answered or refused clearly") {
  SmallIndex idx;
  auto s = idx.searcher();
  std::string many;
  for (int i = 0; i < 3000; ++i) many += "지분 칩 " + std::to_string(i) + " ";
  const auto r = s.search(many.substr(0, 15000));
  CHECK(!r.hits.empty());
  CHECK_THROWS_WITH_AS(s.search(std::string(100 * 1024, 'a')), doctest::Contains("limit"), QuerySyntax);
}

TEST_CASE("highlights are whole merged spans with byte offsets into the passage text") {
  SmallIndex idx;
  auto s = idx.searcher();
  const auto r = s.search("스케일AI 지분");
  REQUIRE(!r.hits.empty());
  const auto& h = r.hits[0];
  std::vector<std::string> marked;
  for (const auto& [b, e] : h.highlights) marked.push_back(h.text.substr(b, e - b));
  CHECK(std::find(marked.begin(), marked.end(), "스케일") != marked.end());
  CHECK(std::find(marked.begin(), marked.end(), "지분") != marked.end());
  CHECK(std::find(marked.begin(), marked.end(), "AI") != marked.end());
  CHECK(h.snippet.find("<b>스케일</b>") != std::string::npos);
}

TEST_CASE("one passage per article, k and offset") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    std::string longtext;
    for (int i = 0; i < 60; ++i) longtext += "메타의 지분 매입에 관한 " + std::to_string(i) + "번째 문장이다. ";
    indexer.add({"long", "긴 기사", longtext, ""});
    indexer.add({"short", "짧은 기사", "지분 이야기.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 100;
  const auto all = s.search("지분", o);
  CHECK(all.hits.size() > 2);
  o.one_per_article = true;
  const auto one = s.search("지분", o);
  CHECK(one.hits.size() == 2);
  o.one_per_article = false;
  o.k = 1;
  o.offset = 1;
  const auto second = s.search("지분", o);
  REQUIRE(second.hits.size() == 1);
  CHECK(second.hits[0].rank == 2);
  CHECK(second.hits[0].passage_id == all.hits[1].passage_id);
  // k = 0 counts without returning hits, with and without a phrase filter.
  o.offset = 0;
  o.k = 0;
  const auto counted = s.search("지분", o);
  CHECK(counted.hits.empty());
  CHECK(counted.total == all.total);
  const auto phrase = s.search("\"지분 이야기\"", o);
  CHECK(phrase.hits.empty());
  CHECK(phrase.total == 1);
  CHECK(s.search("없는말", o).total == 0);
}

TEST_CASE("total: exact when every match was seen, an estimate (total_exact false) when not") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    for (int i = 0; i < 300; ++i) {
      indexer.add({"a" + std::to_string(i), "소식",
                   i % 3 == 0 ? "메타가 스케일AI 지분을 샀다." : "메타가 다른 회사 지분을 샀다.", ""});
    }
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 300;
  const auto all = s.search("지분", o);
  CHECK(all.total == 300);
  CHECK(all.total_exact);
  // A phrase filter that reads only a first batch of candidates for one hit estimates the rest
  // from that batch's pass rate.
  o.k = 1;
  const auto some = s.search("지분 \"스케일AI 지분\"", o);
  REQUIRE(some.hits.size() == 1);
  CHECK_FALSE(some.total_exact);
  CHECK(some.total >= 1);
  CHECK(some.total <= 300);
  o.k = 300;
  const auto every = s.search("지분 \"스케일AI 지분\"", o);
  CHECK(every.total_exact);
  CHECK(every.total == 100);
}

TEST_CASE("apply_search_option validates keys and values") {
  SearchOptions o;
  apply_search_option(o, "k1", "0.9");
  CHECK(o.ranking.bm25_k1 == doctest::Approx(0.9));
  apply_search_option(o, "one_per_article", "true");
  CHECK(o.one_per_article);
  apply_search_option(o, "snippets", "0");
  CHECK_FALSE(o.snippets);
  apply_search_option(o, "cross_weight", "0.5");
  CHECK(o.ranking.cross_weight == doctest::Approx(0.5));
  CHECK_THROWS_AS(apply_search_option(o, "nope", "1"), InvalidArgument);
  CHECK_THROWS_AS(apply_search_option(o, "k", "-3"), InvalidArgument);
  // The message names every key there is, and each one it names is one (read with "1").
  std::string message;
  try {
    apply_search_option(o, "nope", "1");
  } catch (const InvalidArgument& e) {
    message = e.what();
  }
  const auto list = message.substr(message.find("valid: ") + 7);
  std::size_t keys = 0;
  for (std::size_t at = 0; at < list.size();) {
    const std::size_t end = std::min(list.find(", ", at), list.size());
    const std::string key = list.substr(at, end - at);
    CAPTURE(key);
    SearchOptions fresh;
    // The news options take dates and words (docs/news-search.md); the others read "1".
    const std::string value = key == "since" || key == "until" || key == "now" ? "2025-08-14"
                              : key == "sort"                                  ? "newest"
                              : key == "facets"                                ? "month"
                              : key == "duplicates"                            ? "show"
                                                                               : "1";
    CHECK_NOTHROW(apply_search_option(fresh, key, value));
    ++keys;
    at = end + 2;
  }
  CHECK(keys >= 28);
  CHECK(message.find("rerank_sentence") != std::string::npos);
}

TEST_CASE("a bad synonym file is refused with file:line") {
  SmallIndex idx;
  kosearch::test::write_file(idx.tmp / "syn.txt", "저커버그, 주커버그\n외톨이\n");
  SearcherOptions so;
  so.synonyms_file = idx.tmp / "syn.txt";
  CHECK_THROWS_WITH_AS(Searcher(idx.tmp / "idx", so), doctest::Contains("syn.txt:2"), InvalidInput);
  so.synonyms_file = idx.tmp / "missing.txt";
  CHECK_THROWS_AS(Searcher(idx.tmp / "idx", so), IoError);
}

TEST_CASE("bigrams across a space let a query without spaces match (default analyzer)") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"army", "군대", "미국 군대 내 두 번째로 높은 직위는 합참의장이다.", ""});
    indexer.add({"other", "국군", "국군의 날 행사가 열렸다. 대내 행사도 있었다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  const auto r = s.search("미국군대내두번째로높은직위는");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].doc_id == "army");
}

TEST_CASE("max_strong_terms: a long query's extra terms become optional, the best hit stays") {
  SmallIndex idx;
  auto s = idx.searcher();
  SearchOptions all_strong, capped;
  // In this tiny index no term is common: make every term strong, then cap them.
  all_strong.ranking.common_min = 0;
  all_strong.ranking.common_fraction = 1.0;
  all_strong.ranking.max_strong_terms = 0;
  capped = all_strong;
  capped.ranking.max_strong_terms = 2;
  const char* q = "메타 스케일 AI 지분 확보 연구소";
  CHECK(s.explain(q, all_strong).description.find("AND_MAYBE") == std::string::npos);
  CHECK(s.explain(q, capped).description.find("AND_MAYBE") != std::string::npos);
  const auto full = s.search(q, all_strong);
  const auto cut = s.search(q, capped);
  REQUIRE(!full.hits.empty());
  REQUIRE(!cut.hits.empty());
  CHECK(full.hits[0].doc_id == "stake");
  CHECK(cut.hits[0].doc_id == "stake");
  // A passage matched only by terms beyond the cap is not retrieved: they no longer drive the match.
  CHECK(cut.hits.size() < full.hits.size());
}

TEST_CASE("term frequencies the searcher remembers are renewed when it moves to a new commit") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"stake", "투자", "메타는 스케일 연구소 지분을 샀다.", ""});
    for (int i = 0; i < 4; ++i) {
      indexer.add({"chips" + std::to_string(i), "칩", "엔비디아는 새 칩을 공개했다.", ""});
    }
    indexer.commit();
  }
  // Common above half of the passages; the rarest three terms stay strong whatever their count.
  SearchOptions o;
  o.ranking.common_min = 0;
  o.ranking.common_fraction = 0.5;
  o.ranking.max_strong_terms = 0;
  const char* q = "메타 스케일 연구소 지분";
  // Optional terms follow AND_MAYBE in the query's description (the bigrams across a space,
  // weighted down, always do).
  const auto optional = [](const std::string& description, std::string_view term) {
    const auto maybe = description.find("AND_MAYBE");
    return maybe != std::string::npos && description.find(term, maybe) != std::string::npos;
  };
  Searcher s(tmp / "idx");
  // `지분` is in 1 of 5 passages: strong.
  CHECK_FALSE(optional(s.explain(q, o).description, "지분"));
  {
    Indexer indexer(tmp / "idx");
    for (int i = 0; i < 8; ++i) {
      indexer.add({"sale" + std::to_string(i), "매각", "지분 매각 소식이 이어졌다.", ""});
    }
    indexer.commit();
  }
  // Now in 9 of 13: optional. A searcher still using the frequencies it read before would keep
  // it strong.
  REQUIRE(s.reopen());
  const std::string after = s.explain(q, o).description;
  CHECK(optional(after, "지분"));
  CHECK(after == Searcher(tmp / "idx").explain(q, o).description);
}
