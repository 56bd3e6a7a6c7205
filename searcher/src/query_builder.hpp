#pragma once
// Internal: turns a query string into a Xapian query over the analyzer's terms.

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "expansion.hpp"
#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace kosearch::detail {

// Hard limits that keep absurd queries fast (documented in the README).
inline constexpr std::size_t kMaxQueryBytes = 16 * 1024;
inline constexpr std::size_t kMaxQueryTerms = 256;

struct BuiltQuery {
  Xapian::Query query;
  // When `query` is `strong AND_MAYBE weak` over one database, its two sides (the plan's filters
  // apply to `strong`); else empty. RankingParams::first_pass ranks `strong` first.
  Xapian::Query strong, weak;
  // Term -> its weight factor (1 = full); the highlighter marks terms with factor >= 0.5.
  std::unordered_map<std::string, double> term_weights;
  // The query's content words in query order, normalized, without a trailing particle (Hangul
  // stems of two or more syllables, other words of two or more bytes): what the re-ranker looks
  // for whole, and in pairs of consecutive ones.
  std::vector<std::string> words;
  // The distinct words of `words` whose both ends the user typed (not guessed inside a run typed
  // without spaces), in query order.
  std::vector<std::string> typed_words;
  // Only for a query with fewer than two distinct typed words (typed without spaces, its words
  // are guesses): its full-weight terms with their idf, ln(passages / passages holding it), over
  // which the re-ranking's sentence bonus is counted instead of over words.
  std::vector<std::pair<std::string, double>> sentence_terms;
};

// The distinct terms of a query: term -> (query frequency, strongest weight factor).
using TermTable = std::map<std::string, std::pair<Xapian::termcount, double>>;

// Builds: OR of weighted terms, weak ones optional (match_query).
// - Every distinct term is optional (OR), so a particle or an extra word never empties the result
//   (Xapian's QueryParser ANDs all n-grams of a word: `지분을` would need `분을`).
// - n-grams that cover a trailing particle (`을`, `에서`, ...) of a word, and question words
//   (`무엇`, `누구`, ...) get a small weight instead of being dropped.
// - Synonyms (a user file) and spelling variants (options.spelling_variants, checked against
//   the index through `index`) add the n-grams of the other spellings.
class QueryBuilder {
 public:
  QueryBuilder(const Analyzer& analyzer, const SynonymTable& synonyms, IndexLookup index)
      : analyzer_(analyzer), synonyms_(synonyms), index_(std::move(index)) {}
  // Throws QuerySyntax when the query exceeds kMaxQueryBytes.
  BuiltQuery build(std::string_view query, const SearchOptions& options) const;

 private:
  // build()'s steps that need the index or the synonyms (the others are file-local).
  // Adds the n-grams of other spellings (synonyms, spelling variants) the query lacks.
  void add_spellings(std::string_view query, const std::vector<Token>& tokens,
                     const SearchOptions& options, TermTable& terms) const;
  // Strong terms ORed, the weak ones optional under them; fills out.term_weights and
  // out.sentence_terms. nullopt when no term can match.
  std::optional<Xapian::Query> match_query(const TermTable& terms, const SearchOptions& options,
                                           BuiltQuery& out) const;

  const Analyzer& analyzer_;
  const SynonymTable& synonyms_;
  IndexLookup index_;
};

}  // namespace kosearch::detail
