#pragma once
// Internal: precomposed Hangul syllables (U+AC00..U+D7A3), which Unicode lays out as
// initial x vowel x final consonant: what the spelling variants, the question-ending stems and
// the typing helpers (searcher/src/suggest/typing.hpp) take apart and put together.

#include <cstddef>
#include <string_view>

#include "kosearch/core/utf8.hpp"

namespace kosearch::korean {

inline constexpr char32_t kSyllableBase = 0xAC00;
inline constexpr int kInitials = 19, kVowels = 21, kFinals = 28;

inline bool is_syllable(char32_t c) { return c >= kSyllableBase && c <= 0xD7A3; }

// Index of a syllable's final consonant (0: none, 20: ㅆ).
inline int final_of(char32_t syllable) { return static_cast<int>(syllable - kSyllableBase) % kFinals; }
// Index of a syllable's initial consonant (0: ㄱ .. 18: ㅎ) and vowel (0: ㅏ .. 20: ㅣ).
inline int initial_of(char32_t syllable) {
  return static_cast<int>(syllable - kSyllableBase) / (kVowels * kFinals);
}
inline int vowel_of(char32_t syllable) {
  return static_cast<int>(syllable - kSyllableBase) / kFinals % kVowels;
}
inline char32_t compose(int initial, int vowel, int final_consonant = 0) {
  return kSyllableBase + static_cast<char32_t>((initial * kVowels + vowel) * kFinals + final_consonant);
}

// The k-th syllable of a UTF-8 string of precomposed Hangul syllables (3 bytes each).
inline char32_t syllable_at(std::string_view w, std::size_t k) {
  std::size_t pos = k * 3;
  return utf8::decode(w, pos);
}

}  // namespace kosearch::korean
