#pragma once
// Internal: completions of a typed prefix from the suggestion terms (schema 4, W<word>) of an
// index. A prefix becomes one or more patterns, a set of allowed characters per position (a
// syllable still being composed allows the syllables it can still become; an initial consonant
// the 588 syllables it begins), matched against the sorted W terms by a skip-scan: a term that
// fails at position i makes the scan jump to the next term that can pass there, so `ㅅㅋㅇ`
// visits the words starting with ㅅ syllables by their first two letters, not one by one.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/searcher/suggest.hpp"

namespace kosearch::detail {

// Inclusive range of code points one position of a pattern allows.
struct CharRange {
  char32_t lo = 0, hi = 0;
};
using Pattern = std::vector<CharRange>;
// A position that only the end of the word passes (no word holds U+0000): the pattern matches
// whole words, not prefixes.
inline constexpr char32_t kEndOfWord = 0;

// The patterns of a normalized prefix (NFKC: compatibility jamo are conjoining ones by then).
// Empty when nothing can match (empty, or longer than any stored word).
std::vector<Pattern> patterns_of(std::string_view normalized);

// At most `k` index words matching one of `patterns`, best first (articles, then titles, then
// shorter, then text). Visits at most `max_visits` terms (bounds the time of a prefix that
// matches much of the vocabulary: `ㅅ`), keeping the best of those visited.
std::vector<Suggestion> complete(const Xapian::Database& db, const std::vector<Pattern>& patterns,
                                 std::uint32_t k, std::uint32_t max_visits = 8000);

// Whether the index has suggestion terms: schema 5 or later, not built with `--no-suggest`.
bool has_suggestions(const Xapian::Database& db);

// Searcher::suggest over an open database.
Suggestions suggest(const Xapian::Database& db, const Analyzer& analyzer, std::string_view prefix,
                    std::uint32_t k, const std::string& index_name);

}  // namespace kosearch::detail
