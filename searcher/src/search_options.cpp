#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/core/option_value.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace kosearch {

using option_value::to_bool;
using option_value::to_double;
using option_value::to_uint;

void apply_search_option(SearchOptions& o, std::string_view key, std::string_view value) {
  if (key == "k") {
    o.k = to_uint(key, value);
  } else if (key == "offset") {
    o.offset = to_uint(key, value);
  } else if (key == "one_per_article") {
    o.one_per_article = to_bool(key, value);
  } else if (key == "k1") {
    o.bm25_k1 = to_double(key, value);
  } else if (key == "b") {
    o.bm25_b = to_double(key, value);
  } else if (key == "proximity") {
    o.proximity_weight = to_double(key, value);
  } else if (key == "variants") {
    o.spelling_variants = to_bool(key, value);
  } else if (key == "particle_weight") {
    o.particle_weight = to_double(key, value);
  } else if (key == "question_weight") {
    o.question_weight = to_double(key, value);
  } else if (key == "cross_weight") {
    o.cross_weight = to_double(key, value);
  } else if (key == "rerank") {
    o.rerank_weight = to_double(key, value);
  } else if (key == "rerank_pairs") {
    o.rerank_pair_weight = to_double(key, value);
  } else if (key == "rerank_sentence") {
    o.rerank_sentence_weight = to_double(key, value);
  } else if (key == "rerank_prefix") {
    o.rerank_prefix_credit = to_double(key, value);
  } else if (key == "split_words") {
    o.split_words = to_bool(key, value);
  } else if (key == "split_runs") {
    o.split_runs = to_uint(key, value);
  } else if (key == "rerank_depth") {
    o.rerank_depth = to_uint(key, value);
  } else if (key == "snippets") {
    o.snippets = to_bool(key, value);
  } else if (key == "weak_optional") {
    o.weak_terms_optional = to_bool(key, value);
  } else if (key == "common_fraction") {
    o.common_fraction = to_double(key, value);
  } else if (key == "common_min") {
    o.common_min = to_uint(key, value);
  } else if (key == "max_strong") {
    o.max_strong_terms = to_uint(key, value);
  } else if (key == "text") {
    o.fetch_text = to_bool(key, value);
  } else if (key == "rerank_compounds") {
    o.rerank_compounds = to_bool(key, value);
  } else if (key == "rerank_skip_particle_words") {
    o.rerank_skip_particle_words = to_bool(key, value);
  } else if (key == "rerank_stems") {
    o.rerank_stems = to_bool(key, value);
  } else if (key == "syntax") {
    o.query_syntax = to_bool(key, value);
  } else if (key == "snippet_chars") {
    o.snippet_chars = to_uint(key, value);
  } else {
    throw InvalidArgument("unknown search option '" + std::string(key) +
                          "'; valid: k, offset, one_per_article, k1, b, proximity, variants, "
                          "particle_weight, question_weight, cross_weight, rerank, rerank_depth, rerank_pairs, rerank_sentence, rerank_prefix, "
                          "rerank_compounds, rerank_stems, rerank_skip_particle_words, split_runs, split_words, snippets, "
                          "snippet_chars, text, weak_optional, common_fraction, common_min, max_strong, syntax");
  }
}

}  // namespace kosearch
