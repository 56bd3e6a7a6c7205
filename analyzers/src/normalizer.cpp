#include "normalizer.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"

namespace kosearch::detail {

namespace {

bool is_hangul_syllable(char32_t c) { return c >= 0xAC00 && c <= 0xD7A3; }

// A normalization segment starts at `c`: normalize(a + b) == normalize(a) + normalize(b) when b
// starts with such a code point.
bool starts_segment(const icu::Normalizer2& nfkc_cf, char32_t c) {
  return c < 0x80 || is_hangul_syllable(c) || nfkc_cf.hasBoundaryBefore(static_cast<UChar32>(c));
}

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

namespace {

// Bytes of the precomposed Hangul syllable (U+AC00..U+D7A3) at `p`, or 0.
std::size_t hangul_syllable_at(std::string_view s, std::size_t p) {
  if (p + 3 > s.size()) return 0;
  const auto b0 = static_cast<unsigned char>(s[p]);
  const auto b1 = static_cast<unsigned char>(s[p + 1]);
  const auto b2 = static_cast<unsigned char>(s[p + 2]);
  if (b0 < 0xEA || b0 > 0xED || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  const char32_t c = (char32_t{b0} & 0x0F) << 12 | (char32_t{b1} & 0x3F) << 6 | (b2 & 0x3F);
  return is_hangul_syllable(c) ? 3 : 0;
}

}  // namespace

void Normalizer::normalize_utf8(std::string_view utf8, std::string& out) const {
  out.reserve(out.size() + utf8.size() + 8);
  const auto append_cp = [&out](char32_t c, std::uint32_t, std::uint32_t) { utf8::append(out, c); };
  // Korean text is mostly ASCII and precomposed syllables, which NFKC_Casefold leaves as they
  // are (ASCII capitals aside) unless a combining character follows: copy such runs byte for
  // byte, except each run's last code point, which the general loop takes with what follows
  // it. (The re-ranker normalizes 20 passages per query: 3.0% of a query's time decoding every
  // code point, 2.2% so.)
  const std::size_t n = utf8.size();
  std::size_t pos = 0;
  while (pos < n) {
    std::size_t end = pos, last = pos;  // [pos, end): ASCII and syllables; `last`: the final one
    for (;;) {
      if (end < n && static_cast<unsigned char>(utf8[end]) < 0x80) {
        last = end++;
      } else if (const std::size_t len = hangul_syllable_at(utf8, end); len != 0) {
        last = end;
        end += len;
      } else {
        break;
      }
    }
    const std::size_t copy_end = end == n ? n : last;  // at the end of input nothing can follow
    const std::size_t from = out.size();
    out.append(utf8.data() + pos, copy_end - pos);
    for (std::size_t i = from; i < out.size(); ++i) {
      if (out[i] >= 'A' && out[i] <= 'Z') out[i] = static_cast<char>(out[i] + 32);
    }
    if (copy_end == n) break;
    // One segment through the general loop: the code point at copy_end and every following
    // one that joins it (a segment ends before a code point with a normalization boundary).
    std::size_t seg_end = copy_end;
    utf8::decode(utf8, seg_end);
    while (seg_end < n) {
      std::size_t next = seg_end;
      const char32_t c = utf8::decode(utf8, next);
      if (starts_segment(*nfkc_cf_, c)) break;
      seg_end = next;
    }
    for_each(utf8.substr(copy_end, seg_end - copy_end), append_cp);
    pos = seg_end;
  }
}

template <class Emit>
void Normalizer::for_each(std::string_view utf8, Emit&& emit) const {
  // Normalize segment by segment: a segment starts at a code point with a normalization
  // boundary before it, so normalize(a + b) == normalize(a) + normalize(b) and every output
  // code point can be attributed to its segment's original bytes. One pass with one code
  // point of lookahead: no intermediate buffers (this loop is most of the analyzer's time).
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
      next_joins = !starts_segment(*nfkc_cf_, nc);
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
        next_joins = !starts_segment(*nfkc_cf_, nc);
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
