#include "page.hpp"

#include <algorithm>
#include <array>

#include "article_fields.hpp"
#include "kosearch/core/utf8.hpp"
#include "outlets.hpp"
#include "kosearch/korean/hangul.hpp"

namespace kosearch::news {

namespace {

std::string format_date(const Instant& t) { return schema::format_iso8601(t.epoch, t.offset_minutes); }

bool starts_with_any(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return s.starts_with(w); });
}

bool contains_any(std::string_view s, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(), [&](std::string_view w) { return s.find(w) != std::string_view::npos; });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '|')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '|')) s.remove_suffix(1);
  return s;
}

bool ends_like_sentence(std::string_view s) {
  s = trim(s);
  return !s.empty() && (s.back() == '.' || s.back() == '!' || s.back() == '?' || s.ends_with("다") ||
                        s.ends_with("”") || s.back() == '"');
}

// An agency's photo credit: "[로이터 연합뉴스 자료사진. 재판매 및 DB 금지]", "[사진=뉴시스]".
bool has_photo_credit(std::string_view s) {
  return contains_any(s, {"재판매 및 DB 금지", "재배포 금지", "자료사진", "DB 금지", "[사진=", "(사진=",
                          "사진: ", "사진:", "사진=", "/사진=", "[사진 제공", "사진 제공="});
}

// A credit with nothing else: "[EPA 연합뉴스 자료사진. 재판매 및 DB 금지]".
bool is_credit_only(std::string_view s) {
  s = trim(s);
  return !s.empty() && ((s.front() == '[' && s.back() == ']') || (s.front() == '(' && s.back() == ')')) &&
         has_photo_credit(s) && utf8::length(s) <= 80;
}

// The caption without its credit: "… 합류했습니다. 사진: 뉴욕 타임스 |" gives "… 합류했습니다.".
std::string strip_credit(std::string_view s) {
  s = trim(s);
  std::size_t cut = s.size();
  for (std::string_view mark : {"사진: ", "사진:", "사진=", "[사진", "(사진", "[로이터", "[AP", "[AFP", "[EPA",
                                "[신화", "[연합뉴스", "/사진"}) {
    const std::size_t p = s.rfind(mark);
    if (p != std::string_view::npos && p > 0) cut = std::min(cut, p);
  }
  if (const std::size_t p = s.rfind('['); p != std::string_view::npos && p > 0 && has_photo_credit(s.substr(p))) {
    cut = std::min(cut, p);
  }
  return std::string(trim(s.substr(0, cut)));
}

bool is_image_marker(std::string_view s) { return s.find("![") != std::string_view::npos && utf8::length(s) <= 20; }

std::string_view neighbour(const std::vector<std::string_view>& lines, std::size_t i, int step) {
  for (std::size_t k = i; step < 0 ? k > 0 : k + 1 < lines.size();) {
    k = step < 0 ? k - 1 : k + 1;
    if (!lines[k].empty()) return lines[k];
  }
  return {};
}

// What is left of a dateline once its dates and labels are taken out is a few marks.
bool is_dateline(std::string_view s, const std::vector<DateInLine>& dates) {
  if (utf8::length(s) > 120) return false;
  std::string rest;
  std::size_t from = 0;
  for (const auto& d : dates) {
    rest.append(s.substr(from, d.begin - from));
    from = d.end;
  }
  rest.append(s.substr(from));
  for (std::string_view label : {"기사입력", "최종수정", "최종 수정", "업데이트", "발행일", "입력", "수정",
                                 "등록", "발행", "게재", "승인", "작성", "송고", "갱신", "일시", "기사전송"}) {
    for (std::size_t p; (p = rest.find(label)) != std::string::npos;) rest.erase(p, label.size());
  }
  std::size_t hangul = 0, latin = 0;
  for (std::size_t pos = 0; pos < rest.size();) {
    const char32_t c = utf8::decode(rest, pos);
    hangul += korean::is_syllable(c);
    latin += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }
  return hangul <= 2 && latin <= 12;
}

std::string url_in(std::string_view s) {
  const std::size_t p = s.find("http");
  if (p == std::string_view::npos) return {};
  const std::size_t end = s.find_first_of(" \t|)>", p);
  return std::string(s.substr(p, end == std::string_view::npos ? s.size() - p : end - p));
}

}  // namespace

bool is_section_word(std::string_view s) {
  static constexpr std::array<std::string_view, 34> kSections = {
      "정치", "경제", "사회", "국제", "세계", "글로벌", "문화", "연예", "스포츠", "IT", "IT·과학", "IT/과학",
      "IT과학", "과학", "테크", "산업", "금융", "증권", "부동산", "오피니언", "사설", "칼럼", "생활",
      "라이프", "라이프스타일", "전국", "지역", "북한", "건강", "교육", "자동차", "유통", "기업", "AI"};
  return std::find(kSections.begin(), kSections.end(), s) != kSections.end();
}

LineInfo classify_line(const std::vector<std::string_view>& lines, std::size_t i) {
  const std::string_view s = lines[i];
  LineInfo info;
  if (s.empty()) return info;
  const std::size_t len = utf8::length(s);
  using Role = LineInfo::Role;
  // The page's address: labelled, or a bare URL line.
  if (starts_with_any(s, {"URL:", "URL :", "url:", "기사 URL", "기사URL", "원문 URL", "기사 주소", "기사주소",
                          "원문 주소", "링크:", "링크 :"}) &&
      !url_in(s).empty()) {
    info.role = Role::kField;
    info.url = url_in(s);
    return info;
  }
  if ((s.starts_with("http://") || s.starts_with("https://")) && s.find(' ') == std::string_view::npos) {
    info.role = Role::kField;
    if (neighbour(lines, i, -1).empty()) info.url = std::string(s);  // the page's first line
    return info;
  }
  // Credits and sources: not story text.
  if (len <= 120 && starts_with_any(s, {"출처:", "출처 :", "이미지 출처", "사진 출처", "사진출처", "영상 출처",
                                        "사진 제공", "사진제공", "사진=", "사진:", "사진 :", "그래픽=",
                                        "그래픽:", "자료=", "영상=", "편집="})) {
    info.role = Role::kField;
    return info;
  }
  if (starts_with_any(s, {"섹션:", "섹션 :", "분류:", "분류 :", "카테고리:", "카테고리 :"}) && len <= 30) {
    info.role = Role::kField;
    info.section = std::string(trim(s.substr(s.find(':') + 1)));
    return info;
  }
  if (is_reporter_bio(s)) {
    info.role = Role::kField;
    return info;
  }
  // Photo captions: with their credit on the line, after an image, or above a credit line.
  const std::string_view prev = neighbour(lines, i, -1);
  const std::string_view next = neighbour(lines, i, +1);
  if ((has_photo_credit(s) && len <= 160 && !s.starts_with("(") ) ||
      (is_image_marker(prev) && (has_photo_credit(s) || s.back() == '|') && len <= 300) ||
      (is_credit_only(next) && len <= 80 && !ends_like_sentence(s) && !has_photo_credit(s))) {
    info.caption = has_photo_credit(s) ? strip_credit(s) : std::string(trim(s));
    if (is_credit_only(s)) info.caption.clear();
    info.role = info.caption.empty() ? Role::kField : Role::kCaption;
    return info;
  }
  if (auto b = parse_byline(s)) {
    if (b->whole_line) {
      info.role = Role::kField;
      info.dates = dates_in_line(s);
    } else {
      info.strip = b->prefix_bytes;
    }
    info.byline = std::move(b);
    return info;
  }
  if (auto dates = dates_in_line(s); !dates.empty() && is_dateline(s, dates)) {
    info.role = Role::kField;
    info.dates = std::move(dates);
    return info;
  }
  return info;
}

void FieldCollector::date(const DateInLine& d) {
  const std::string why = implausible_date(d.when.epoch, now_);
  const std::string shown = format_date(d.when);
  if (!why.empty()) {
    warnings_.push_back("date " + shown + " is " + why + "; not used (the article is indexed without it)");
    return;
  }
  if (d.kind == DateInLine::Kind::kUpdated) {
    if (!f_.updated) f_.updated = d.when.epoch, f_.updated_offset_minutes = d.when.offset_minutes;
    return;
  }
  if (!f_.published) {
    f_.published = d.when.epoch;
    f_.published_offset_minutes = d.when.offset_minutes;
  } else if (*f_.published != d.when.epoch && d.kind == DateInLine::Kind::kUnlabelled) {
    warnings_.push_back("two dates without a label (" + format_date({*f_.published, f_.published_offset_minutes}) +
                        ", " + shown + "); the first is taken as published");
  } else if (*f_.published != d.when.epoch && !f_.updated && d.when.epoch > *f_.published) {
    // A second 입력/등록 date later than the first: the page was republished; the later is the update.
    f_.updated = d.when.epoch;
    f_.updated_offset_minutes = d.when.offset_minutes;
  }
}

void FieldCollector::add(const LineInfo& info) {
  for (const auto& d : info.dates) date(d);
  if (info.byline) {
    const Byline& b = *info.byline;
    for (const auto& r : b.reporters) {
      if (std::find(f_.reporters.begin(), f_.reporters.end(), r) == f_.reporters.end()) f_.reporters.push_back(r);
    }
    std::string& slot = b.wire ? lead_publisher_ : byline_publisher_;
    if (slot.empty()) slot = b.publisher;
    if (email_publisher_.empty() && !b.email.empty()) email_publisher_ = std::string(outlet_of_domain(b.email));
  }
  if (!info.caption.empty() &&
      std::find(f_.captions.begin(), f_.captions.end(), info.caption) == f_.captions.end()) {
    f_.captions.push_back(info.caption);
  }
  if (f_.url.empty() && !info.url.empty()) f_.url = info.url;
  if (labelled_section_.empty()) labelled_section_ = info.section;
}

void FieldCollector::add_copyright(std::string_view line) {
  if (copyright_publisher_.empty()) copyright_publisher_ = outlet_of_copyright(line);
}

void FieldCollector::add_section_word(std::string_view word) {
  if (std::find(section_words_.begin(), section_words_.end(), word) == section_words_.end()) {
    section_words_.emplace_back(word);
  }
}

void FieldCollector::set_url(std::string url) {
  if (f_.url.empty()) f_.url = std::move(url);
}

ArticleFields FieldCollector::finish(std::vector<std::string>& warnings) {
  // Who wrote it: the wire dateline, the copyright holder, the byline's outlet, the e-mail domain.
  for (const std::string* p : {&lead_publisher_, &copyright_publisher_, &byline_publisher_, &email_publisher_}) {
    if (p->empty()) continue;
    const std::string_view known = outlet_named(*p);
    f_.publisher = known.empty() ? *p : std::string(known);
    break;
  }
  f_.section = !labelled_section_.empty() ? labelled_section_ : section_words_.size() == 1 ? section_words_[0] : "";
  if (f_.updated && f_.published && *f_.updated < *f_.published) {
    warnings_.push_back("the update date " + format_date({*f_.updated, f_.updated_offset_minutes}) +
                        " is before the publication date; not used");
    f_.updated.reset();
  }
  for (auto& w : warnings_) warnings.push_back(std::move(w));
  warnings_.clear();
  return std::move(f_);
}

}  // namespace kosearch::news
