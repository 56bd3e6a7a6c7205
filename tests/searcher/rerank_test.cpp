// Re-ranking and queries without spaces, on small real texts written into a real on-disk index.

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
  bm25_only.ranking.rerank_weight = 0;
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
  split.ranking.rerank_weight = 0;  // compare BM25 scores only
  SearchOptions plain = split;
  plain.ranking.weak_terms_optional = false;
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
  without.ranking.rerank_pair_weight = 0;
  SearchOptions with = without;
  with.ranking.rerank_pair_weight = 8;
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
  without.ranking.rerank_sentence_weight = 0;
  SearchOptions with = without;
  with.ranking.rerank_sentence_weight = 8;
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
    CHECK(p.bm25 + p.words + p.sentence + p.pairs + p.title + p.length == doctest::Approx(h.score));
    if (h.doc_id == "quoted") continue;
    CHECK(p.sentence == doctest::Approx(h.doc_id == "together" ? 8.0 : 8.0 / 3));
    CHECK(p.words == doctest::Approx(with.ranking.rerank_weight));  // all three words in both passages
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
  CHECK(SearchOptions().ranking.rerank_sentence_weight > 0);
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
  o.ranking.rerank_depth = 2;
  const auto hits = s.search("인공지능 연구소", o).hits;
  REQUIRE(hits.size() == 6);
  for (const auto& h : hits) {
    const ScoreParts& p = h.score_parts;
    CHECK(p.bm25 > 0);
    CHECK(p.bm25 + p.words + p.sentence + p.pairs + p.title + p.length == doctest::Approx(h.score));
    // The best two by BM25 were re-ranked (every passage holds both words); the rest were not.
    CHECK(p.words == doctest::Approx(h.rank <= 2 ? o.ranking.rerank_weight : 0.0));
  }
  o.ranking.rerank_weight = 0;  // re-ranking off: no bonus anywhere
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
  number.ranking.rerank_pair_weight = 0;
  number.ranking.rerank_sentence_weight = 0;
  number.ranking.rerank_compounds = false;
  SearchOptions compound = number;  // `15대` and `총선`
  compound.ranking.rerank_compounds = true;
  auto score = [&](const SearchOptions& o, const std::string& id) {
    return required_score(s, "15대 총선", o, id);
  };
  CHECK(score(compound, "counter") - score(number, "counter") == doctest::Approx(0.0));
  CHECK(score(compound, "other") - score(number, "other") == doctest::Approx(-compound.ranking.rerank_weight / 2));
  CHECK(SearchOptions().ranking.rerank_compounds);
}

TEST_CASE("re-ranking words: a question's verb ending is cut, nouns keep their form") {
  SmallIndex idx;
  auto s = idx.searcher();
  auto words = [&](std::string_view query, bool stems) {
    SearchOptions o;
    o.ranking.rerank_stems = stems;
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
    o.ranking.rerank_skip_particle_words = skip;
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
    with.ranking.split_runs = split_runs;
    with.ranking.rerank_pair_weight = 0;
    with.ranking.rerank_sentence_weight = 0;  // the words alone (the sentence bonus has its own test)
    with.ranking.rerank_title_weight = 0;     // `whole` is titled 김이수 (title_match_test.cpp)
    with.ranking.rerank_length_weight = 0;    // the length prior has its own test
    SearchOptions without = with;
    without.ranking.rerank_weight = 0;
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
  split.ranking.rerank_weight = unsplit.ranking.rerank_weight = 0;  // BM25 scores only
  unsplit.ranking.split_runs = 0;
  auto score = [&](const SearchOptions& o, const std::string& id) {
    return hit_score(s, "김이수는몇년도에태어났는가", o, id).value_or(0.0);
  };
  // The noise passage matches little besides 는몇: splitting takes most of its score away.
  CHECK(score(split, "noise") < 0.5 * score(unsplit, "noise"));
  CHECK(score(split, "whole") > score(split, "noise"));
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
  bm25_only.ranking.rerank_weight = 0;
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
