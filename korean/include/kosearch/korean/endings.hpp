#pragma once
// Internal: endings of Korean verbs and adjectives (eomi), and the stem a question's verb shares
// with a passage's form of it. tests/korean/korean_test.cpp holds them as golden tables.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include "kosearch/korean/hangul.hpp"

namespace kosearch::korean {

// Whether `syl` has ㅆ as final consonant: the past tense fused into a syllable (했, 였, 났).
inline bool has_final_ssang_siot(char32_t syl) {
  constexpr int kSsangSiot = 20;
  return is_syllable(syl) && final_of(syl) == kSsangSiot;
}

// Question endings, longest first, then the verb-forming 하/되 and their adnominal forms
// (verb_stem()).
inline constexpr std::array<std::string_view, 22> kQuestionEndings = {
    "는가", "는지", "인가", "은가", "던가", "하는", "되는", "하던", "되던", "하게", "하여",
    "하기", "하고", "되어", "한", "된", "할", "될", "하", "되", "해", "돼"};

// The stem of a Hangul word as a question phrases it (`취득하였는`, `선언했는`, `바뀌었나`,
// `방영한`, `개최하는`) — what a passage's form of the same verb shares (`취득`, `선언`, `바뀌`,
// `방영`, `개최`). A short closed list; the stem keeps two or more syllables.
inline std::string verb_stem(std::string word) {
  constexpr std::size_t kMin = 2;
  auto syl = [&] { return word.size() / 3; };
  if (syl() <= kMin || !is_syllable(syllable_at(word, 0))) return word;
  // The past tense, fused into a syllable (했, 였, 었, 났, 됐), and at most two syllables of
  // ending after it (`는가`; in a query typed without spaces more may follow: `되었던년도`): cut
  // there.
  for (std::size_t k = std::max(kMin, syl() - std::min(syl(), std::size_t{3})); k < syl(); ++k) {
    if (has_final_ssang_siot(syllable_at(word, k))) {
      word.resize(k * 3);
      break;
    }
  }
  for (int round = 0; round < 2; ++round) {
    for (std::string_view e : kQuestionEndings) {
      if (word.size() >= e.size() + kMin * 3 && word.compare(word.size() - e.size(), e.size(), e) == 0) {
        word.resize(word.size() - e.size());
        break;
      }
    }
  }
  return word;
}

// Suggestion terms (indexer/src/suggest_terms.cpp): endings of verbs and adjectives that mark a
// word nobody types into a search box (`있다`, `했다`); see also kFunctionWords.
inline constexpr std::array<std::string_view, 20> kPredicateEndings = {
    "었다", "았다", "했다", "였다", "한다", "된다", "있다", "없다", "하는", "되는",
    "있는", "없는", "하고", "하며", "하여", "해서", "되어", "하였", "었던", "했던"};

}  // namespace kosearch::korean
