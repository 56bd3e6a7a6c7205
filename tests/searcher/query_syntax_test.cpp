// Query operators: "phrases" every hit holds, -words and -"phrases" none holds. The parser and the
// phrase matcher on their own, then searches over small real indexes.

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "phrase.hpp"
#include "query_syntax.hpp"
#include "index_texts.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::detail::parse_query_syntax;
using kosearch::detail::Phrase;
using kosearch::test::index_texts;
using kosearch::test::TempDir;

namespace {

// Whether `phrase` occurs in `text`, both as a user would type them (the text normalized as the
// searcher does).
bool phrase_in(std::string_view phrase, std::string_view text, const Analyzer& a = Analyzer()) {
  return Phrase(a, phrase).found_in(a.normalize(text));
}

std::set<std::string> ids(const SearchResults& r) {
  std::set<std::string> out;
  for (const auto& h : r.hits) out.insert(h.doc_id);
  return out;
}

}  // namespace

TEST_CASE("query syntax: phrases, exclusions and what stays text") {
  auto p = parse_query_syntax("\"스케일 AI\" 지분 -메타");
  CHECK(p.phrases == std::vector<std::string>{"스케일 AI"});
  CHECK(p.excluded == std::vector<std::string>{"메타"});
  // The quotes stay (the analyzer reads them as separators); the exclusion is blanked.
  CHECK(p.text == "\"스케일 AI\" 지분 " + std::string(std::string_view("-메타").size(), ' '));
  CHECK(p.text.size() == std::string_view("\"스케일 AI\" 지분 -메타").size());

  p = parse_query_syntax("“알렉산더 왕” -\"메타 AI\" -오픈AI");
  CHECK(p.phrases == std::vector<std::string>{"알렉산더 왕"});
  CHECK(p.excluded == std::vector<std::string>{"메타 AI", "오픈AI"});

  // Not operators: a dash inside a word, before a digit or alone; an unclosed quote; an empty
  // phrase.
  for (const char* q : {"A-B 협상", "기온 -3도", "1 - 2", "-", "끝에 -", "\"박정희 정권 지지 철회' 인터뷰", "\"\" 지분",
                        "-\"메타 지분", "“열린 따옴표"}) {
    CAPTURE(q);
    p = parse_query_syntax(q);
    CHECK(p.phrases.empty());
    CHECK(p.excluded.empty());
    CHECK(p.text == q);
  }
  // A quote closes with ", ＂, “ or ”.
  CHECK(parse_query_syntax("“메타\" 투자").phrases == std::vector<std::string>{"메타"});
  CHECK(parse_query_syntax("“메타“ 투자").phrases == std::vector<std::string>{"메타"});
  CHECK(parse_query_syntax("＂메타＂").phrases == std::vector<std::string>{"메타"});
}

TEST_CASE("phrase matching: spaces may differ except inside and between Latin words and numbers") {
  // Korean spacing varies: between Hangul syllables and at a script change, spaces do not matter.
  CHECK(phrase_in("알렉산더 왕", "스케일AI 창업자 알렉산더 왕이 이끈다"));
  CHECK(phrase_in("알렉산더왕", "스케일AI 창업자 알렉산더 왕이 이끈다"));
  CHECK(phrase_in("알렉산더 왕", "창업자 알렉산더왕이 이끈다"));
  CHECK(phrase_in("스케일 AI", "메타는 스케일AI의 지분"));
  CHECK(phrase_in("스케일AI", "메타는 스케일 AI의 지분"));
  CHECK(phrase_in("ＳＣＡＬＥ ai", "Scale AI said"));  // NFKC and case folding
  // Words must be in order and adjacent.
  CHECK_FALSE(phrase_in("알렉산더 왕", "왕 알렉산더"));
  CHECK_FALSE(phrase_in("스케일AI 지분", "스케일AI의 지분"));
  // Typed together, the index has their bigram only across spaces, not across a line break.
  CHECK_FALSE(phrase_in("알렉산더왕", "알렉산더\n왕"));
  CHECK(phrase_in("알렉산더 왕", "알렉산더\n왕"));
  // Latin words and numbers keep their spacing and their ends.
  CHECK_FALSE(phrase_in("scale ai", "scaleai"));
  CHECK_FALSE(phrase_in("AI", "OpenAI 발표"));
  CHECK(phrase_in("AI", "오픈AI 발표"));  // a script change ends a word
  CHECK_FALSE(phrase_in("650", "1650억"));
  CHECK(phrase_in("650억", "650 억 달러"));
  // A Hangul phrase may start or end inside a word (particles, compounds).
  CHECK(phrase_in("케일", "스케일AI"));
  // Numbers are the analyzer's: `1,2` is the number 12, `3.5.1` one number.
  CHECK_FALSE(phrase_in("1, 2", "1,2"));
  CHECK_FALSE(phrase_in("3.5", "버전 3.5.1 출시"));
  CHECK(phrase_in("3.5", "버전 3.5 출시"));
  CHECK(phrase_in("OpenAI", "openai와 AI"));
  CHECK(phrase_in("AI", "OpenAI와 AI"));  // the second occurrence is a whole word
}

TEST_CASE("phrase terms: what every passage holding the phrase has") {
  const Analyzer a;
  auto terms = [&](std::string_view phrase) {
    auto t = Phrase(a, phrase).required_terms();
    std::sort(t.begin(), t.end());
    return t;
  };
  // No bigram across the typed space (`더왕`), no compound (`650억`), no one-syllable word.
  CHECK(terms("알렉산더 왕") == std::vector<std::string>{"렉산", "산더", "알렉"});
  CHECK(terms("650억 달러") == std::vector<std::string>{"650", "달러"});
  // Only one-syllable words: they are all there is.
  CHECK(terms("왕") == std::vector<std::string>{"왕"});
  // The one term whose presence means the phrase is there: its bigram is also the one across a
  // space, which the phrase allows.
  CHECK(Phrase(a, "메타").sole_term() == "메타");
  CHECK(phrase_in("메타", "메 타"));
  CHECK(Phrase(a, "OpenAI").sole_term() == "openai");
  CHECK(Phrase(a, "스케일").sole_term().empty());   // 스케 and 케일 apart are not 스케일
  CHECK(Phrase(a, "19600").sole_term().empty());    // the term of 19,600 too
  CHECK(Phrase(a, "메 타").sole_term().empty());
  CHECK(Phrase(a, "?!").empty());
}

TEST_CASE("search: a phrase keeps only the passages that hold it, ranked as without quotes") {
  TempDir tmp;
  index_texts(tmp / "idx", {{"together", "메타는 스케일 AI 지분 49%를 확보했다."},
                               {"glued", "메타는 스케일AI의 지분을 사들였다."},
                               {"scattered", "스케일 조정 이후 AI 투자와 지분 정리가 이어졌다."},
                               {"other", "서울은 오늘 맑고 따뜻하다."}});
  Searcher s(tmp / "idx");
  const auto plain = s.search("스케일 AI 지분");
  CHECK(ids(plain).count("scattered") == 1);
  const auto phrase = s.search("\"스케일 AI\" 지분");
  CHECK(ids(phrase) == std::set<std::string>{"together", "glued"});
  CHECK(phrase.total == 2);
  // The same scores as the query without quotes: the phrase filters, the words rank.
  for (const auto& h : phrase.hits) {
    const auto it = std::find_if(plain.hits.begin(), plain.hits.end(), [&](const Hit& p) { return p.doc_id == h.doc_id; });
    REQUIRE(it != plain.hits.end());
    CHECK(h.score == doctest::Approx(it->score));
  }
  // Off: quotes are text.
  SearchOptions off;
  off.query_syntax = false;
  CHECK(ids(s.search("\"스케일 AI\" 지분", off)).count("scattered") == 1);
  // A phrase nowhere: nothing.
  CHECK(s.search("\"지분 스케일\"").hits.empty());
  const QueryPlan plan = s.explain("\"스케일 AI\" 지분 -메타", {});
  CHECK(plan.phrases == std::vector<std::string>{"스케일 ai"});
  CHECK(plan.excluded == std::vector<std::string>{"메타"});
}

TEST_CASE("search: an excluded word or phrase leaves out every passage that holds it") {
  TempDir tmp;
  index_texts(tmp / "idx", {{"meta", "메타는 스케일 AI 지분 49%를 확보했다."},
                               {"google", "구글은 스케일 AI와 거리를 뒀다."},
                               {"openai", "오픈AI도 스케일 AI 지분을 검토했다."}});
  Searcher s(tmp / "idx");
  CHECK(ids(s.search("스케일 AI")) == std::set<std::string>{"meta", "google", "openai"});
  CHECK(ids(s.search("스케일 AI -메타")) == std::set<std::string>{"google", "openai"});
  CHECK(ids(s.search("스케일 AI -\"AI 지분\"")) == std::set<std::string>{"google"});
  // `-AI` leaves out `오픈AI` too (a script change ends a word), not words that merely hold it.
  CHECK(ids(s.search("스케일 -지분을")) == std::set<std::string>{"meta", "google"});
  // Only exclusions: nothing to rank.
  CHECK(s.search("-메타").hits.empty());
  // A one-term exclusion is Xapian's (no text read); a longer one is checked in the text.
  CHECK(s.explain("스케일 AI -메타", {}).description.find("AND_NOT") != std::string::npos);
  CHECK(s.explain("스케일 AI -\"AI 지분\"", {}).description.find("AND_NOT") == std::string::npos);
  CHECK(s.search("지분 -지분").hits.empty());
}

TEST_CASE("search: phrase filters page without repeats and keep one passage per article") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    // Long articles (several passages): the first passages have the words scattered, often; the
    // last one holds the phrase once when `n` is even.
    for (int n = 0; n < 12; ++n) {
      std::string text;
      for (int k = 0; k < 25; ++k) text += "스케일 조정 이후 AI 투자와 지분 정리가 이어졌다. ";
      for (int k = 0; k < 15; ++k) text += "오늘 날씨는 맑고 바람이 분다. ";
      text += n % 2 == 0 ? "마지막으로 메타는 스케일 AI 지분을 확보했다." : "마지막으로 메타는 지분을 팔았다.";
      indexer.add({"a" + std::to_string(n), "소식", text, ""});
    }
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.one_per_article = true;
  o.k = 20;
  o.group_duplicates = false;  // the articles differ by one sentence: copies of each other
  // What makes the test: without the phrase, an article's best passage is one without it.
  for (const auto& h : s.search("지분 스케일 AI", o).hits) CHECK(h.text.find("스케일 AI") == std::string::npos);
  const auto r = s.search("지분 \"스케일 AI\"", o);
  CHECK(r.hits.size() == 6);  // each even article once, by its passage that holds the phrase
  for (const auto& h : r.hits) CHECK(h.text.find("스케일 AI") != std::string::npos);

  o.one_per_article = false;
  o.k = 4;
  std::vector<std::string> seen;
  for (std::uint32_t offset = 0; offset < 12; offset += 4) {
    o.offset = offset;
    const auto page = s.search("지분 \"스케일 AI\"", o);
    for (std::size_t i = 0; i < page.hits.size(); ++i) {
      CHECK(page.hits[i].rank == offset + i + 1);
      CHECK(page.hits[i].text.find("스케일 AI") != std::string::npos);
      seen.push_back(page.hits[i].passage_id);
    }
  }
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  CHECK(seen.size() == 6);
}
