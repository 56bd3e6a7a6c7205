#pragma once
/// @file Minimal UTF-8 decoding and encoding used on hot paths (no ICU, no allocation).

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
char32_t decode(std::string_view text, std::size_t& pos) noexcept;

/// Appends the UTF-8 encoding of `cp` to `out`.
void append(std::string& out, char32_t cp);

/// Byte offset of the first invalid sequence in `text`, or npos when `text` is valid UTF-8.
std::size_t find_invalid(std::string_view text) noexcept;

/// Copies `text`, replacing each invalid byte by U+FFFD.
std::string sanitize(std::string_view text);

/// Length of `text` in code points (invalid bytes count as one each).
std::size_t length(std::string_view text) noexcept;

}  // namespace kosearch::utf8
