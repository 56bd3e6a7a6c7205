#pragma once
/// @file The ranking model's parameters (SearchOptions::ranking): BM25, the weights of terms
/// that carry little topic, which terms drive the match, and the re-ranking of the best hits.
/// The defaults are the tuned model; docs/ranking.md has what each measured, and
/// docs/experiments.md the values that lost. Set by name with apply_search_option (`--set`).

#include <cstdint>

namespace kosearch {

/// Each field: its contract, its `--set` name in brackets, and its default.
struct RankingParams {
  /// BM25's k1 and b (Xapian's BM25Weight) [`k1`, `b`]. Default: 0.4 and 0.9.
  double bm25_k1 = 0.4;
  double bm25_b = 0.9;

  /// Weight factors of query terms that carry little topic: n-grams covering a trailing particle
  /// (`을`, `에서`) [`particle_weight`], question words (`무엇`, `누구`) [`question_weight`],
  /// bigrams across a space [`cross_weight`]. Default: 0.25, 0.1, 0.3.
  double particle_weight = 0.25;
  double question_weight = 0.1;
  double cross_weight = 0.3;

  /// Queries typed without spaces: a Hangul run of at least this many syllables is split into
  /// guessed words after each particle from a short list (`김이수는고창에서태어났다` → `김이수` |
  /// `고창` | `태어났다`), weighed as in a spaced query [`split_runs`]. 0: off. Default: 6.
  std::uint32_t split_runs = 6;

  /// Weak terms only add score: a passage must match a strong term to be returned
  /// [`weak_optional`]. Weak: a weight factor below 1, or found in more than
  /// max(common_fraction x passages, common_min) passages [`common_fraction`, `common_min`],
  /// except the three rarest full-weight terms. A query with no strong term in the index is a
  /// plain OR. Default: true, 0.01 and 1000.
  bool weak_terms_optional = true;
  double common_fraction = 0.01;
  std::uint64_t common_min = 1000;
  /// At most this many strong terms, the rarest; the others become weak (terms in at most
  /// common_min / 10 passages always stay strong) [`max_strong`]. 0: no limit. Default: 10.
  std::uint32_t max_strong_terms = 10;
  /// Two passes: the strong terms (and the weak ones in at most `first_pass_common` of the
  /// passages) pick their best `first_pass` passages, at least the hits asked for, and only those
  /// are scored with the whole query; each score is the whole query's. Not with filters that read
  /// the text, recency, date order or several databases; a query without common weak terms runs
  /// one pass [`first_pass`, `first_pass_common`]. 0: one pass. Default: 300 and 0.05.
  std::uint32_t first_pass = 300;
  double first_pass_common = 0.05;

  /// Re-ranking of the best `rerank_depth` hits (and those tied with the last) of the first
  /// page [`rerank_depth`]: each gains rerank_weight x the share of the query's content words
  /// found whole in its text [`rerank`]. 0 (either): off. Default: 16 and 20.
  double rerank_weight = 16.0;
  std::uint32_t rerank_depth = 20;
  /// + rerank_pair_weight x the share of consecutive content words found in order, at most 12
  /// bytes apart [`rerank_pairs`]. 0: off. Default: 8.
  double rerank_pair_weight = 8.0;
  /// + rerank_sentence_weight x the largest share of the query's typed content words that one
  /// sentence holds (with fewer than two such words, of its full-weight n-grams' idf)
  /// [`rerank_sentence`]. 0: off. Default: 8.
  double rerank_sentence_weight = 8.0;
  /// + rerank_title_weight when the hit's article title (without a parenthesized qualifier, two
  /// or more characters) occurs in the query, spaces ignored [`rerank_title`]. 0: off. Default: 4.
  double rerank_title_weight = 4.0;
  /// + rerank_length_weight x min(1, the passage's characters / rerank_length_chars): a stub or a
  /// caption, which BM25's length normalization lifts, gains less than a paragraph (a bonus, not
  /// a penalty, so a re-ranked hit never scores below its BM25) [`rerank_length`,
  /// `rerank_length_chars`]. 0 (either): off. Default: 16 and 300.
  double rerank_length_weight = 16.0;
  std::uint32_t rerank_length_chars = 300;
  /// Content words of the re-ranking: a number with its counter or letters (`15대`, `g20`) is
  /// one word [`rerank_compounds`]; a Hangul word loses the verb ending a question gives it
  /// (`선언했는` → `선언`) [`rerank_stems`]; a two-syllable word ending in `은`, `는`, `를` or
  /// `에` is none [`rerank_skip_particle_words`]. Default: true, true, true.
  bool rerank_compounds = true;
  bool rerank_stems = true;
  bool rerank_skip_particle_words = true;
};

}  // namespace kosearch
