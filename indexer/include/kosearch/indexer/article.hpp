#pragma once
/// @file Reading a scraped news page saved as plain text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/indexer/document.hpp"

namespace kosearch {

/// A plain-text news page split into title, article body and page furniture.
struct ParsedArticle {
  std::string title;
  /// The article text: kept lines joined by '\n' (navigation, bylines, photo credits, share
  /// links, copyright lines, related-article and trending lists removed; repeated paragraphs
  /// kept once).
  std::string body;
  /// For each kept line: its offset in `body` and in the original text, so a passage's body
  /// offsets map back to the file (`to_source_offset`).
  struct LineMap {
    std::uint32_t body_offset;
    std::uint32_t source_offset;
    std::uint32_t length;
  };
  std::vector<LineMap> lines;
  std::uint32_t furniture_lines = 0;  ///< lines dropped as page furniture
  /// What the page states about itself: dates, outlet, reporters, section, address, photo
  /// captions (docs/news.md lists the shapes read). Unknown fields stay empty.
  ArticleFields fields;
  /// Stated but not used, one line each without the file name ("date 2999-01-01T… is in the
  /// future; not used …"): the caller reports them with the file.
  std::vector<std::string> warnings;

  /// Offset in the original text of byte `body_offset` of `body`.
  std::uint32_t to_source_offset(std::uint32_t body_offset) const;
};

/// Splits a scraped page into title, body, fields and furniture. The title is the first
/// headline-like line near the top (after navigation and section words such as `글로벌`); a page
/// without one has an empty title (its first sentence stays body text only). Datelines,
/// bylines, a lead's `(서울=연합뉴스) 홍길동 기자 =`, captions, credits, reporter bios and
/// copyright lines go to `fields` or are dropped, never into `body`. `text` must be valid UTF-8.
ParsedArticle parse_article(std::string_view text);

}  // namespace kosearch
