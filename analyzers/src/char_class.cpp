#include "char_class.hpp"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

namespace kosearch::detail {

CharClass classify(char32_t c) noexcept {
  if (c < 0x80) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CharClass::kLetter;
    if (c >= '0' && c <= '9') return CharClass::kDigit;
    return CharClass::kSeparator;
  }
  if (c >= 0xAC00 && c <= 0xD7A3) return CharClass::kHangul;
  if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3131 && c <= 0x318E) ||
      (c >= 0xA960 && c <= 0xA97F) || (c >= 0xD7B0 && c <= 0xD7FF)) {
    return CharClass::kHangul;
  }
  const auto cp = static_cast<UChar32>(c);
  const int8_t type = u_charType(cp);
  if (type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK || type == U_ENCLOSING_MARK) {
    return CharClass::kMark;
  }
  if (type == U_DECIMAL_DIGIT_NUMBER) return CharClass::kDigit;
  if (!u_hasBinaryProperty(cp, UCHAR_ALPHABETIC)) return CharClass::kSeparator;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(cp, &status);
  if (U_FAILURE(status)) return CharClass::kSeparator;
  switch (script) {
    case USCRIPT_HANGUL: return CharClass::kHangul;
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA: return CharClass::kIdeograph;
    default: return CharClass::kLetter;
  }
}

int letter_script(char32_t c) noexcept {
  if (c < 0x80) return USCRIPT_LATIN;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  return U_FAILURE(status) ? USCRIPT_UNKNOWN : script;
}

}  // namespace kosearch::detail
