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
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::index_texts;
using kosearch::test::TempDir;

namespace {

// The score of article `id`'s hit for `query`; nullopt when `id` is not among the hits.
std::optional<double> hit_score(Searcher& s, std::string_view query, const SearchOptions& o,
                                const std::string& id) {
  for (const auto& h : s.search(query, o).hits) {
    if (h.doc_id == id) return h.score;
  }
  return std::nullopt;
}

// The same, for a hit the test needs: fails the test when `id` is not among the hits.
double required_score(Searcher& s, std::string_view query, const SearchOptions& o, const std::string& id) {
  const auto v = hit_score(s, query, o, id);
  if (!v) FAIL("no hit " << id << " for " << query);
  return v.value_or(0.0);
}

// The re-ranking's content words for `query`, space-separated.
std::string rerank_words(Searcher& s, std::string_view query, const SearchOptions& o) {
  std::string out;
  for (const auto& w : s.explain(query, o).words) out += (out.empty() ? "" : " ") + w;
  return out;
}

struct SmallIndex {
  TempDir tmp;
  SmallIndex() {
    Indexer indexer(tmp / "idx");
    indexer.add({"stake", "메타의 투자", "메타는 스케일 AI 지분 49%를 확보했다.", ""});
    indexer.add({"chips", "엔비디아", "엔비디아는 새 AI 칩을 공개했다. 지연 없이 출시된다.", ""});
    indexer.add({"king", "새 연구소", "알렉산더 왕 CEO가 연구소를 이끈다.", ""});
    indexer.add({"other", "날씨", "서울은 오늘 맑고 따뜻하다.", ""});
    indexer.commit();
  }
  Searcher searcher() const { return Searcher(tmp / "idx"); }
};

}  // namespace

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
    bm25_only.rerank_weight = 0;
    bm25_only.rerank_pair_weight = 0;
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
  CHECK(o.bm25_k1 == doctest::Approx(0.9));
  apply_search_option(o, "one_per_article", "true");
  CHECK(o.one_per_article);
  apply_search_option(o, "snippets", "0");
  CHECK_FALSE(o.snippets);
  apply_search_option(o, "cross_weight", "0.5");
  CHECK(o.cross_weight == doctest::Approx(0.5));
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

TEST_CASE("re-ranking: a passage with the query's words whole beats one with their bigrams scattered") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // Every bigram of 인공지능 (인공, 공지, 지능), twice, but never the word itself.
    indexer.add({"scattered", "공지", "인공 위성 공지 사항과 지능 검사. 인공 호흡 공지 지능 발달.", ""});
    indexer.add({"whole", "연구", "그는 인공지능 연구소에서 일했다고 밝혔다. 연구소는 서울에 있다.", ""});
    indexer.add({"other", "날씨", "서울은 오늘 맑고 따뜻하다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions bm25_only;
  bm25_only.rerank_weight = 0;
  const auto plain = s.search("인공지능을", bm25_only).hits;
  REQUIRE(plain.size() >= 2);
  CHECK(plain[0].doc_id == "scattered");  // more bigram matches: BM25 prefers it
  const auto reranked = s.search("인공지능을").hits;  // the default re-ranks
  REQUIRE(reranked.size() >= 2);
  CHECK(reranked[0].doc_id == "whole");
  CHECK(reranked[0].rank == 1);
  CHECK(reranked[0].score > reranked[1].score);
  SearchOptions one;
  one.k = 1;  // re-ranked among the best rerank_depth, then cut to k
  const auto top = s.search("인공지능을", one).hits;
  REQUIRE(top.size() == 1);
  CHECK(top[0].doc_id == "whole");
}

TEST_CASE("re-ranked pages: consecutive pages neither repeat nor skip a hit") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    const char* texts[] = {"인공지능 연구소가 문을 열었다.", "인공 위성과 공지 사항, 지능 검사.",
                           "연구소의 인공지능 반도체 투자.", "지능형 로봇 연구소 공지.",
                           "인공 호흡 교육이 열렸다."};
    for (int i = 0; i < 40; ++i) {
      indexer.add({"d" + std::to_string(i), "제목 " + std::to_string(i),
                   std::string(texts[i % 5]) + " 문서 번호 " + std::to_string(i) + "번.", ""});
    }
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions all;
  all.k = 30;
  all.snippets = false;
  const auto whole = s.search("인공지능 연구소", all).hits;
  REQUIRE(whole.size() == 30);
  std::vector<std::string> paged;
  for (std::uint32_t offset = 0; offset < 30; offset += 7) {
    SearchOptions page = all;
    page.offset = offset;
    page.k = std::min<std::uint32_t>(7, 30 - offset);
    const auto hits = s.search("인공지능 연구소", page).hits;
    for (std::size_t i = 0; i < hits.size(); ++i) {
      CHECK(hits[i].rank == offset + i + 1);
      paged.push_back(hits[i].passage_id);
    }
  }
  REQUIRE(paged.size() == whole.size());
  for (std::size_t i = 0; i < whole.size(); ++i) CHECK(paged[i] == whole[i].passage_id);
}

TEST_CASE("common terms only add score: same scores, passages with only common terms left out") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // 서울 is in every passage (far above 2% of them, and above the 1,000-passage floor).
    for (int i = 0; i < 1200; ++i) {
      indexer.add({"w" + std::to_string(i), "날씨", "서울 날씨는 맑음, 기온 " + std::to_string(i) + "도.", ""});
    }
    indexer.add({"ai1", "투자", "서울에서 스케일AI가 인공지능 투자를 밝혔다.", ""});
    indexer.add({"ai2", "연구", "스케일AI 연구진이 서울을 찾았다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions split;
  split.k = 5000;
  split.rerank_weight = 0;  // compare BM25 scores only
  SearchOptions plain = split;
  plain.weak_terms_optional = false;
  const std::string q = "스케일AI 인공지능 서울";
  const auto a = s.search(q, split).hits;
  const auto b = s.search(q, plain).hits;
  REQUIRE(a.size() == 2);     // only the passages with a rare term
  REQUIRE(b.size() == 1202);  // every passage has 서울
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].passage_id == b[i].passage_id);
    CHECK(a[i].score == doctest::Approx(b[i].score).epsilon(1e-12));
  }
  CHECK(a[0].doc_id == "ai1");
}

TEST_CASE("re-ranking: consecutive query words found close together add the pair bonus") {
  TempDir tmp;
  index_texts(tmp / "idx", {{"near", "인공지능 연구소가 문을 열었다. 오늘 날씨는 맑고 바람이 분다."},
                            {"far", "인공지능 소식이다. 오늘 날씨는 맑고 바람이 분다. 그리고 연구소."}});
  Searcher s(tmp / "idx");
  SearchOptions without;
  without.rerank_pair_weight = 0;
  SearchOptions with = without;
  with.rerank_pair_weight = 8;
  auto score = [&](const SearchOptions& o, const std::string& id) {
    return required_score(s, "인공지능 연구소", o, id);
  };
  CHECK(score(with, "near") - score(without, "near") == doctest::Approx(8.0));
  CHECK(score(with, "far") - score(without, "far") == doctest::Approx(0.0));
}

TEST_CASE("re-ranking: the query's words in one sentence add the sentence bonus, scattered a share") {
  TempDir tmp;
  index_texts(tmp / "idx",
              {{"together", "서울에 인공지능 연구소가 생겼다. 오늘 날씨는 맑다."},
               {"scattered", "서울은 오늘 맑다. 인공지능이 화제다. 연구소도 생겼다."},
               {"other", "부산은 비가 온다."},  // so the shared terms have an idf
               // A quoted sentence ends at its closing quote: `연다."` then a space.
               {"quoted", "그가 말했다. \"서울에 연구소를 연다.\" 인공지능 소식이다."}});
  Searcher s(tmp / "idx");
  SearchOptions without;
  without.rerank_sentence_weight = 0;
  SearchOptions with = without;
  with.rerank_sentence_weight = 8;
  auto gain = [&](std::string_view query, const std::string& id) {
    return required_score(s, query, with, id) - required_score(s, query, without, id);
  };
  // Three content words: all three in one sentence, or one per sentence.
  CHECK(gain("서울 인공지능 연구소", "together") == doctest::Approx(8.0));
  CHECK(gain("서울 인공지능 연구소", "scattered") == doctest::Approx(8.0 / 3));
  CHECK(gain("서울 인공지능 연구소", "quoted") == doctest::Approx(8.0 * 2 / 3));  // 서울, 연구소
  // The score parts say the same, and add up to the score.
  for (const auto& h : s.search("서울 인공지능 연구소", with).hits) {
    const ScoreParts& p = h.score_parts;
    CHECK(p.bm25 + p.words + p.sentence + p.pairs == doctest::Approx(h.score));
    if (h.doc_id == "quoted") continue;
    CHECK(p.sentence == doctest::Approx(h.doc_id == "together" ? 8.0 : 8.0 / 3));
    CHECK(p.words == doctest::Approx(with.rerank_weight));  // all three words in both passages
  }
  // Typed without spaces, the words are guesses (`서울` | `인공지능연구소`, the latter in neither
  // passage): the bonus counts the query's full-weight n-grams by idf instead. One sentence of
  // `together` holds them all (`능연` as `능 연`, the bigram across the space it was indexed as);
  // `scattered` spreads them over three sentences and has no `능연` at all.
  CHECK(rerank_words(s, "서울에인공지능연구소가", with) == "서울 인공지능연구소");
  CHECK(gain("서울에인공지능연구소가", "together") == doctest::Approx(8.0));
  const double nospace_scattered = gain("서울에인공지능연구소가", "scattered");
  CHECK(nospace_scattered > 0.0);
  CHECK(nospace_scattered < 8.0 / 2);
  CHECK(SearchOptions().rerank_sentence_weight > 0);
}

TEST_CASE("score parts: hits below the re-ranked window carry BM25 alone") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // Different BM25 scores: passage i repeats 연구소 i more times.
    for (int i = 0; i < 6; ++i) {
      std::string text = "인공지능 연구소 소식.";
      for (int r = 0; r < i; ++r) text += " 연구소";
      indexer.add({"p" + std::to_string(i), "소식", text, ""});
    }
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 6;
  o.rerank_depth = 2;
  const auto hits = s.search("인공지능 연구소", o).hits;
  REQUIRE(hits.size() == 6);
  for (const auto& h : hits) {
    const ScoreParts& p = h.score_parts;
    CHECK(p.bm25 > 0);
    CHECK(p.bm25 + p.words + p.sentence + p.pairs == doctest::Approx(h.score));
    // The best two by BM25 were re-ranked (every passage holds both words); the rest were not.
    CHECK(p.words == doctest::Approx(h.rank <= 2 ? o.rerank_weight : 0.0));
  }
  o.rerank_weight = 0;  // re-ranking off: no bonus anywhere
  for (const auto& h : s.search("인공지능 연구소", o).hits) {
    CHECK(h.score_parts.words == 0);
    CHECK(h.score_parts.sentence == 0);
    CHECK(h.score_parts.pairs == 0);
    CHECK(h.score == doctest::Approx(h.score_parts.bm25));
  }
}

TEST_CASE("re-ranking: a number with its counter is found whole only with that counter") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"counter", "소식", "15대 총선 결과가 나왔다.", ""});
    indexer.add({"other", "소식", "15개 정당이 총선에 나섰다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions number;  // the content words are `15` and `총선`: both passages have them
  number.rerank_pair_weight = 0;
  number.rerank_sentence_weight = 0;
  number.rerank_compounds = false;
  SearchOptions compound = number;  // `15대` and `총선`
  compound.rerank_compounds = true;
  auto score = [&](const SearchOptions& o, const std::string& id) {
    return required_score(s, "15대 총선", o, id);
  };
  CHECK(score(compound, "counter") - score(number, "counter") == doctest::Approx(0.0));
  CHECK(score(compound, "other") - score(number, "other") == doctest::Approx(-compound.rerank_weight / 2));
  CHECK(SearchOptions().rerank_compounds);
}

TEST_CASE("re-ranking words: a question's verb ending is cut, nouns keep their form") {
  SmallIndex idx;
  auto s = idx.searcher();
  auto words = [&](std::string_view query, bool stems) {
    SearchOptions o;
    o.rerank_stems = stems;
    return rerank_words(s, query, o);
  };
  CHECK(words("대한항공은 주식을 얼마에 취득하였는가?", true) == "대한항공 주식 얼마 취득");
  CHECK(words("대한항공은 주식을 얼마에 취득하였는가?", false) == "대한항공 주식 얼마 취득하였는");
  CHECK(words("무슨 날로 선언했는가", true) == "무슨 날로 선언");
  CHECK(words("체계가 언제 바뀌었나", true) == "체계 언제 바뀌");
  CHECK(words("리얼리티를 방영한 방송국은 개최하는가", true) == "리얼리티 방영 방송국 개최");
  CHECK(words("그가 태어났는가", true) == "그가 태어");
  // Two syllables stay whole; the stem keeps at least two. `해` is an ending too (`하여`), so
  // `지난해` loses it: a known cost of a list without a dictionary.
  CHECK(words("관한 역할 대한 지난해", true) == "관한 역할 대한 지난");
  CHECK(words("15대 총선", true) == "15대 총선");
}

TEST_CASE("re-ranking words: a one-syllable noun with its particle is no content word") {
  SmallIndex idx;
  auto s = idx.searcher();
  auto words = [&](std::string_view query, bool skip) {
    SearchOptions o;
    o.rerank_skip_particle_words = skip;
    return rerank_words(s, query, o);
  };
  CHECK(words("그 해는 외에 결과 마을 지분을", true) == "결과 마을 지분");
  CHECK(words("그 해는 외에 결과 마을 지분을", false) == "해는 외에 결과 마을 지분");
}

TEST_CASE("query without spaces: a long run is split after its particles into words to re-rank") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // The bigrams of 김이수, 고창 and 태어났다, but none of the words whole.
    indexer.add({"scattered", "명단", "김이 이수 태어 어났 났다 창에 에서. 김이 이수 태어 어났 났다.", ""});
    indexer.add({"whole", "김이수", "김이수는 1953년 전라북도 고창에서 태어났다. 서울에서 학교를 다녔다.", ""});
    indexer.add({"other", "날씨", "서울은 오늘 맑고 따뜻하다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  // What the word re-ranking adds to a hit: score with it minus score without it.
  auto gain = [&](std::uint32_t split_runs, const std::string& id) {
    SearchOptions with;
    with.split_runs = split_runs;
    with.rerank_pair_weight = 0;
    with.rerank_prefix_credit = 0;  // `scattered` has 김이, the prefix of 김이수
    with.rerank_sentence_weight = 0;  // the words alone (the sentence bonus has its own test)
    with.rerank_title_weight = 0;     // `whole` is titled 김이수 (title_match_test.cpp)
    SearchOptions without = with;
    without.rerank_weight = 0;
    return hit_score(s, "김이수는고창에서태어났다", with, id).value_or(0.0) -
           hit_score(s, "김이수는고창에서태어났다", without, id).value_or(0.0);
  };
  // Split (김이수 | 고창 | 태어났다): all three words are in `whole`, none in `scattered`.
  CHECK(gain(6, "whole") == doctest::Approx(16.0));
  CHECK(gain(6, "scattered") == doctest::Approx(0.0));
  // Unsplit, the run is one word that no passage has.
  CHECK(gain(0, "whole") == doctest::Approx(0.0));
  // Runs shorter than split_runs stay whole.
  CHECK(gain(13, "whole") == doctest::Approx(0.0));
  CHECK(s.search("김이수는고창에서태어났다").hits.at(0).doc_id == "whole");
}

TEST_CASE("query without spaces: the bigram across a guessed word break weighs as one across a space") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // 는몇 (across the break after 김이수는) is the rarest bigram: only the noise passage has it.
    indexer.add({"noise", "잡음", "그는몇 번이고 말했다.", ""});
    indexer.add({"whole", "김이수", "김이수는 몇 년도에 태어났나. 김이수는 1953년에 태어났다.", ""});
    for (int i = 0; i < 5; ++i) indexer.add({"f" + std::to_string(i), "채움", "김이수 연도 태어났다 " + std::to_string(i), ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions split, unsplit;
  split.rerank_weight = unsplit.rerank_weight = 0;  // BM25 scores only
  unsplit.split_runs = 0;
  auto score = [&](const SearchOptions& o, const std::string& id) {
    return hit_score(s, "김이수는몇년도에태어났는가", o, id).value_or(0.0);
  };
  // The noise passage matches little besides 는몇: splitting takes most of its score away.
  CHECK(score(split, "noise") < 0.5 * score(unsplit, "noise"));
  CHECK(score(split, "whole") > score(split, "noise"));
}

TEST_CASE("a Latin word typed together with the next is split into words the index has") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"song", "노래", "FAKE LOVE는 방탄소년단의 노래이다.", ""});
    indexer.add({"journal", "학술지", "PLoS Biology는 2003년에 창간되었다.", ""});
    indexer.add({"bigdata", "데이터", "Bigdata 플랫폼을 소개한다. Big Data 라는 말도 쓴다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions whole, split;
  split.split_words = true;  // off by default
  CHECK(s.search("FAKELOVE", whole).hits.empty());  // no such term
  const auto hits = s.search("FAKELOVE", split);
  REQUIRE(!hits.hits.empty());
  CHECK(hits.hits[0].doc_id == "song");
  CHECK(s.explain("PLoSBiology", split).terms == std::vector<std::string>{"biology", "plos"});
  // A word the index has stays whole, although its pieces are terms too.
  CHECK(s.explain("bigdata", split).terms == std::vector<std::string>{"bigdata"});
  // No split into pieces the index has: the word is kept (and matches nothing).
  CHECK(s.explain("fakexyzq", split).terms == std::vector<std::string>{"fakexyzq"});
}

TEST_CASE("re-ranking: hits tied with the last of the window are re-ranked too, whatever their docid") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // `인공 지능` and `인공지능` give the same terms (인공, 공지 across the space, 지능), so all 24
    // passages tie in BM25; the whole word is only in the last four (the highest docids).
    for (int i = 0; i < 24; ++i) {
      const bool whole = i >= 20;
      indexer.add({(whole ? "whole" : "scattered") + std::to_string(i), "자료",
                   std::string(whole ? "인공지능" : "인공 지능") + " 자료 " + std::to_string(100 + i), ""});
    }
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions bm25_only;
  bm25_only.rerank_weight = 0;
  bm25_only.k = 24;
  const auto plain = s.search("인공지능", bm25_only).hits;
  REQUIRE(plain.size() == 24);
  CHECK(plain[19].score == plain[23].score);  // the tie straddles rank 20
  CHECK(plain[0].doc_id == "scattered0");      // ties by docid
  // The window (rerank_depth 20) takes in ranks 21-24 as they tie with rank 20.
  const auto top = s.search("인공지능").hits;
  REQUIRE(!top.empty());
  CHECK(top[0].doc_id.rfind("whole", 0) == 0);
}

TEST_CASE("re-ranking: a Hangul word found only without its last syllable earns the prefix credit") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"born", "김이수", "김이수는 1953년에 태어났다. interview 기사가 있다.", ""});
    indexer.add({"other", "김이수", "김이수는 판사로 일했다. 기사가 있다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  auto score = [&](double credit, const std::string& id) {
    SearchOptions o;
    o.rerank_pair_weight = 0;
    o.rerank_prefix_credit = credit;
    o.rerank_stems = false;  // else the word is the stem 태어, found whole
    // Content words: 김이수, 태어났는 (태어났다 in `born`), interviews (Latin: no prefix credit).
    return required_score(s, "김이수는 태어났는가 interviews", o, id);
  };
  CHECK(score(0.5, "born") - score(0, "born") == doctest::Approx(16.0 * 0.5 / 3));
  CHECK(score(1, "born") - score(0, "born") == doctest::Approx(16.0 / 3));
  CHECK(score(1, "other") - score(0, "other") == doctest::Approx(0.0));
}

TEST_CASE("max_strong_terms: a long query's extra terms become optional, the best hit stays") {
  SmallIndex idx;
  auto s = idx.searcher();
  SearchOptions all_strong, capped;
  // In this tiny index no term is common: make every term strong, then cap them.
  all_strong.common_min = 0;
  all_strong.common_fraction = 1.0;
  all_strong.max_strong_terms = 0;
  capped = all_strong;
  capped.max_strong_terms = 2;
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
  o.common_min = 0;
  o.common_fraction = 0.5;
  o.max_strong_terms = 0;
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
