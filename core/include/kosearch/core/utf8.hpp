#pragma once
/// @file Minimal UTF-8 decoding and encoding used on hot paths (no ICU, no allocation).
/// decode/append are inline: the analyzer calls them per code point (29% of its time when
/// they were out of line).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kosearch::utf8 {

/// The replacement character substituted for each invalid byte.
inline constexpr char32_t kReplacement = 0xFFFD;

/// Decodes one code point starting at `text[pos]` and advances `pos`. An invalid or truncated
/// sequence (overlong forms, surrogates, > U+10FFFF) consumes exactly one byte and yields
/// U+FFFD, so every byte of the input is accounted for and offsets stay exact.
inline char32_t decode(std::string_view text, std::size_t& pos) noexcept {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  const unsigned char b0 = s[pos];
  if (b0 < 0x80) {
    ++pos;
    return b0;
  }
  int len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++pos;
    return kReplacement;
  }
  if (pos + static_cast<std::size_t>(len) > n) {
    ++pos;
    return kReplacement;
  }
  for (int i = 1; i < len; ++i) {
    const unsigned char b = s[pos + static_cast<std::size_t>(i)];
    if ((b & 0xC0) != 0x80) {
      ++pos;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return kReplacement;
  }
  pos += static_cast<std::size_t>(len);
  return cp;
}

/// Appends the UTF-8 encoding of `cp` to `out`.
inline void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

/// Byte offset of the first invalid sequence in `text`, or npos when `text` is valid UTF-8.
std::size_t find_invalid(std::string_view text) noexcept;

/// Copies `text`, replacing each invalid byte by U+FFFD.
std::string sanitize(std::string_view text);

/// Length of `text` in code points (invalid bytes count as one each).
std::size_t length(std::string_view text) noexcept;

}  // namespace kosearch::utf8
