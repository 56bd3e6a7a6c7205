#pragma once
// Internal: Korean particles (josa), the one home of every particle list. Each list serves one
// use and differs from the others on purpose (what a wrong strip costs differs); a new particle
// goes into each list whose use it fits. tests/korean/korean_test.cpp holds them as golden tables.

#include <algorithm>
#include <array>
#include <cstddef>
#include <string_view>

namespace kosearch::korean {

// Query building (searcher/src/query_builder.cpp): particles that end a word, longest first. A
// short closed list: they lower the weight of the n-grams that cover them, nothing is deleted.
inline constexpr std::array<std::string_view, 32> kQueryParticles = {
    "에서는", "으로는", "에게서", "에서", "으로", "에게", "까지", "부터", "처럼", "보다",
    "한테", "이나", "에는", "와의", "과의", "로서", "로써", "이란", "이며", "이다",
    "을", "를", "이", "가", "은", "는", "의", "에", "로", "와", "과", "도"};

// Number of trailing syllables of `run_text` (`run_syllables` Hangul syllables) that form one of
// kQueryParticles, 0 if none; the particle never takes the whole run.
inline std::size_t particle_syllables(std::string_view run_text, std::size_t run_syllables) {
  for (std::string_view p : kQueryParticles) {
    const std::size_t syl = p.size() / 3;  // Hangul syllables are 3 UTF-8 bytes
    if (run_syllables > syl && run_text.size() >= p.size() &&
        run_text.compare(run_text.size() - p.size(), p.size(), p) == 0) {
      return syl;
    }
  }
  return 0;
}

// Analyzer (analyzers/src/analyzer.cpp): one-syllable particles that never count anything: a
// number followed by one of them (`20에`, `3은`) gets no compound term. `도` (degrees) and `가`
// (`종로3가`) count, so they are not here.
inline constexpr std::array<char32_t, 9> kNumberParticles = {U'을', U'를', U'은', U'는', U'의',
                                                             U'에', U'와', U'과', U'로'};

inline bool is_particle_syllable(char32_t c) {
  return std::find(kNumberParticles.begin(), kNumberParticles.end(), c) != kNumberParticles.end();
}

// One-syllable words (searcher/src/one_syllable.cpp): first syllables of the particles a noun
// takes (`으` of `으로`, `에` of `에서`, `께` of `께서`).
inline constexpr std::array<std::string_view, 15> kParticleStarts = {
    "은", "는", "이", "가", "을", "를", "의", "에", "도", "와", "과", "로", "으", "만", "께"};

// Suggestions (searcher/src/suggest/suggester.cpp): particles a suggested word may end with
// (`대한민국의`), longest first.
inline constexpr std::array<std::string_view, 15> kSuggestParticles = {
    "에서", "으로", "에게", "까지", "부터", "은", "는", "이", "가", "을", "를", "의", "에", "와", "과"};

// Suggestion terms (indexer/src/suggest_terms.cpp): particles that seldom end a noun, stripped
// whenever two or more syllables stay.
inline constexpr std::array<std::string_view, 25> kSafeParticles = {
    "에서는", "으로는", "에게서", "에서", "으로", "에게", "까지", "부터", "처럼", "보다", "한테", "에는", "와의",
    "과의",   "로서",   "로써",   "이란", "이며", "이다", "에도", "은",   "는",   "을",   "를",   "에"};
// Particles that also end many nouns (`나이`, `국가`, `회의`, `결과`): stripped only when the
// article also has the rest as a word.
inline constexpr std::array<std::string_view, 7> kRiskyParticles = {"이", "가", "의", "로", "와", "과", "도"};
// Two-syllable nouns in `의` that end longer ones (`민주주의`, `국무회의`): `의` stays on them.
inline constexpr std::array<std::string_view, 20> kNounsInUi = {
    "주의", "회의", "합의", "논의", "협의", "강의", "정의", "동의", "건의", "결의",
    "토의", "모의", "유의", "문의", "예의", "의의", "창의", "호의", "신의", "질의"};

}  // namespace kosearch::korean
