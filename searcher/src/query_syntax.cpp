#include "query_syntax.hpp"

#include <cctype>
#include <optional>
#include <tuple>
#include <utility>

#include "text_search.hpp"

namespace kosearch::detail {

namespace {

// Byte length of the quote at `at` (0 if none): `"`, `＂` or `“` open a phrase, any of them or
// `”` closes it.
std::size_t quote_at(std::string_view s, std::size_t at, bool closing) {
  if (at >= s.size()) return 0;
  if (s[at] == '"') return 1;
  for (std::string_view q : {std::string_view("\uFF02"), std::string_view("\u201C"), std::string_view("\u201D")}) {
    if (s.compare(at, q.size(), q) == 0 && (closing || q != "\u201D")) return q.size();
  }
  return 0;
}

// The phrase that starts after the opening quote at `open` (of `len` bytes): its text, and where
// the text after its closing quote starts; nullopt when no quote closes it.
std::optional<std::pair<std::string_view, std::size_t>> quoted_at(std::string_view s, std::size_t open,
                                                                  std::size_t len) {
  const std::size_t from = open + len;
  for (std::size_t at = from; at < s.size(); ++at) {
    if (const std::size_t q = quote_at(s, at, true); q > 0) return std::pair{s.substr(from, at - from), at + q};
  }
  return std::nullopt;
}

bool has_content(std::string_view phrase) {
  for (const char c : phrase) {
    if (!is_ascii_space(c)) return true;
  }
  return false;
}

// The field operator starting at `at` (`언론사:`…): its kind and the byte length of its name.
std::optional<std::pair<FieldOperator::Kind, std::size_t>> field_operator_at(std::string_view s, std::size_t at) {
  using Kind = FieldOperator::Kind;
  static constexpr std::pair<std::string_view, Kind> kNames[] = {
      {"언론사:", Kind::publisher}, {"publisher:", Kind::publisher}, {"기자:", Kind::reporter},
      {"reporter:", Kind::reporter}, {"섹션:", Kind::section},        {"section:", Kind::section}};
  for (const auto& [name, kind] : kNames) {
    if (s.size() - at < name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(s[at + i])) == static_cast<unsigned char>(name[i]);
    }
    if (same) return std::pair{kind, name.size()};
  }
  return std::nullopt;
}

}  // namespace

ParsedQuery parse_query_syntax(std::string_view query) {
  ParsedQuery out;
  out.text.reserve(query.size());
  // Once a quote finds no closing one, no later quote will: stop looking (linear time).
  bool closable = true;
  auto quoted_from = [&](std::size_t open, std::size_t len) {
    auto quoted = closable ? quoted_at(query, open, len) : std::nullopt;
    closable = closable && quoted.has_value();
    return quoted;
  };
  for (std::size_t at = 0; at < query.size();) {
    const bool word_start = at == 0 || is_ascii_space(query[at - 1]);
    if (const std::size_t q = quote_at(query, at, false); q > 0) {
      if (const auto quoted = quoted_from(at, q)) {
        const auto [phrase, next] = *quoted;
        if (has_content(phrase)) out.phrases.emplace_back(phrase);
        out.text.append(query.substr(at, next - at));  // the quotes too: separators to the analyzer
        at = next;
        continue;
      }
    }
    if (word_start) {
      if (const auto op = field_operator_at(query, at)) {
        const std::size_t from = at + op->second;
        const std::size_t q = quote_at(query, from, false);
        const auto quoted = q > 0 ? quoted_from(from, q) : std::nullopt;
        std::size_t next = from;
        std::string_view value;
        if (quoted) {
          std::tie(value, next) = *quoted;
        } else {
          while (next < query.size() && !is_ascii_space(query[next])) ++next;
          value = query.substr(from, next - from);
        }
        if (has_content(value)) {  // `기자:` alone is text
          out.fields.push_back({op->first, std::string(value)});
          out.text.append(next - at, ' ');
          at = next;
          continue;
        }
      }
    }
    if (word_start && query[at] == '-' && at + 1 < query.size()) {
      const std::size_t q = quote_at(query, at + 1, false);
      const auto quoted = q > 0 ? quoted_from(at + 1, q) : std::nullopt;
      const auto c = static_cast<unsigned char>(query[at + 1]);
      // An ASCII character after `-` must be a letter; any other (Hangul, …) starts a word. An
      // unclosed quote after it is text, as anywhere.
      if (quoted || (q == 0 && (c >= 0x80 || std::isalpha(c)))) {
        std::size_t next;
        std::string_view excluded;
        if (quoted) {
          std::tie(excluded, next) = *quoted;
        } else {
          next = at + 1;
          while (next < query.size() && !is_ascii_space(query[next])) ++next;
          excluded = query.substr(at + 1, next - at - 1);
        }
        if (has_content(excluded)) out.excluded.emplace_back(excluded);
        out.text.append(next - at, ' ');
        at = next;
        continue;
      }
    }
    out.text.push_back(query[at]);
    ++at;
  }
  return out;
}

}  // namespace kosearch::detail
