#pragma once
// Internal: ICU NFKC_Casefold with a map from each normalized code point back to the byte
// range of the original input it came from.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <unicode/normalizer2.h>

namespace kosearch::detail {

struct NormalizedText {
  std::vector<char32_t> cps;       // normalized code points
  std::vector<std::uint32_t> begin;  // per code point: first original byte
  std::vector<std::uint32_t> end;    // per code point: one past its last original byte
  void clear() {
    cps.clear();
    begin.clear();
    end.clear();
  }
};

class Normalizer {
 public:
  Normalizer();  // throws InternalError if ICU data is missing
  // Normalizes `utf8` into `out` (cleared first). Invalid bytes become U+FFFD, one per byte.
  void normalize(std::string_view utf8, NormalizedText& out) const;
  // The same normalization as UTF-8 text only (no offsets), appended to `out`: for callers that
  // only compare text, e.g. the re-ranker, without the three per-code-point arrays.
  void normalize_utf8(std::string_view utf8, std::string& out) const;

 private:
  // The one normalization loop; `emit(code point, original begin, original end)` per output.
  template <class Emit>
  void for_each(std::string_view utf8, Emit&& emit) const;

  const icu::Normalizer2* nfkc_cf_;  // owned by ICU, immutable and thread-safe
};

}  // namespace kosearch::detail
