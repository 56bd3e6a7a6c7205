#pragma once
// Internal: reporters' bylines and wire datelines on Korean news pages.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch::news {

struct Byline {
  std::vector<std::string> reporters;  // names without 기자/특파원
  std::string publisher;               // the outlet the byline names, as written (may be empty)
  std::string email;                   // a reporter's address, when given
  // Bytes at the start of the line that are the byline, up to and including the `=` or `|` that
  // ends a lead's dateline ("(서울=연합뉴스) 홍길동 기자 = "); the line's own text follows.
  std::size_t prefix_bytes = 0;
  bool whole_line = false;  // nothing but the byline (and dates, e-mail) on the line
  bool wire = false;        // a wire dateline "(서울=연합뉴스)": `publisher` wrote the story
};

// The byline `line` starts with or is, nullopt if none. Recognised:
//   (서울=연합뉴스) 홍길동 기자 = …   [서울=뉴시스] 김영희 기자 = …   (서울=뉴스1) 이철수 기자 | …
//   [박찬 기자]   [AI타임스 박찬 기자]   김민지 기자 mjkim@hani.co.kr   이준호 기자(junho@zdnet.co.kr)
//   테크일보 박민재 기자 | 2025.06.13 10:41   연합뉴스 주종국   홍길동·김철수 기자   satw@yna.co.kr
// Names are 2 to 4 Hangul syllables; a line with a sentence in it is not a byline.
std::optional<Byline> parse_byline(std::string_view line);

// A reporter's bio or profile box ("기자 / 혁신적인 스타트업들의…", "홍길동 기자의 다른 기사").
bool is_reporter_bio(std::string_view line);

}  // namespace kosearch::news
