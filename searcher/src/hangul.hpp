#pragma once
// Internal: precomposed Hangul syllables (U+AC00..U+D7A3), which Unicode lays out as
// initial x vowel x final consonant: what the spelling variants and the question-ending stems
// take apart.

namespace kosearch::detail {

inline constexpr char32_t kSyllableBase = 0xAC00;
inline constexpr int kInitials = 19, kVowels = 21, kFinals = 28;

inline bool is_syllable(char32_t c) { return c >= kSyllableBase && c <= 0xD7A3; }

// Index of a syllable's final consonant (0: none, 20: ㅆ).
inline int final_of(char32_t syllable) { return static_cast<int>(syllable - kSyllableBase) % kFinals; }

}  // namespace kosearch::detail
