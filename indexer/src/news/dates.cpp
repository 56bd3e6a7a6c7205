#include "dates.hpp"

#include <cctype>

namespace kosearch::news {

namespace {

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

unsigned days_in_month(std::int64_t y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// A cursor over one line.
struct Cursor {
  std::string_view s;
  std::size_t i = 0;
  bool eat(std::string_view w) {
    if (s.substr(i, w.size()) == w) {
      i += w.size();
      return true;
    }
    return false;
  }
  void spaces() {
    while (i < s.size() && s[i] == ' ') ++i;
  }
  // 1..max digits; -1 if none.
  int number(int max) {
    int n = 0, v = 0;
    while (n < max && i < s.size() && digit(s[i])) v = v * 10 + (s[i++] - '0'), ++n;
    return n == 0 ? -1 : v;
  }
  int digits_at() const {
    int n = 0;
    while (i + static_cast<std::size_t>(n) < s.size() && digit(s[i + static_cast<std::size_t>(n)])) ++n;
    return n;
  }
};

struct Parsed {
  std::int64_t year;
  unsigned month, day;
  int hour = 0, minute = 0, second = 0;
  std::optional<std::int32_t> offset;
};

// The time after a date: [오전|오후|AM|PM] H:MM[:SS[.fff]] | H시 [M분]; then an optional offset.
void parse_time(Cursor& c, Parsed& p, bool iso) {
  const std::size_t save = c.i;
  if (iso) {
    if (!c.eat("T") && !c.eat(" ")) return;
  } else {
    c.spaces();
    c.eat(".");  // "2024.11.02. 오후 3:15"
    c.spaces();
    // A weekday: (토), (Sat); a time in brackets, "(15:15)", is read below.
    if (c.i + 1 < c.s.size() && c.s[c.i] == '(' && digit(c.s[c.i + 1])) {
      ++c.i;
    } else if (c.i < c.s.size() && c.s[c.i] == '(') {
      const auto close = c.s.find(')', c.i);
      if (close != std::string_view::npos && close - c.i <= 8) c.i = close + 1;
      c.spaces();
    }
  }
  int pm = -1;
  if (c.eat("오후") || c.eat("PM") || c.eat("pm")) pm = 1;
  else if (c.eat("오전") || c.eat("AM") || c.eat("am")) pm = 0;
  c.spaces();
  const int h = c.number(2);
  if (h < 0) {
    c.i = save;
    return;
  }
  int m = -1, s = 0;
  if (c.eat(":")) {
    m = c.number(2);
    if (m >= 0 && c.eat(":")) {
      s = c.number(2);
      if (c.eat(".") || c.eat(",")) c.number(9);
    }
  } else if (c.eat("시")) {
    c.spaces();
    const std::size_t before = c.i;
    m = c.number(2);
    if (m < 0 || !c.eat("분")) {
      c.i = before;
      m = 0;
    }
  }
  int hour = h;
  if (pm >= 0) hour = (h >= 1 && h <= 12) ? h % 12 + (pm == 1 ? 12 : 0) : 99;
  if (m < 0 || s < 0 || hour > 23 || m > 59 || s > 60) {
    c.i = save;  // not a time: the date alone
    return;
  }
  p.hour = hour, p.minute = m, p.second = s;
  c.eat(")");
  // Offset: Z, +09:00, +0900, " KST", " UTC"/" GMT"
  if (c.eat("Z")) {
    p.offset = 0;
  } else if (c.i < c.s.size() && (c.s[c.i] == '+' || c.s[c.i] == '-') && c.digits_at() == 0) {
    const int sign = c.s[c.i] == '-' ? -1 : 1;
    const std::size_t before = c.i++;
    const int oh = c.number(2);
    int om = 0;
    if (oh >= 0) {
      c.eat(":");
      om = c.number(2);
      if (om < 0) om = 0;
      p.offset = sign * (oh * 60 + om);
    } else {
      c.i = before;
    }
  } else {
    const std::size_t before = c.i;
    c.spaces();
    if (c.eat("KST") || c.eat("(KST)")) p.offset = 9 * 60;
    else if (c.eat("UTC") || c.eat("GMT")) p.offset = 0;
    else c.i = before;
  }
}

// A date at c.i: YYYY sep M sep D, or YYYY년 M월 D일.
bool parse_date(Cursor& c, Parsed& p, bool& iso) {
  if (c.digits_at() != 4) return false;
  const std::size_t start = c.i;
  const int y = c.number(4);
  int m = -1, d = -1;
  iso = false;
  if (c.eat("년")) {
    c.spaces();
    m = c.number(2);
    if (m < 0 || !c.eat("월")) return c.i = start, false;
    c.spaces();
    d = c.number(2);
    if (d < 0 || !c.eat("일")) return c.i = start, false;
  } else {
    if (c.i >= c.s.size()) return c.i = start, false;
    const char sep = c.s[c.i];
    if (sep != '.' && sep != '-' && sep != '/') return c.i = start, false;
    ++c.i;
    c.spaces();
    m = c.number(2);
    if (m < 0 || !c.eat(std::string_view(&sep, 1))) return c.i = start, false;
    c.spaces();
    d = c.number(2);
    if (d < 0 || c.digits_at() > 0) return c.i = start, false;
    iso = sep == '-';
  }
  if (m < 1 || m > 12 || d < 1 || static_cast<unsigned>(d) > days_in_month(y, static_cast<unsigned>(m))) {
    return c.i = start, false;
  }
  p.year = y, p.month = static_cast<unsigned>(m), p.day = static_cast<unsigned>(d);
  return true;
}

Instant to_instant(const Parsed& p) {
  Instant out;
  out.offset_minutes = p.offset.value_or(9 * 60);
  out.epoch = days_from_civil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.minute * 60 + p.second -
              static_cast<std::int64_t>(out.offset_minutes) * 60;
  return out;
}

bool contains(std::string_view s, std::string_view w) { return s.find(w) != std::string_view::npos; }

DateInLine::Kind label_of(std::string_view before, std::string_view after) {
  for (std::string_view w : {"수정", "업데이트", "갱신", "Updated", "updated", "Modified"}) {
    if (contains(before, w)) return DateInLine::Kind::kUpdated;
  }
  for (std::string_view w : {"입력", "등록", "발행", "게재", "승인", "작성", "기사전송", "Published", "published"}) {
    if (contains(before, w)) return DateInLine::Kind::kPublished;
  }
  while (!after.empty() && after.front() == ' ') after.remove_prefix(1);
  if (after.starts_with("송고")) {
    return DateInLine::Kind::kPublished;
  }
  return DateInLine::Kind::kUnlabelled;
}

}  // namespace

std::vector<DateInLine> dates_in_line(std::string_view line) {
  std::vector<DateInLine> out;
  Cursor c{line};
  std::size_t label_from = 0;  // the previous date's end: its label is not this one's
  while (c.i < line.size()) {
    // Dates start at a digit that does not continue a number.
    if (!digit(line[c.i]) || (c.i > 0 && (digit(line[c.i - 1]) || line[c.i - 1] == '.'))) {
      ++c.i;
      continue;
    }
    const std::size_t begin = c.i;
    Parsed p{};
    bool iso = false;
    if (!parse_date(c, p, iso)) {
      c.i = begin + 1;
      while (c.i < line.size() && digit(line[c.i])) ++c.i;
      continue;
    }
    parse_time(c, p, iso);
    DateInLine d;
    d.when = to_instant(p);
    d.begin = begin;
    d.end = c.i;
    d.kind = label_of(line.substr(label_from, begin - label_from), line.substr(c.i));
    out.push_back(d);
    label_from = c.i;
  }
  return out;
}

std::optional<Instant> parse_date_value(std::string_view v) {
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
  if (v.empty()) return std::nullopt;
  bool all_digits = true;
  for (char ch : v) all_digits = all_digits && digit(ch);
  if (all_digits && v.size() >= 9 && v.size() <= 11) {
    Instant t;
    t.epoch = std::stoll(std::string(v));
    return t;
  }
  Cursor c{v};
  Parsed p{};
  bool iso = false;
  if (!parse_date(c, p, iso)) return std::nullopt;
  if (c.i < v.size()) parse_time(c, p, iso);
  c.spaces();
  if (c.i != v.size()) return std::nullopt;
  return to_instant(p);
}

std::string implausible_date(std::int64_t t, std::int64_t now) {
  if (t < days_from_civil(1900, 1, 1) * 86400) return "before 1900";
  if (t > now + 86400) return "in the future";
  return {};
}

}  // namespace kosearch::news
