#pragma once
// Internal: what each line of a scraped news page is (story text, a field such as a dateline or
// byline, a photo caption, a credit) and the article fields the page states. parse_article()
// decides the title and the body; this decides the news furniture and gathers the fields.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bylines.hpp"
#include "dates.hpp"
#include "kosearch/indexer/document.hpp"

namespace kosearch::news {

struct LineInfo {
  enum class Role {
    kText,     // story text (or something parse_article judges itself)
    kField,    // a dateline, byline, url, bio, credit, section word: not passage text
    kCaption,  // a photo caption (and its credit): kept in ArticleFields::captions
  };
  Role role = Role::kText;
  std::size_t strip = 0;  // a kText line: bytes of a lead's byline to drop from its start
  std::vector<DateInLine> dates;
  std::optional<Byline> byline;
  std::string caption;
  std::string url;
  std::string section;  // a labelled section ("섹션: 경제")
};

// The role of lines[i] (trimmed lines of the page; the neighbours tell captions apart).
LineInfo classify_line(const std::vector<std::string_view>& lines, std::size_t i);

// A section name standing alone on a line of site navigation ("글로벌", "경제", "IT·과학").
bool is_section_word(std::string_view line);

// Gathers the fields of a page's lines, in page order, into ArticleFields.
class FieldCollector {
 public:
  explicit FieldCollector(std::int64_t now) : now_(now) {}
  void add(const LineInfo& info);
  void add_copyright(std::string_view line);
  void add_section_word(std::string_view word);
  void set_url(std::string url);
  // The fields, and warnings for what was stated but not used ("two dates", "date in the future").
  ArticleFields finish(std::vector<std::string>& warnings);

 private:
  std::int64_t now_;
  ArticleFields f_;
  std::vector<std::string> warnings_;
  std::string lead_publisher_, byline_publisher_, copyright_publisher_, email_publisher_;
  std::vector<std::string> section_words_;
  std::string labelled_section_;
  void date(const DateInLine& d);
};

}  // namespace kosearch::news
