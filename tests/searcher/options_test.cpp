// SearchOptions by name: the ranking parameters are reached through SearchOptions::ranking under
// their `--set` names, and the options of experiments that lost are refused as removed.

#include <doctest/doctest.h>

#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/searcher/searcher.hpp"

using namespace kosearch;

TEST_CASE("a removed search option is refused by name, as removed, not as unknown") {
  for (const char* key : {"proximity", "rerank_prefix", "split_words"}) {
    SearchOptions o;
    std::string message;
    try {
      apply_search_option(o, key, "1");
    } catch (const InvalidArgument& e) {
      message = e.what();
    }
    CAPTURE(key);
    CHECK(message.find(std::string("'") + key + "' was removed") != std::string::npos);
    CHECK(message.find("docs/experiments.md") != std::string::npos);
    // Not listed among the valid keys either.
    try {
      apply_search_option(o, "nope", "1");
    } catch (const InvalidArgument& e) {
      const std::string valid = e.what();
      CHECK(valid.find(std::string(key) + ",") == std::string::npos);
    }
  }
}

TEST_CASE("every ranking parameter is set by its --set name through SearchOptions::ranking") {
  SearchOptions o;
  const RankingParams defaults;
  apply_search_option(o, "k1", "1.5");
  apply_search_option(o, "b", "0.5");
  apply_search_option(o, "particle_weight", "0.5");
  apply_search_option(o, "question_weight", "0.5");
  apply_search_option(o, "cross_weight", "0.5");
  apply_search_option(o, "split_runs", "7");
  apply_search_option(o, "weak_optional", "0");
  apply_search_option(o, "common_fraction", "0.5");
  apply_search_option(o, "common_min", "7");
  apply_search_option(o, "max_strong", "7");
  apply_search_option(o, "rerank", "1.5");
  apply_search_option(o, "rerank_depth", "7");
  apply_search_option(o, "rerank_pairs", "1.5");
  apply_search_option(o, "rerank_sentence", "1.5");
  apply_search_option(o, "rerank_title", "1.5");
  apply_search_option(o, "rerank_length", "1.5");
  apply_search_option(o, "rerank_length_chars", "7");
  apply_search_option(o, "rerank_compounds", "0");
  apply_search_option(o, "rerank_stems", "0");
  apply_search_option(o, "rerank_skip_particle_words", "0");
  const RankingParams& r = o.ranking;
  CHECK(r.bm25_k1 == 1.5);
  CHECK(r.bm25_b == 0.5);
  CHECK(r.particle_weight == 0.5);
  CHECK(r.question_weight == 0.5);
  CHECK(r.cross_weight == 0.5);
  CHECK(r.split_runs == 7);
  CHECK_FALSE(r.weak_terms_optional);
  CHECK(r.common_fraction == 0.5);
  CHECK(r.common_min == 7);
  CHECK(r.max_strong_terms == 7);
  CHECK(r.rerank_weight == 1.5);
  CHECK(r.rerank_depth == 7);
  CHECK(r.rerank_pair_weight == 1.5);
  CHECK(r.rerank_sentence_weight == 1.5);
  CHECK(r.rerank_title_weight == 1.5);
  CHECK(r.rerank_length_weight == 1.5);
  CHECK(r.rerank_length_chars == 7);
  CHECK_FALSE(r.rerank_compounds);
  CHECK_FALSE(r.rerank_stems);
  CHECK_FALSE(r.rerank_skip_particle_words);
  // The user's options are untouched by them.
  const SearchOptions fresh;
  CHECK(o.k == fresh.k);
  CHECK(o.snippets == fresh.snippets);
  // The defaults are the tuned model (docs/ranking.md).
  CHECK(defaults.bm25_k1 == 0.4);
  CHECK(defaults.rerank_length_weight == 16.0);
  CHECK(defaults.rerank_length_chars == 300);
  CHECK(defaults.bm25_b == 0.9);
  CHECK(defaults.rerank_weight == 16.0);
  CHECK(defaults.rerank_depth == 20);
}
