#include "outlets.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "outlet_table.hpp"

namespace kosearch::news {

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Position of `needle` in `hay`, ASCII letters compared case-insensitively.
std::size_t find_nocase(std::string_view hay, std::string_view needle) {
  if (needle.empty() || needle.size() > hay.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t k = 0;
    while (k < needle.size() && lower(hay[i + k]) == lower(needle[k])) ++k;
    if (k == needle.size()) return i;
  }
  return std::string_view::npos;
}

bool equal_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && find_nocase(a, b) == 0;
}

bool ends_with(std::string_view s, std::string_view end) {
  return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

}  // namespace

std::string_view outlet_in_text(std::string_view text) {
  std::string_view best, best_spelling;
  for (const OutletRow& row : outlet_table()) {
    for (std::string_view sp : row.spellings) {
      if (sp.size() > best_spelling.size() && find_nocase(text, sp) != std::string_view::npos) {
        // A Latin spelling must stand as a word: "SBS" not inside "ASBSX".
        const std::size_t at = find_nocase(text, sp);
        const bool latin = std::isalpha(static_cast<unsigned char>(sp.front())) != 0;
        const auto alnum = [&](std::size_t i) { return std::isalnum(static_cast<unsigned char>(text[i])) != 0; };
        if (latin && ((at > 0 && alnum(at - 1)) || (at + sp.size() < text.size() && alnum(at + sp.size()) &&
                                                     std::isalpha(static_cast<unsigned char>(sp.back())) != 0))) {
          continue;
        }
        best = row.name;
        best_spelling = sp;
      }
    }
  }
  return best;
}

std::string_view outlet_named(std::string_view word) {
  for (const OutletRow& row : outlet_table()) {
    if (equal_nocase(word, row.name)) return row.name;
    for (std::string_view sp : row.spellings) {
      if (equal_nocase(word, sp)) return row.name;
    }
  }
  return {};
}

std::string_view outlet_of_domain(std::string_view host) {
  if (const auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  while (!host.empty() && (host.back() == '.' || host.back() == ')' || host.back() == '>')) host.remove_suffix(1);
  std::string_view best, best_domain;
  for (const OutletRow& row : outlet_table()) {
    for (std::string_view d : row.domains) {
      if (d.size() <= best_domain.size() || host.size() < d.size()) continue;
      const std::string_view tail = host.substr(host.size() - d.size());
      if (equal_nocase(tail, d) && (host.size() == d.size() || host[host.size() - d.size() - 1] == '.')) {
        best = row.name;
        best_domain = d;
      }
    }
  }
  return best;
}

bool is_copyright_line(std::string_view line) {
  return line.find("ⓒ") != std::string_view::npos || line.find("©") != std::string_view::npos ||
         line.find("Ⓒ") != std::string_view::npos ||
         find_nocase(line, "copyright") != std::string_view::npos ||
         line.find("저작권자") != std::string_view::npos || line.find("(c)") != std::string_view::npos ||
         line.find("(C)") != std::string_view::npos;
}

std::string outlet_of_copyright(std::string_view line) {
  if (!is_copyright_line(line)) return {};
  if (const auto known = outlet_in_text(line); !known.empty()) return std::string(known);
  // The first word after the marks that is not a mark, a year or "Copyright".
  std::string_view rest = line;
  for (std::string_view mark : {std::string_view("ⓒ"), std::string_view("Ⓒ"), std::string_view("©"), std::string_view("(c)"),
                                std::string_view("(C)"), std::string_view("저작권자")}) {
    if (const auto p = rest.find(mark); p != std::string_view::npos) {
      rest = rest.substr(p + mark.size());
      break;
    }
  }
  auto is_sep = [](char c) {
    return c == ' ' || c == ',' || c == '<' || c == '>' || c == '|' || c == '(' || c == ')' || c == '.' ||
           c == '\'' || c == '"' || c == ':';
  };
  while (!rest.empty()) {
    while (!rest.empty() && is_sep(rest.front())) rest.remove_prefix(1);
    std::size_t end = 0;
    while (end < rest.size() && !is_sep(rest[end])) ++end;
    std::string_view word = rest.substr(0, end);
    rest.remove_prefix(end);
    if (word.empty()) break;
    const bool year = std::all_of(word.begin(), word.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '-'; });
    if (year || equal_nocase(word, "copyright") || word == "ⓒ" || word == "©" || word == "c" ||
        word == "C" || word == "주" || word == "(주)" || word == "저작권자") {
      continue;
    }
    if (word.starts_with("무단") || equal_nocase(word, "All")) break;
    return std::string(word);
  }
  return {};
}

bool looks_like_outlet(std::string_view word) {
  if (!outlet_named(word).empty()) return true;
  static constexpr std::array<std::string_view, 12> kEnds = {"일보", "신문", "뉴스", "타임스", "경제",
                                                             "데일리", "방송", "투데이", "미디어",
                                                             "저널", "리뷰", "포스트"};
  return word.size() > 6 && std::any_of(kEnds.begin(), kEnds.end(), [&](auto e) { return ends_with(word, e); });
}

}  // namespace kosearch::news
