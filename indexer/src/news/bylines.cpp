#include "bylines.hpp"

#include <algorithm>
#include <array>

#include "dates.hpp"
#include "kosearch/core/utf8.hpp"
#include "outlets.hpp"
#include "kosearch/korean/hangul.hpp"

namespace kosearch::news {

namespace {

// Titles after a name, longest first so "선임기자" is not read as a name "선임" and "기자".
constexpr std::array<std::string_view, 11> kTitles = {"선임기자", "전문기자", "객원기자", "수습기자",
                                                      "인턴기자", "논설위원", "편집위원", "대기자",
                                                      "특파원", "기자", "PD"};

bool is_hangul_word(std::string_view w, std::size_t min, std::size_t max) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < w.size();) {
    const char32_t c = utf8::decode(w, pos);
    if (!korean::is_syllable(c)) return false;
    ++n;
  }
  return n >= min && n <= max;
}

// Words that stand before 기자 without being a name ("사진 기자", "취재 기자").
bool is_role_word(std::string_view w) {
  static constexpr std::array<std::string_view, 10> kRoles = {"사진", "영상", "취재", "정리", "그래픽",
                                                              "편집", "온라인", "디지털", "뉴스", "기자"};
  return std::find(kRoles.begin(), kRoles.end(), w) != kRoles.end();
}

std::string_view strip_title(std::string_view w, bool& had_title) {
  had_title = false;
  for (std::string_view t : kTitles) {
    if (w.size() >= t.size() && w.substr(w.size() - t.size()) == t) {
      had_title = true;
      return w.substr(0, w.size() - t.size());
    }
  }
  return w;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "[outlet] name[·name…] 기자[, name 기자…]": names into `b`; false unless all of `s` is that
// and some name carries a title (or an outlet stands first: "연합뉴스 주종국").
bool parse_names(std::string_view s, Byline& b, bool allow_outlet) {
  std::vector<std::string_view> words;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != ',' && s.substr(j, 2) != "\xC2\xB7" /* · */) ++j;
    if (j > i) words.push_back(s.substr(i, j - i));
    if (j < s.size()) j += s.substr(j, 2) == "\xC2\xB7" ? 2 : 1;
    i = j;
  }
  if (words.empty() || words.size() > 9) return false;
  std::vector<std::string> names;
  std::string outlet;
  bool titled = false;
  for (std::size_t k = 0; k < words.size(); ++k) {
    bool had_title = false;
    const std::string_view name = strip_title(words[k], had_title);
    if (had_title && name.empty()) {
      if (names.empty()) return false;  // "기자" with no name before it
      titled = true;
      continue;
    }
    if (k == 0 && allow_outlet && words.size() > 1 && looks_like_outlet(words[0]) && !had_title) {
      outlet = std::string(words[0]);
      continue;
    }
    if (!is_hangul_word(name, 2, 4) || is_role_word(name)) return false;
    names.emplace_back(name);
    titled = titled || had_title;
  }
  if (names.empty() || names.size() > 6) return false;
  // "연합뉴스 주종국": an outlet and one name need no title; bare names do.
  if (!titled && (outlet.empty() || names.size() != 1 || outlet_named(outlet).empty())) return false;
  for (auto& n : names) {
    if (std::find(b.reporters.begin(), b.reporters.end(), n) == b.reporters.end()) b.reporters.push_back(n);
  }
  if (!outlet.empty() && b.publisher.empty()) b.publisher = outlet;
  return true;
}

// An e-mail address at the start of `s` (after '(' or spaces): its length, 0 if none.
std::size_t email_at(std::string_view s, std::string& email) {
  std::size_t i = 0;
  auto ok = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-' || c == '+';
  };
  std::size_t at = std::string_view::npos;
  while (i < s.size() && (ok(s[i]) || (s[i] == '@' && at == std::string_view::npos))) {
    if (s[i] == '@') at = i;
    ++i;
  }
  while (i > 0 && s[i - 1] == '.') --i;
  if (at == std::string_view::npos || at == 0 || s.substr(at, i - at).find('.') == std::string_view::npos) return 0;
  email = std::string(s.substr(0, i));
  return i;
}

// What may follow a byline on its line: an e-mail address (bare or in brackets), or after a `|`
// or `/` dates and their labels. True when nothing else is there.
bool only_trailer(std::string_view rest, Byline& b) {
  rest = trim(rest);
  if (rest.empty()) return true;
  if ((rest.front() == '|' || rest.front() == '/') && !dates_in_line(rest).empty() && utf8::length(rest) <= 60) {
    return true;
  }
  while (!rest.empty()) {
    const char c = rest.front();
    if (c == ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '|' || c == '/' || c == '=' ||
        c == '[' || c == ']') {
      rest.remove_prefix(1);
      continue;
    }
    const std::size_t n = email_at(rest, b.email);
    if (n == 0) return false;
    rest.remove_prefix(n);
  }
  return true;
}

std::size_t skip_spaces(std::string_view line, std::size_t i) {
  while (i < line.size() && line[i] == ' ') ++i;
  return i;
}

}  // namespace

std::optional<Byline> parse_byline(std::string_view line) {
  line = trim(line);
  if (line.empty() || utf8::length(line) > 200) return std::nullopt;
  Byline b;
  const bool bracket = line.front() == '(' || line.front() == '[' || line.starts_with("【");
  if (bracket) {
    const std::string_view close = line.front() == '(' ? ")" : line.front() == '[' ? "]" : "】";
    const std::size_t start = line.front() == '(' || line.front() == '[' ? 1 : std::string_view("【").size();
    const std::size_t end = line.find(close);
    if (end == std::string_view::npos || end > 60) return std::nullopt;
    const std::string_view inside = trim(line.substr(start, end - start));
    const std::size_t after_at = end + close.size();
    const std::string_view after = line.substr(after_at);
    if (const std::size_t eq = inside.find('='); eq != std::string_view::npos) {
      // A wire dateline: (서울=연합뉴스) 홍길동 기자 = text. The names end at the first separator.
      b.publisher = std::string(trim(inside.substr(eq + 1)));
      b.wire = true;
      // [헤럴드경제=홍길동 기자], [헤럴드경제(뉴욕)=홍길동 특파원]: the outlet first, the reporter after.
      if (Byline names; parse_names(b.publisher, names, false)) {
        std::string_view outlet = trim(inside.substr(0, eq));
        if (const auto paren = outlet.find('('); paren != std::string_view::npos) outlet = trim(outlet.substr(0, paren));
        b.publisher = std::string(outlet);
        b.reporters = names.reporters;
        b.prefix_bytes = skip_spaces(line, after_at);
        b.whole_line = b.prefix_bytes >= line.size();
        return b;
      }
      if (b.publisher.empty() || utf8::length(b.publisher) > 20) return std::nullopt;
      std::size_t sep = std::string_view::npos, sep_len = 0;
      for (std::string_view s : {"=", "|", " - ", " – ", " ― "}) {
        const std::size_t p = after.find(s);
        if (p < sep) sep = p, sep_len = s.size();
      }
      b.prefix_bytes = skip_spaces(line, after_at);
      if (sep != std::string_view::npos && utf8::length(after.substr(0, sep)) <= 40) {
        Byline names;
        const std::string_view who = trim(after.substr(0, sep));
        if (who.empty() || parse_names(who, names, false)) {
          b.reporters = names.reporters;
          b.prefix_bytes = skip_spaces(line, after_at + sep + sep_len);
        }
      }
      b.whole_line = b.prefix_bytes >= line.size();
      return b;
    }
    // [박찬 기자], [AI타임스 박찬 기자]: the brackets hold the byline; text may follow.
    if (!parse_names(inside, b, true)) return std::nullopt;
    if (only_trailer(after, b)) {
      b.prefix_bytes = line.size();
      b.whole_line = true;
    } else {
      b.prefix_bytes = skip_spaces(line, after_at);
    }
    return b;
  }
  // A bare e-mail address: satw@yna.co.kr
  if (std::string email; email_at(line, email) == line.size()) {
    b.email = email;
    b.whole_line = true;
    b.prefix_bytes = line.size();
    return b;
  }
  // name 기자 [e-mail] [| date]; outlet name 기자 …; 연합뉴스 주종국
  std::size_t cut = line.find_first_of("|(<[=/0123456789");
  if (const std::size_t at = line.find('@'); at != std::string_view::npos) {
    const std::size_t word = line.find_last_of(" (<", at);
    cut = std::min(cut, word == std::string_view::npos ? 0 : word);
  }
  if (cut == std::string_view::npos) cut = line.size();
  if (utf8::length(line.substr(0, cut)) > 40 || !parse_names(trim(line.substr(0, cut)), b, true)) {
    return std::nullopt;
  }
  if (!only_trailer(line.substr(cut), b)) return std::nullopt;
  b.prefix_bytes = line.size();
  b.whole_line = true;
  return b;
}

bool is_reporter_bio(std::string_view line) {
  line = trim(line);
  if (line.starts_with("기자 /") || line.starts_with("기자/") || line.starts_with("기자 |") ||
      line.starts_with("기자 소개") || line.starts_with("기자 프로필")) {
    return true;
  }
  const std::size_t len = utf8::length(line);
  for (std::string_view w : {"기자의 다른 기사", "기자 구독", "기자 페이지", "기자 프로필", "기자의 기사 더보기"}) {
    if (line.find(w) != std::string_view::npos && len <= 40) return true;
  }
  return false;
}

}  // namespace kosearch::news
