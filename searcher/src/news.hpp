#pragma once
// Internal: the news side of a search (docs/news-search.md): date/publisher/reporter/section
// filters, date order, recency blend, facets. The searcher calls these as small hooks; nothing
// here runs for a search that asks for none of it.

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/searcher/searcher.hpp"
#include "query_syntax.hpp"

namespace kosearch::detail {

// A filter date: "YYYY-MM-DD", or a date-time "YYYY-MM-DDTHH:MM[:SS]" (also with a space for T)
// with an optional "Z", "+HH:MM" or "+HHMM"; KST (+09:00) when no offset is given. A bare date
// is its first second, or its last with `end_of_day`. Throws InvalidArgument naming `what`.
std::int64_t parse_filter_date(std::string_view text, bool end_of_day, std::string_view what);

// `query` restricted by the options' filters and `typed` (OP_FILTER over boolean terms and a
// value range on the publication date). An empty query with filters matches every passage the
// filters let through; without filters `query` is returned as it is.
Xapian::Query apply_news_filters(const Xapian::Query& query, const SearchOptions& options,
                                 const std::vector<FieldOperator>& typed);

// Sets the order (date, then relevance) on `enquire` for SearchOptions::sort, and adds the
// recency blend to its query (call after set_query). Nothing for the defaults.
void apply_news_order(Xapian::Enquire& enquire, const Xapian::Query& query, const SearchOptions& options);

// Notes for the filters, date orders and facets that ask for a field no passage of `db` has (an
// index built before news fields, or plain text): they find or count nothing, and say why.
std::vector<std::string> missing_field_notes(const Xapian::Database& db, const SearchOptions& options,
                                             const std::vector<FieldOperator>& typed);

// The value slot facet `name` counts ("publisher", "reporter", "section", "month"); nullopt for
// another name.
std::optional<Xapian::valueno> facet_value_slot(std::string_view name);

// SearchOptions::facets counted over every passage `query` matches in `db`, per article.
std::vector<Facet> count_facets(const Xapian::Database& db, const Xapian::Query& query,
                                const SearchOptions& options);

}  // namespace kosearch::detail
