#include "kosearch/core/utf8.hpp"

namespace kosearch::utf8 {



std::size_t find_invalid(std::string_view text) noexcept {
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    if (static_cast<unsigned char>(text[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t before = pos;
    const char32_t cp = decode(text, pos);
    // A genuine U+FFFD in the input is three bytes long; an invalid byte advances by one.
    if (cp == kReplacement && pos - before == 1) return start;
  }
  return std::string_view::npos;
}

std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    const char32_t cp = decode(text, pos);
    if (cp == kReplacement && pos - start == 1) {
      append(out, kReplacement);
    } else {
      out.append(text.substr(start, pos - start));
    }
  }
  return out;
}

std::size_t length(std::string_view text) noexcept {
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < text.size()) {
    decode(text, pos);
    ++count;
  }
  return count;
}

}  // namespace kosearch::utf8
