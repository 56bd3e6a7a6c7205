#pragma once
/// @file The news fields of an article (kosearch::Document::fields, kosearch::Hit::fields).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kosearch {

/// What a news article says about itself. Every field is optional: unknown is empty or unset,
/// never a guess.
struct ArticleFields {
  /// First publication, seconds since 1970-01-01T00:00:00Z.
  std::optional<std::int64_t> published;
  /// The UTC offset the source stated for `published`, in minutes (a page's local time is KST).
  std::int32_t published_offset_minutes = 9 * 60;
  /// Last update, seconds since the epoch, and its stated offset.
  std::optional<std::int64_t> updated;
  std::int32_t updated_offset_minutes = 9 * 60;
  std::string publisher;               ///< the outlet, as it names itself ("연합뉴스")
  std::vector<std::string> reporters;  ///< reporters' names, without "기자"
  std::string section;                 ///< the outlet's section ("경제", "IT")
  std::string url;
  std::vector<std::string> captions;   ///< photo captions, kept apart from the body

  bool empty() const {
    return !published && !updated && publisher.empty() && reporters.empty() && section.empty() &&
           url.empty() && captions.empty();
  }
};

}  // namespace kosearch
