#pragma once
// Internal: the dates Korean news pages and JSONL records state.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch::news {

struct Instant {
  std::int64_t epoch = 0;              // seconds since 1970-01-01T00:00:00Z
  std::int32_t offset_minutes = 9 * 60;  // as stated; KST when the text states none
};

// One date in a line of a page.
struct DateInLine {
  enum class Kind { kPublished, kUpdated, kUnlabelled };
  Instant when;
  Kind kind = Kind::kUnlabelled;
  std::size_t begin = 0, end = 0;  // bytes of the date (without its label) in the line
};

// The full dates (year, month and day; time optional) in `line`, with the label that states
// what each is: 입력/등록/발행(일)/게재/승인/작성/송고 (published), 수정/업데이트/최종수정/갱신
// (updated). Shapes: 2024.11.02. 오후 3:15, 2024-03-08 08:40, 2024/12/21 17:02,
// 2024년 11월 2일 15시 15분, 2025-08-14T10:41:00+09:00. A date that is not a calendar date
// (2024-02-30, 25:00) is not returned.
std::vector<DateInLine> dates_in_line(std::string_view line);

// A JSONL date value: ISO 8601 with or without an offset (Z, +09:00, +0900), YYYY-MM-DD,
// YYYY.MM.DD HH:MM, YYYY/MM/DD, or epoch seconds as digits. No offset: KST. nullopt if the whole
// value is not one of these.
std::optional<Instant> parse_date_value(std::string_view value);

// Empty when `t` is plausible for a news page; else why not ("before 1900", "in the future").
// `now` is the current time in epoch seconds; a day of slack allows for clocks and zones.
std::string implausible_date(std::int64_t t, std::int64_t now);

}  // namespace kosearch::news
