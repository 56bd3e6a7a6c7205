#include "title_match.hpp"

#include <cstddef>

namespace kosearch::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::string without_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (!is_space(c)) out.push_back(c);
  }
  return out;
}

bool title_in_query(std::string_view normalized_title, std::string_view query_without_spaces) {
  std::string subject;
  subject.reserve(normalized_title.size());
  int depth = 0;  // inside parentheses: a qualifier (`(행성)`, `(1999년 영화)`), not the subject
  for (const char c : normalized_title) {
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth > 0) --depth;
    } else if (depth == 0 && !is_space(c)) {
      subject.push_back(c);
    }
  }
  std::size_t chars = 0;  // UTF-8 code points: bytes that are no continuation byte
  for (const char c : subject) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars >= 2 && query_without_spaces.find(subject) != std::string_view::npos;
}

}  // namespace kosearch::detail
