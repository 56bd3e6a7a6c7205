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
  for_each(utf8, [&out](char32_t c, std::uint32_t b, std::uint32_t e) {
    out.cps.push_back(c);
    out.begin.push_back(b);
    out.end.push_back(e);
  });
}

void Normalizer::normalize_utf8(std::string_view utf8, std::string& out) const {
  out.reserve(out.size() + utf8.size() + 8);
  for_each(utf8, [&out](char32_t c, std::uint32_t, std::uint32_t) { utf8::append(out, c); });
}

template <class Emit>
void Normalizer::for_each(std::string_view utf8, Emit&& emit) const {
  // Normalize segment by segment: a segment starts at a code point with a normalization
  // boundary before it, so normalize(a + b) == normalize(a) + normalize(b) and every output
  // code point can be attributed to its segment's original bytes. One pass with one code
  // point of lookahead: no intermediate buffers (this loop is most of the analyzer's time).
  auto starts_segment = [this](char32_t c) {
    return c < 0x80 || is_hangul_syllable(c) ||
           nfkc_cf_->hasBoundaryBefore(static_cast<UChar32>(c));
  };
  const std::size_t n = utf8.size();
  icu::UnicodeString seg;
  icu::UnicodeString norm;
  std::size_t pos = 0;
  while (pos < n) {
    const auto b = static_cast<std::uint32_t>(pos);
    const char32_t c = utf8::decode(utf8, pos);
    std::size_t next = pos;
    char32_t nc = 0;
    bool next_joins = false;  // the following code point belongs to this segment
    if (next < n) {
      nc = utf8::decode(utf8, next);
      next_joins = !starts_segment(nc);
    }
    if (!next_joins) {
      // Fast paths: ASCII, precomposed Hangul (stable under NFKC_Casefold when no conjoining
      // jamo follows, which the boundary test guarantees), and inert characters.
      if (c < 0x80) {
        emit((c >= 'A' && c <= 'Z') ? c + 32 : c, b, static_cast<std::uint32_t>(pos));
        continue;
      }
      if (is_hangul_syllable(c) || c == utf8::kReplacement ||
          nfkc_cf_->isInert(static_cast<UChar32>(c))) {
        emit(c, b, static_cast<std::uint32_t>(pos));
        continue;
      }
    }
    seg.remove();
    seg.append(static_cast<UChar32>(c));
    while (next_joins) {
      seg.append(static_cast<UChar32>(nc));
      pos = next;
      next_joins = false;
      if (next < n) {
        nc = utf8::decode(utf8, next);
        next_joins = !starts_segment(nc);
      }
    }
    const auto e = static_cast<std::uint32_t>(pos);
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
  }
}

}  // namespace kosearch::detail
