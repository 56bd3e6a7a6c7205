#include "normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"

namespace kosearch::detail {

namespace {

bool is_hangul_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

}  // namespace

Normalizer::Normalizer() {
  UErrorCode status = U_ZERO_ERROR;
  nfkc_cf_ = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (U_FAILURE(status) || nfkc_cf_ == nullptr) {
    throw InternalError(std::string("ICU error loading NFKC_Casefold data: ") +
                        u_errorName(status) + ". Check that libicu is installed correctly.");
  }
}

void Normalizer::normalize(std::string_view utf8, NormalizedText& out) const {
  out.clear();
  out.cps.reserve(utf8.size() / 2 + 8);
  out.begin.reserve(utf8.size() / 2 + 8);
  out.end.reserve(utf8.size() / 2 + 8);

  // Decode once; each code point remembers its original byte range.
  std::vector<char32_t> src;
  std::vector<std::uint32_t> offs;  // offs[i] = byte offset of src[i]; offs[n] = size
  src.reserve(utf8.size());
  offs.reserve(utf8.size() + 1);
  for (std::size_t pos = 0; pos < utf8.size();) {
    offs.push_back(static_cast<std::uint32_t>(pos));
    src.push_back(utf8::decode(utf8, pos));
  }
  offs.push_back(static_cast<std::uint32_t>(utf8.size()));

  auto emit = [&out](char32_t c, std::uint32_t b, std::uint32_t e) {
    out.cps.push_back(c);
    out.begin.push_back(b);
    out.end.push_back(e);
  };

  // Normalize segment by segment: a segment starts at a code point with a normalization
  // boundary before it, so normalize(a + b) == normalize(a) + normalize(b) and every output
  // code point can be attributed to its segment's original bytes.
  auto starts_segment = [this](char32_t c) {
    return c < 0x80 || is_hangul_syllable(c) ||
           nfkc_cf_->hasBoundaryBefore(static_cast<UChar32>(c));
  };
  icu::UnicodeString seg;
  icu::UnicodeString norm;
  const std::size_t n = src.size();
  std::size_t i = 0;
  while (i < n) {
    std::size_t j = i + 1;
    while (j < n && !starts_segment(src[j])) {
      ++j;
    }
    const std::uint32_t b = offs[i];
    const std::uint32_t e = offs[j];
    const char32_t c = src[i];
    if (j == i + 1) {
      // Fast paths: ASCII, precomposed Hangul (stable under NFKC_Casefold when no conjoining
      // jamo follows, which the boundary test guarantees), and inert characters.
      if (c < 0x80) {
        emit((c >= 'A' && c <= 'Z') ? c + 32 : c, b, e);
        i = j;
        continue;
      }
      if (is_hangul_syllable(c) || c == utf8::kReplacement ||
          nfkc_cf_->isInert(static_cast<UChar32>(c))) {
        emit(c, b, e);
        i = j;
        continue;
      }
    }
    seg.remove();
    for (std::size_t k = i; k < j; ++k) seg.append(static_cast<UChar32>(src[k]));
    UErrorCode status = U_ZERO_ERROR;
    norm.remove();
    nfkc_cf_->normalize(seg, norm, status);
    if (U_FAILURE(status)) {
      throw InternalError(std::string("ICU normalization failed at byte ") + std::to_string(b) +
                          ": " + u_errorName(status));
    }
    for (int32_t k = 0; k < norm.length();) {
      const UChar32 cp = norm.char32At(k);
      emit(static_cast<char32_t>(cp), b, e);
      k += U16_LENGTH(cp);
    }
    i = j;
  }
}

}  // namespace kosearch::detail
