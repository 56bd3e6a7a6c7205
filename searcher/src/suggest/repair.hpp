#pragma once
// Internal: a query rewritten before it is planned, when what was typed is clearly not what was
// meant: Hangul typed with the keyboard in the English layout (`tmzpdlf wlqns` → `스케일 지분`),
// or a word of initial consonants only (`ㅅㅋㅇ` → the index words they begin, best first).
// `Searcher::search` runs the rewritten query and reports it (SearchResults::corrected_query).

#include <xapian.h>

#include <string>
#include <string_view>

#include "kosearch/analyzers/analyzer.hpp"

namespace kosearch::detail {

struct Repair {
  std::string query;   // the query to run instead; empty: run the query as typed
  std::string reason;  // "english_layout" or "initials"
};

// At most this many index words replace a word of initial consonants.
inline constexpr std::size_t kInitialsExpansion = 3;

// Never throws: an index error leaves the query as typed (the search then reports it).
Repair repair_query(const Xapian::Database& db, const Analyzer& analyzer, std::string_view query) noexcept;

}  // namespace kosearch::detail
