#include "snippet.hpp"

#include <algorithm>

#include "kosearch/core/utf8.hpp"

namespace kosearch::detail {

std::vector<Span> highlight_spans(const std::vector<Token>& tokens,
                                  const std::unordered_map<std::string, double>& term_weights) {
  std::vector<Span> spans;
  for (const auto& t : tokens) {
    const auto it = term_weights.find(t.term);
    if (it != term_weights.end() && it->second >= 0.5) spans.emplace_back(t.begin, t.end);
  }
  std::sort(spans.begin(), spans.end());
  std::vector<Span> merged;
  for (const auto& s : spans) {
    if (!merged.empty() && s.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, s.second);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

namespace {

void append_escaped(std::string& out, std::string_view s, bool escape_html) {
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t') {
      out.push_back(' ');
    } else if (escape_html && c == '<') {
      out += "&lt;";
    } else if (escape_html && c == '>') {
      out += "&gt;";
    } else if (escape_html && c == '&') {
      out += "&amp;";
    } else {
      out.push_back(c);
    }
  }
}

// Moves `pos` back to the start of its UTF-8 sequence.
std::size_t char_start(std::string_view text, std::size_t pos) {
  while (pos > 0 && pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

std::size_t advance(std::string_view text, std::size_t pos, std::size_t chars) {
  for (std::size_t i = 0; i < chars && pos < text.size(); ++i) utf8::decode(text, pos);
  return pos;
}

}  // namespace

std::string make_snippet(std::string_view text, const std::vector<Span>& spans, std::uint32_t chars,
                         std::string_view open, std::string_view close, bool escape_html) {
  // Window start: the highlight start (backed up a few characters for context) whose window
  // covers the most highlighted bytes; the passage start when nothing is highlighted.
  std::size_t best_start = 0;
  std::size_t best_cover = 0;
  const std::size_t lead_chars = std::min<std::size_t>(20, chars / 6);
  for (const auto& s : spans) {
    std::size_t start = s.first;
    for (std::size_t i = 0; i < lead_chars && start > 0; ++i) start = char_start(text, start - 1);
    const std::size_t end = advance(text, start, chars);
    std::size_t cover = 0;
    for (const auto& t : spans) {
      if (t.second <= start || t.first >= end) continue;
      cover += std::min<std::size_t>(t.second, end) - std::max<std::size_t>(t.first, start);
    }
    if (cover > best_cover) {
      best_cover = cover;
      best_start = start;
    }
  }
  // Start at a word boundary if one is close.
  if (best_start > 0) {
    const std::size_t space = text.find_first_of(" \n", best_start);
    if (space != std::string_view::npos && space - best_start < 12) best_start = space + 1;
  }
  std::size_t end = advance(text, best_start, chars);
  if (end < text.size()) {
    const std::size_t space = text.find_last_of(" \n", end);
    if (space != std::string_view::npos && space > best_start && end - space < 12) end = space;
  }
  std::string out;
  if (best_start > 0) out += "…";
  std::size_t pos = best_start;
  for (const auto& s : spans) {
    if (s.second <= pos || s.first >= end) continue;
    const std::size_t b = std::max<std::size_t>(s.first, pos);
    const std::size_t e = std::min<std::size_t>(s.second, end);
    append_escaped(out, text.substr(pos, b - pos), escape_html);
    out += open;
    append_escaped(out, text.substr(b, e - b), escape_html);
    out += close;
    pos = e;
  }
  append_escaped(out, text.substr(pos, end - pos), escape_html);
  if (end < text.size()) out += "…";
  return out;
}

}  // namespace kosearch::detail
