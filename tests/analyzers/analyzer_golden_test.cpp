// Golden tests: each row is an input and the tokens it must become, written by hand as
// "term[position]@begin-end" (byte offsets into the original input). Never derived from the code.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/core/error.hpp"

namespace {

std::string render(const std::vector<kosearch::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) {
    if (!out.empty()) out += ' ';
    out += t.term + "[" + std::to_string(t.position) + "]@" + std::to_string(t.begin) + "-" +
           std::to_string(t.end);
  }
  return out;
}

std::string terms(const std::vector<kosearch::Token>& tokens) {
  std::string out;
  for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t.term;
  return out;
}

struct Golden {
  const char* name;
  const char* input;
  const char* expect;
};

const Golden kGolden[] = {
    {"hangul bigrams", "지분을", "지분[0]@0-6 분을[1]@3-9"},
    {"script split with particle", "스케일AI의",
     "스케[0]@0-6 케일[1]@3-9 ai[2]@9-11 의[3]@11-14"},
    {"spaced variant has the same terms and positions", "스케일 AI",
     "스케[0]@0-6 케일[1]@3-9 ai[2]@10-12"},
    // A number and the syllable glued to it (its counter) are also one term, at its position.
    {"number then hangul", "143억", "143[0]@0-3 143억[0]@0-6 억[1]@3-6"},
    {"number with its counter, then a particle", "2009년에", "2009[0]@0-4 2009년[0]@0-7 년에[1]@4-10"},
    {"a date", "5월 6일", "5[0]@0-1 5월[0]@0-4 월[1]@1-4 6[2]@5-6 6일[2]@5-9 일[3]@6-9"},
    {"a space: no counter", "3 명", "3[0]@0-1 명[1]@2-5"},
    {"a particle is no counter", "20에서", "20[0]@0-2 에서[1]@2-8"},
    {"a model name takes no counter", "G20정상회의",
     "g[0]@0-1 g20[0]@0-3 20[1]@1-3 정상[2]@3-9 상회[3]@6-12 회의[4]@9-15"},
    {"letters and a number typed together", "G20 H100칩 100km",
     "g[0]@0-1 g20[0]@0-3 20[1]@1-3 h[2]@4-5 h100[2]@4-8 100[3]@5-8 칩[4]@8-11 "
     "100[5]@12-15 100km[5]@12-17 km[6]@15-17"},
    {"percent and thousands separator", "49% 19,600원",
     "49[0]@0-2 19600[1]@4-10 19600원[1]@4-13 원[2]@10-13"},
    {"decimal number stays whole", "49.5%", "49.5[0]@0-4"},
    {"full-width latin folds to ascii", "\xEF\xBC\xA1\xEF\xBC\xA9", "ai[0]@0-6"},
    {"case folding; a hyphen separates", "Meta GPT-4", "meta[0]@0-4 gpt[1]@5-8 4[2]@9-10"},
    // U+1100 U+1161 U+11AB (NFD 한) then U+1100 U+116E U+11A8 (NFD 국): composed to 한국.
    {"decomposed jamo compose to syllables",
     "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB\xE1\x84\x80\xE1\x85\xAE\xE1\x86\xA8",
     "한국[0]@0-18"},
    {"one-syllable word is a unigram", "왕 CEO", "왕[0]@0-3 ceo[1]@4-7"},
    {"emoji is a separator", "메타😀AI", "메타[0]@0-6 ai[1]@10-12"},
    {"url splits into words", "https://ex.com/a1", "https[0]@0-5 ex[1]@8-10 com[2]@11-14 a[3]@15-16 a1[3]@15-17 1[4]@16-17"},
    {"email splits into words", "kim@news.co.kr", "kim[0]@0-3 news[1]@4-8 co[2]@9-11 kr[3]@12-14"},
    {"invalid utf-8 byte is a separator, offsets stay exact", "지분\xFF을",
     "지분[0]@0-6 을[1]@7-10"},
    {"truncated sequence at end", "AI\xE1\x84", "ai[0]@0-2"},
    {"circled-letter company mark", "\xE3\x88\x9C메타", "주[0]@0-3 메타[1]@3-9"},
    {"hanja bigrams", "三星電子", "三星[0]@0-6 星電[1]@3-9 電子[2]@6-12"},
    {"only punctuation", "?!…,.", ""},
    {"empty", "", ""},
};

}  // namespace

TEST_CASE("ko-bigram golden table") {
  const kosearch::Analyzer analyzer;
  for (const auto& row : kGolden) {
    CAPTURE(row.name);
    CHECK(render(analyzer.analyze(row.input)) == row.expect);
  }
}

TEST_CASE("spacing variants produce the same terms") {
  const kosearch::Analyzer analyzer;
  CHECK(terms(analyzer.analyze("스케일AI 지분")) == terms(analyzer.analyze("스케일 AI 지분")));
  CHECK(terms(analyzer.analyze("스케일AI의")) == "스케 케일 ai 의");
  CHECK(terms(analyzer.analyze("ＡＩ 인프라 650억")) == "ai 인프 프라 650 650억 억");
}

TEST_CASE("ko-bigram-nocompounds keeps a number apart from its counter and letters") {
  const auto analyzer = kosearch::Analyzer::by_name("ko-bigram-nocompounds");
  CHECK(render(analyzer.analyze("143억 5월 G20")) == "143[0]@0-3 억[1]@3-6 5[2]@7-8 월[3]@8-11 g[4]@12-13 20[5]@13-15");
  CHECK(analyzer.signature() != kosearch::Analyzer().signature());
}

TEST_CASE("particles stay in the bigrams of the word they are glued to") {
  const kosearch::Analyzer analyzer;
  // The stem's bigram is identical with and without the particle, so `지분` matches `지분을`.
  CHECK(terms(analyzer.analyze("지분을")) == "지분 분을");
  CHECK(terms(analyzer.analyze("메타는")) == "메타 타는");
}

TEST_CASE("leading unigram option") {
  const auto analyzer = kosearch::Analyzer::by_name("ko-bigram-lead");
  CHECK(render(analyzer.analyze("왕이 지분")) == "왕[0]@0-3 왕이[0]@0-6 이지[1]@3-10 지[1]@7-10 지분[1]@7-13");
}

TEST_CASE("offsets always point into the original input") {
  const kosearch::Analyzer analyzer;
  const std::string inputs[] = {"스케일AI의 지분을 49% 확보했다", "\xEF\xBC\xA1\xEF\xBC\xA9스케일",
                                "a\xC3\x28" "b 한\xED\xA0\x80" "국", std::string("x\0y", 3)};
  for (const auto& in : inputs) {
    for (const auto& t : analyzer.analyze(in)) {
      REQUIRE(t.begin < t.end);
      REQUIRE(t.end <= in.size());
    }
  }
}

TEST_CASE("cross-space bigram option") {
  const auto analyzer = kosearch::Analyzer::by_name("ko-bigram");
  // 국군 spans the space and shares the position of 군대; no bigram across punctuation or
  // into another script.
  CHECK(render(analyzer.analyze("미국 군대, 내 AI")) ==
        "미국[0]@0-6 국군[1]@3-10 군대[1]@7-13 내[2]@15-18 ai[3]@19-21");
}

TEST_CASE("unknown analyzer name lists the valid ones") {
  CHECK_THROWS_WITH_AS(kosearch::Analyzer::by_name("nori"),
                       doctest::Contains("ko-bigram"), kosearch::Error);
}

TEST_CASE("registry: every name builds the analyzer of that name, the default first") {
  const std::vector<std::string> names = kosearch::analyzer_names();
  CHECK(names == std::vector<std::string>{"ko-bigram", "ko-bigram-lead", "ko-bigram-nox",
                                          "ko-bigram-nocompounds"});
  CHECK(names.front() == kosearch::kDefaultAnalyzer);
  CHECK(kosearch::Analyzer().name() == kosearch::kDefaultAnalyzer);
  std::vector<std::string> chains;
  for (const auto& n : names) {
    const auto a = kosearch::Analyzer::by_name(n);
    CHECK(a.name() == n);
    chains.push_back(a.describe());
  }
  // Each name stands for other options (a new row with the options of an old one is a mistake).
  std::sort(chains.begin(), chains.end());
  CHECK(std::adjacent_find(chains.begin(), chains.end()) == chains.end());
  CHECK(kosearch::Analyzer::by_name("ko-bigram").signature() == kosearch::Analyzer().signature());
}

TEST_CASE("signature changes with options") {
  const kosearch::Analyzer a;
  const auto b = kosearch::Analyzer::by_name("ko-bigram-lead");
  CHECK(a.signature() != b.signature());
  CHECK(a.signature().rfind("ko-bigram/", 0) == 0);
}

TEST_CASE("ko-bigram-nox emits no bigram across a space") {
  const auto analyzer = kosearch::Analyzer::by_name("ko-bigram-nox");
  CHECK(render(analyzer.analyze("미국 군대")) == "미국[0]@0-6 군대[1]@7-13");
}

TEST_CASE("normalize: NFKC case folding as text, written by hand") {
  const auto a = kosearch::Analyzer::by_name("ko-bigram");
  CHECK(a.normalize("ＳＣＡＬＥ ＡＩ") == "scale ai");                     // full-width Latin
  CHECK(a.normalize("메타(Meta)는") == "메타(meta)는");                    // Hangul kept, Latin folded
  CHECK(a.normalize("㈜스케일 ﬁ Ⅻ") == "(주)스케일 fi xii");              // compatibility forms
  CHECK(a.normalize("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8") == "각");      // conjoining jamo compose
  CHECK(a.normalize("가\xe1\x86\xa8") == "각");                            // syllable + final jamo
  CHECK(a.normalize("a\xff" "b") == "a\xef\xbf\xbd" "b");                  // invalid byte -> U+FFFD
  CHECK(a.normalize("") == "");
}
