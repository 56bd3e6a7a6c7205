#pragma once
// ICU's NFKC_Casefold of a whole text: the reference Analyzer::normalize must equal on valid
// UTF-8 (it normalizes segment by segment, with fast paths). Shared by the analyzer tests and
// the analyzer fuzz target.

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <stdexcept>
#include <string>
#include <string_view>

namespace kosearch::test {

inline std::string icu_nfkc_casefold(std::string_view utf8_text) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCCasefoldInstance(status);
  icu::UnicodeString out;
  if (U_SUCCESS(status)) {
    n->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(
                     utf8_text.data(), static_cast<int32_t>(utf8_text.size()))),
                 out, status);
  }
  if (U_FAILURE(status)) throw std::runtime_error(std::string("ICU: ") + u_errorName(status));
  std::string s;
  out.toUTF8String(s);
  return s;
}

}  // namespace kosearch::test
