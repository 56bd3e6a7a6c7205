#pragma once
// Internal: query expansion with user synonyms and Hangul spelling variants. Both add the
// n-grams of another spelling as optional terms; neither removes anything from the query.

#include <filesystem>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"

namespace kosearch::detail {

// Groups of equivalent spellings, normalized with the index's analyzer.
class SynonymTable {
 public:
  SynonymTable() = default;
  // One group per line, members separated by ',' or '|'; '#' starts a comment; blank lines
  // are ignored. Throws IoError (unreadable) or InvalidInput (a group of one, with file:line).
  SynonymTable(const std::filesystem::path& file, const Analyzer& analyzer);
  bool empty() const { return groups_.empty(); }
  // The other spellings of every group member found in `normalized_query` (a substring match,
  // so `저커버그는` and a query typed without spaces both count).
  std::vector<std::string> expansions(std::string_view normalized_query) const;

 private:
  std::vector<std::vector<std::string>> groups_;
};

// What spelling_variants needs to know about the index.
struct IndexLookup {
  std::function<bool(const std::string&)> has_term;
  std::function<bool(const std::vector<std::string>&)> co_occur;  // all in one passage
  std::function<std::uint64_t(const std::string&)> term_freq;     // passages holding the term
  std::function<std::uint64_t()> doc_count;                        // passages in the index
  std::function<bool()> sharded;  // searched as several Xapian databases (a stub's shards)
};

// Longest word spelling_variants expands, in syllables: no word is longer, and each syllable
// costs ~66 candidate spellings, each checked with a phrase of the whole word.
inline constexpr std::size_t kMaxVariantSyllables = 32;
// Index look-ups spelling_variants may make for one query (a has_term is one, a co_occur one
// per term), ~6 µs each on korquad1: ~60 ms. The KorQuAD questions use at most 6,339 (with
// spaces) and 7,939 (without).
inline constexpr std::size_t kVariantLookups = 10000;

// The work spelling_variants may still do, shared by the words of one query.
struct VariantBudget {
  std::size_t lookups = kVariantLookups;  // index look-ups left
  bool cut = false;  // a word was left out (too long) or not fully expanded (budget spent)
};

// Spellings of a Hangul word at jamo edit distance one (one syllable's initial, vowel or final
// consonant changed: 저커버그 → 주커버그, 셩지아 → 션지아) whose bigrams all occur together in
// some passage of the index. Only words of three to kMaxVariantSyllables syllables are
// expanded: short words have too many real neighbours (지분 → 기분). Spends `budget`; when it
// runs out, returns the spellings found so far and sets budget.cut.
std::vector<std::string> spelling_variants(std::u32string_view word, const IndexLookup& index,
                                           VariantBudget& budget);

}  // namespace kosearch::detail
