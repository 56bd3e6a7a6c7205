#include "kosearch/indexer/article.hpp"

#include <algorithm>
#include <optional>
#include <array>
#include <chrono>
#include <unordered_set>

#include "kosearch/core/utf8.hpp"
#include "news/outlets.hpp"
#include "news/page.hpp"
#include "kosearch/korean/hangul.hpp"

namespace kosearch {

namespace {

struct Line {
  std::string_view text;  // trimmed
  std::uint32_t offset;   // of the trimmed text in the source
};

std::string_view trim(std::string_view s, std::uint32_t& lead) {
  lead = 0;
  auto is_space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f'; };
  while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) {
    s.remove_prefix(1);
    ++lead;
  }
  while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  // Non-breaking and ideographic spaces at the edges.
  for (std::string_view sp : {std::string_view("\xC2\xA0"), std::string_view("\xE3\x80\x80")}) {
    while (s.substr(0, sp.size()) == sp) {
      s.remove_prefix(sp.size());
      lead += static_cast<std::uint32_t>(sp.size());
    }
    while (s.size() >= sp.size() && s.substr(s.size() - sp.size()) == sp) s.remove_suffix(sp.size());
  }
  return s;
}

bool contains(std::string_view s, std::string_view needle) {
  return s.find(needle) != std::string_view::npos;
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(), [&](auto n) { return contains(s, n); });
}

bool has_word_char(std::string_view s) {
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t c = utf8::decode(s, pos);
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
        korean::is_syllable(c) || (c >= 0x4E00 && c <= 0x9FFF)) {
      return true;
    }
  }
  return false;
}

std::size_t hangul_syllables(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size();) {
    const char32_t c = utf8::decode(s, pos);
    n += korean::is_syllable(c);
  }
  return n;
}

// A line that is nothing but an e-mail address, or a short byline ending in one.
bool is_email_line(std::string_view s) {
  const auto at = s.find('@');
  if (at == std::string_view::npos) return false;
  const auto dot = s.find('.', at);
  return dot != std::string_view::npos && utf8::length(s) <= 40;
}

// Lines after which the article is over: copyright notices, comment and related-article blocks.
bool is_end_marker(std::string_view s) {
  const std::size_t len = utf8::length(s);
  if (len > 120) return false;
  if (contains_any(s, {"저작권자", "무단 전재", "무단전재", "Copyright", "copyright", "ⓒ",
                       "All rights reserved"})) {
    return true;
  }
  static constexpr std::array<std::string_view, 12> kBlocks = {
      "관련 기사", "관련기사", "댓글", "Leave a Comment", "많이 본 뉴스", "실시간 인기",
      "인기 기사", "이 기사의 카테고리는", "함께 보면 좋은 기사", "추천 기사", "주요 뉴스",
      "많이 본 기사"};
  return std::any_of(kBlocks.begin(), kBlocks.end(),
                     [&](std::string_view b) { return s.substr(0, b.size()) == b && len <= 30; });
}

// Page furniture inside or around the article: navigation, share links, photo credits.
bool is_furniture(std::string_view s) {
  if (!has_word_char(s)) return true;  // "![]() |", rules, bullets
  const std::size_t len = utf8::length(s);
  if (s.substr(0, 3) == "\xE2\x96\xB6") return true;  // "▶" promo links
  if (is_email_line(s)) return true;
  if (len <= 40 && contains_any(s, {"건너뛰기", "바로가기", "언론사 이미지", "원문보기", "로그인",
                                    "회원가입", "구독하기", "공유하기", "기사 스크랩", "글자크기",
                                    "전체메뉴", "다운받기"})) {
    return true;
  }
  // Photo credits: "[로이터 연합뉴스 자료사진. 재판매 및 DB 금지]"
  if (contains_any(s, {"재판매 및 DB 금지", "재배포 금지", "자료사진"}) && len <= 120) return true;
  // A bracketed byline alone on its line: "[박찬 기자]"
  if (s.front() == '[' && s.back() == ']' && len <= 30 && contains(s, "기자")) return true;
  return false;
}

bool ends_like_sentence(std::string_view s) {
  return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?');
}

// Plausible headline: a line of moderate length with some Korean words (not a weather widget
// like `흐림 / 7.0 °`) that is not a sentence of the body.
bool is_headline(std::string_view s) {
  const std::size_t len = utf8::length(s);
  return len >= 10 && len <= 150 && hangul_syllables(s) >= 6 && !ends_like_sentence(s) &&
         !is_furniture(s);
}

// A headline shorter than is_headline() wants (`바나나 이야기`): the first line of the file, two
// or more Korean words, not a sentence nor page furniture, then a blank line and more text.
bool is_short_headline(const std::vector<Line>& lines, std::size_t i) {
  const std::string_view s = lines[i].text;
  if (utf8::length(s) >= 10 || hangul_syllables(s) < 3 || s.find(' ') == std::string_view::npos ||
      ends_like_sentence(s) || is_furniture(s)) {
    return false;
  }
  if (i + 2 >= lines.size() || !lines[i + 1].text.empty()) return false;
  for (std::size_t k = i + 2; k < lines.size(); ++k) {
    if (!lines[k].text.empty()) return true;
  }
  return false;
}

}  // namespace

std::uint32_t ParsedArticle::to_source_offset(std::uint32_t body_offset) const {
  if (lines.empty()) return body_offset;
  auto it = std::upper_bound(lines.begin(), lines.end(), body_offset,
                             [](std::uint32_t v, const LineMap& m) { return v < m.body_offset; });
  if (it != lines.begin()) --it;
  const std::uint32_t delta = std::min(body_offset - it->body_offset, it->length);
  return it->source_offset + delta;
}

ParsedArticle parse_article(std::string_view text) {
  std::vector<Line> lines;
  for (std::size_t start = 0; start <= text.size();) {
    std::size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::uint32_t lead = 0;
    const std::string_view t = trim(text.substr(start, nl - start), lead);
    lines.push_back({t, static_cast<std::uint32_t>(start) + lead});
    start = nl + 1;
  }

  ParsedArticle out;
  // News furniture first (datelines, bylines, captions, credits): none of it is a headline.
  std::vector<std::string_view> texts;
  texts.reserve(lines.size());
  for (const Line& line : lines) texts.push_back(line.text);
  std::vector<news::LineInfo> info;
  info.reserve(lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) info.push_back(news::classify_line(texts, i));
  using Role = news::LineInfo::Role;
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
  news::FieldCollector fields(now);

  // Title: the first headline-like line among the first few content lines. A long paragraph
  // first means the page has no headline line; then the title stays empty (no guess).
  std::size_t first_body = 0;
  bool title_found = false;
  std::optional<std::size_t> short_title;  // a short first line, the title if no headline follows
  std::size_t seen = 0;
  for (std::size_t i = 0; i < lines.size() && seen < 12; ++i) {
    const auto s = lines[i].text;
    if (s.empty()) continue;
    ++seen;
    if (info[i].role != Role::kText) continue;
    if (is_headline(s) && info[i].strip == 0) {
      out.title = std::string(s);
      first_body = i + 1;
      title_found = true;
      break;
    }
    if (seen == 1 && is_short_headline(lines, i)) short_title = i;
    const std::size_t len = utf8::length(s);
    if (len > 150 || (ends_like_sentence(s) && len > 40)) break;  // body already started
  }
  if (!title_found && short_title) {
    out.title = std::string(lines[*short_title].text);
    first_body = *short_title + 1;
    title_found = true;
  }
  if (!title_found) first_body = 0;

  // Above the headline: navigation, with perhaps a section word, a dateline or a byline.
  for (std::size_t i = 0; title_found && i + 1 < first_body; ++i) {
    if (info[i].role != Role::kText) {
      fields.add(info[i]);
    } else if (news::is_section_word(lines[i].text)) {
      fields.add_section_word(lines[i].text);
    }
  }
  std::unordered_set<std::string_view> seen_paragraphs;
  for (std::size_t i = first_body; i < lines.size(); ++i) {
    auto s = lines[i].text;
    if (s.empty()) continue;
    if (is_end_marker(s)) {
      for (std::size_t k = i; k < lines.size(); ++k) out.furniture_lines += !lines[k].text.empty();
      break;
    }
    if (info[i].role != Role::kText) {
      fields.add(info[i]);
      ++out.furniture_lines;
      continue;
    }
    // A lead's dateline and byline, "(서울=연합뉴스) 홍길동 기자 = ": a field; the sentence stays.
    std::uint32_t source_offset = lines[i].offset;
    if (info[i].byline) {
      fields.add(info[i]);
      s.remove_prefix(info[i].strip);
      source_offset += static_cast<std::uint32_t>(info[i].strip);
    }
    // Before the headline was found (no headline page), short navigation lines at the top.
    if (s.empty() || is_furniture(s) || (!title_found && out.body.empty() && utf8::length(s) < 10)) {
      if (!title_found && out.body.empty() && news::is_section_word(s)) fields.add_section_word(s);
      ++out.furniture_lines;
      continue;
    }
    // The same caption or paragraph repeated (image blocks) is indexed once.
    if (utf8::length(s) >= 20 && !seen_paragraphs.insert(s).second) {
      ++out.furniture_lines;
      continue;
    }
    if (!out.body.empty()) out.body.push_back('\n');
    out.lines.push_back({static_cast<std::uint32_t>(out.body.size()), source_offset,
                         static_cast<std::uint32_t>(s.size())});
    out.body.append(s);
  }
  // The copyright line names the outlet, wherever it is (usually after the end marker).
  for (const Line& line : lines) {
    if (!line.text.empty() && utf8::length(line.text) <= 150 && news::is_copyright_line(line.text)) {
      fields.add_copyright(line.text);
    }
  }
  out.fields = fields.finish(out.warnings);
  // Lines above the headline that were not used are navigation.
  for (std::size_t i = 0; title_found && i + 1 < first_body; ++i) {
    out.furniture_lines += !lines[i].text.empty();
  }
  if (out.body.empty()) {
    // Nothing but a headline or a few short lines (a one-line note, `김대중 대통령`): they are
    // the text, rather than a file that nothing finds.
    out.furniture_lines = 0;
    for (const Line& line : lines) {
      if (line.text.empty()) continue;
      if (!out.body.empty()) out.body.push_back('\n');
      out.lines.push_back({static_cast<std::uint32_t>(out.body.size()), line.offset,
                           static_cast<std::uint32_t>(line.text.size())});
      out.body.append(line.text);
    }
    // A page of a few short lines is its own title.
    if (!title_found) out.title = std::string(out.body.substr(0, out.body.find('\n')));
  }
  return out;
}

}  // namespace kosearch
