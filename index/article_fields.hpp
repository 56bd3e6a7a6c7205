#pragma once
// Internal: how an article's news fields (kosearch::ArticleFields) are stored on each of its
// passages, so filters, sorting and facets read them without a join. The indexer writes them with
// add_article_fields(); the searcher filters on the terms and reads the values.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "kosearch/core/article_fields.hpp"

namespace kosearch::schema {

// Value slots (kSlotDocId..kSlotContentHash are 0..2, schema.hpp). Absent when unknown.
inline constexpr Xapian::valueno kSlotPublished = 3;  // Xapian::sortable_serialise(epoch seconds)
inline constexpr Xapian::valueno kSlotFields = 4;     // fields_to_json(): what a hit shows
inline constexpr Xapian::valueno kSlotPublisher = 5;  // the publisher's name as written
inline constexpr Xapian::valueno kSlotSection = 6;    // the section's name as written
inline constexpr Xapian::valueno kSlotMonth = 7;      // "YYYY-MM" of `published` in KST
inline constexpr Xapian::valueno kSlotReporters = 8;  // names as written, joined by '\x1f'
inline constexpr Xapian::valueno kSlotCluster = 9;    // near-duplicate cluster key (grouping)

// Boolean filter terms: prefix + field_key(name).
inline constexpr std::string_view kPrefixPublisher = "XP";
inline constexpr std::string_view kPrefixReporter = "XR";
inline constexpr std::string_view kPrefixSection = "XC";

// The key a name is matched by: NFKC, case folded, whitespace removed ("연합 뉴스" = "연합뉴스").
std::string field_key(std::string_view name);

// "2025-08-14T10:41:00+09:00": `epoch_seconds` shown at `offset_minutes` east of UTC.
std::string format_iso8601(std::int64_t epoch_seconds, std::int32_t offset_minutes);
// "YYYY-MM" of `epoch_seconds` in KST (+09:00): the month facet's value.
std::string kst_month(std::int64_t epoch_seconds);

// The fields as a JSON object: {"published": ISO or null, "updated": ISO or null, "publisher":
// string or null, "reporters": [..], "section": string or null, "url": string or null}.
// Captions are not stored here (they are indexed, not shown).
std::string fields_to_json(const ArticleFields& fields);
// The inverse for what fields_to_json() wrote (published/updated back to epoch and offset); an
// empty or malformed value gives empty fields.
ArticleFields fields_from_json(std::string_view json);

// Stores `fields` on one passage: the values and boolean terms above (nothing when empty).
void add_article_fields(Xapian::Document& doc, const ArticleFields& fields);

}  // namespace kosearch::schema
