#include "snippet.hpp"

#include <algorithm>
#include <bitset>

namespace kosearch::detail {

std::vector<Span> highlight_spans(const std::vector<Token>& tokens,
                                  const std::unordered_map<std::string, double>& term_weights) {
  // A passage has hundreds of tokens and the query a few terms: a 1024-bit filter over a cheap
  // hash of the first 8 bytes turns most tokens away before the map's own hashing and lookup
  // (that lookup was 7% of a k=100 query with snippets).
  const auto cheap_hash = [](std::string_view term) {
    std::uint64_t h = term.size();
    for (std::size_t i = 0; i < term.size() && i < 8; ++i) h = h * 1099511628211ULL ^ static_cast<unsigned char>(term[i]);
    return static_cast<std::size_t>((h ^ (h >> 29)) & 1023);
  };
  std::bitset<1024> maybe;
  for (const auto& [term, weight] : term_weights) {
    if (weight >= 0.5) maybe.set(cheap_hash(term));
  }
  std::vector<Span> spans;
  for (const auto& t : tokens) {
    if (!maybe.test(cheap_hash(t.term))) continue;
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

// Byte offset of every character of `text` (every byte that is not a UTF-8 continuation byte:
// a stray one belongs to the character before it), then text.size().
std::vector<std::size_t> code_point_starts(std::string_view text) {
  std::vector<std::size_t> starts;
  starts.reserve(text.size() / 2 + 1);
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80 || pos == 0) starts.push_back(pos);
  }
  starts.push_back(text.size());
  return starts;
}

}  // namespace

std::size_t shared_length(std::string_view passage, std::string_view next) {
  // The first place in `passage` from which the rest of it is how `next` begins gives the
  // longest overlap. Fewer than kMin bytes are a coincidence (`다.`), not a shared sentence.
  constexpr std::size_t kMin = 8;
  if (next.empty()) return 0;
  for (std::size_t at = passage.find(next[0]); at != std::string_view::npos && passage.size() - at >= kMin;
       at = passage.find(next[0], at + 1)) {
    const std::size_t length = passage.size() - at;
    if (length <= next.size() && next.compare(0, length, passage.substr(at)) == 0) return length;
  }
  return 0;
}

std::string make_snippet(std::string_view text, const std::vector<Span>& spans, std::uint32_t chars,
                         std::string_view open, std::string_view close, bool escape_html, Span shown) {
  // Window start: the highlight start (backed up a few characters for context) whose window
  // covers the most highlighted bytes; the passage start when nothing is highlighted.
  // Windows are counted in code points: index them once (stepping through the text per
  // highlight made this the costliest part of a snippet).
  const std::vector<std::size_t> starts = code_point_starts(text);
  const std::size_t code_points = starts.size() - 1;
  // The code point holding byte `at`, and the byte `n` code points after code point `i`.
  const auto index_of = [&starts](std::size_t at) {
    return static_cast<std::size_t>(std::upper_bound(starts.begin(), starts.end(), at) - starts.begin()) - 1;
  };
  const auto advance = [&](std::size_t i, std::size_t n) { return starts[std::min(i + n, code_points)]; };
  // Highlighted bytes in a window, from prefix sums over the (sorted, disjoint) spans.
  std::vector<std::size_t> before(spans.size() + 1, 0);  // bytes of spans[0..i)
  for (std::size_t i = 0; i < spans.size(); ++i) before[i + 1] = before[i] + (spans[i].second - spans[i].first);
  const auto covered = [&](std::size_t start, std::size_t end) -> std::size_t {
    const auto first = std::upper_bound(spans.begin(), spans.end(), start,
                                        [](std::size_t at, const Span& t) { return at < t.second; });
    const auto last = std::lower_bound(spans.begin(), spans.end(), end,
                                       [](const Span& t, std::size_t at) { return t.first < at; });
    if (first >= last) return 0;
    std::size_t cover = before[static_cast<std::size_t>(last - spans.begin())] -
                        before[static_cast<std::size_t>(first - spans.begin())];
    if (first->first < start) cover -= start - first->first;
    if ((last - 1)->second > end) cover -= (last - 1)->second - end;
    return cover;
  };
  // Highlighted bytes of [start, end) that `shown` does not hold.
  const auto fresh = [&](std::size_t start, std::size_t end) {
    const std::size_t from = std::max<std::size_t>(start, shown.first);
    const std::size_t to = std::min<std::size_t>(end, shown.second);
    return covered(start, end) - (from < to ? covered(from, to) : 0);
  };
  std::size_t best_start = 0;
  std::size_t best_cover = 0, best_fresh = 0;
  const std::size_t lead_chars = std::min<std::size_t>(20, chars / 6);
  for (const auto& s : spans) {
    const std::size_t first = index_of(s.first);
    const std::size_t from = first > lead_chars ? first - lead_chars : 0;
    const std::size_t start = starts[from];
    const std::size_t end = advance(from, chars);
    const std::size_t cover = covered(start, end);
    const std::size_t unseen = shown.first < shown.second ? fresh(start, end) : cover;
    if (unseen > best_fresh || (unseen == best_fresh && cover > best_cover)) {
      best_fresh = unseen;
      best_cover = cover;
      best_start = start;
    }
  }
  // Start at a word boundary if one is close.
  if (best_start > 0) {
    const std::size_t space = text.find_first_of(" \n", best_start);
    if (space != std::string_view::npos && space - best_start < 12) best_start = space + 1;
  }
  std::size_t end = advance(index_of(best_start), chars);
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
