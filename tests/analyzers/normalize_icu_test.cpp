// Analyzer::normalize against ICU's NFKC_Casefold of the whole string, on random mixes of the
// characters where a fast path could go wrong: a capital, a syllable or an ASCII letter followed
// by a combining or conjoining character, compatibility forms, characters outside the BMP.

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "icu_reference.hpp"
#include "kosearch/analyzers/analyzer.hpp"

using kosearch::test::icu_nfkc_casefold;

TEST_CASE("normalize equals ICU's NFKC_Casefold of the whole text (valid UTF-8)") {
  const auto a = kosearch::Analyzer::by_name("ko-bigram");
  const std::vector<std::string> pieces = {
      "가", "각", "힣", "메타", "A", "Z", "a", "z", " ", ".", "1", "\n",
      "\xe1\x84\x80",  // U+1100 choseong kiyeok (conjoining)
      "\xe1\x85\xa1",  // U+1161 jungseong a
      "\xe1\x86\xa8",  // U+11A8 jongseong kiyeok
      "\xcc\x81",      // U+0301 combining acute
      "\xcc\xa3",      // U+0323 combining dot below
      "Ａ", "ｂ", "㈜", "ﬁ", "Ⅻ", "·", "“", "ẞ", "Ω", "ﾊ", "\xef\xbe\x9e",  // U+FF9E halfwidth voiced mark
      "漢", "𝐀", "😀", "\xe3\x85\x8f",  // U+314F compatibility jamo
  };
  std::mt19937 rng(20261202);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1), len(0, 12);
  for (int i = 0; i < 5000; ++i) {
    std::string s;
    for (std::size_t k = len(rng); k > 0; --k) s += pieces[pick(rng)];
    CAPTURE(s);
    CHECK(a.normalize(s) == icu_nfkc_casefold(s));
  }
}
