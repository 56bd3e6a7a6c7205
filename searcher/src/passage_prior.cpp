#include "passage_prior.hpp"

#include <cstddef>

namespace kosearch::detail {

double fullness(std::string_view text, std::uint32_t chars) {
  if (chars == 0) return 0.0;
  std::size_t n = 0;  // code points: bytes that are no continuation byte, counted up to `chars`
  for (const char c : text) {
    n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (n >= chars) return 1.0;
  }
  return static_cast<double>(n) / static_cast<double>(chars);
}

}  // namespace kosearch::detail
