#pragma once
// Internal: which run a normalized code point belongs to.

#include <cstdint>

namespace kosearch::detail {

enum class CharClass : std::uint8_t {
  kSeparator,  // whitespace, punctuation, symbols, U+FFFD: ends a word
  kHangul,     // syllables and jamo
  kIdeograph,  // Han, Hiragana, Katakana
  kLetter,     // any other alphabetic script (Latin, Greek, Cyrillic, ...)
  kDigit,      // decimal digits
  kMark,       // combining mark: continues the current run
};

CharClass classify(char32_t c) noexcept;

// ICU script code of a letter, so a run of letters splits where the script changes
// (Latin "ai" next to Cyrillic). ASCII letters return the Latin code without an ICU call.
int letter_script(char32_t c) noexcept;

}  // namespace kosearch::detail
