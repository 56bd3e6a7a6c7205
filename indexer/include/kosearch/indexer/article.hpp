#pragma once
/// @file Reading a scraped news page saved as plain text.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

  /// Offset in the original text of byte `body_offset` of `body`.
  std::uint32_t to_source_offset(std::uint32_t body_offset) const;
};

/// Splits a scraped page into title, body and furniture. The title is the first headline-like
/// line near the top (after navigation and section words such as `글로벌`), or else the first
/// sentence of the body. `text` must be valid UTF-8.
ParsedArticle parse_article(std::string_view text);

}  // namespace kosearch
