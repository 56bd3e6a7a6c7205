#include <charconv>
#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace kosearch {

namespace {

double parse_double(std::string_view key, std::string_view value) {
  try {
    std::size_t used = 0;
    const double d = std::stod(std::string(value), &used);
    if (used == value.size()) return d;
  } catch (const std::exception&) {
  }
  throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) + "' is not a number");
}

std::uint32_t parse_uint(std::string_view key, std::string_view value) {
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) +
                          "' is not a non-negative integer");
  }
  return v;
}

bool parse_bool(std::string_view key, std::string_view value) {
  if (value == "1" || value == "true" || value == "on" || value == "yes") return true;
  if (value == "0" || value == "false" || value == "off" || value == "no") return false;
  throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) +
                        "' is not a boolean (use 1/0, true/false, on/off)");
}

}  // namespace

void apply_search_option(SearchOptions& o, std::string_view key, std::string_view value) {
  if (key == "k") {
    o.k = parse_uint(key, value);
  } else if (key == "offset") {
    o.offset = parse_uint(key, value);
  } else if (key == "one_per_article") {
    o.one_per_article = parse_bool(key, value);
  } else if (key == "k1") {
    o.bm25_k1 = parse_double(key, value);
  } else if (key == "b") {
    o.bm25_b = parse_double(key, value);
  } else if (key == "proximity") {
    o.proximity_weight = parse_double(key, value);
  } else if (key == "variants") {
    o.spelling_variants = parse_bool(key, value);
  } else if (key == "particle_weight") {
    o.particle_weight = parse_double(key, value);
  } else if (key == "question_weight") {
    o.question_weight = parse_double(key, value);
  } else if (key == "cross_weight") {
    o.cross_weight = parse_double(key, value);
  } else if (key == "rerank") {
    o.rerank_weight = parse_double(key, value);
  } else if (key == "rerank_pairs") {
    o.rerank_pair_weight = parse_double(key, value);
  } else if (key == "rerank_sentence") {
    o.rerank_sentence_weight = parse_double(key, value);
  } else if (key == "rerank_prefix") {
    o.rerank_prefix_credit = parse_double(key, value);
  } else if (key == "split_words") {
    o.split_words = parse_bool(key, value);
  } else if (key == "split_runs") {
    o.split_runs = parse_uint(key, value);
  } else if (key == "rerank_depth") {
    o.rerank_depth = parse_uint(key, value);
  } else if (key == "snippets") {
    o.snippets = parse_bool(key, value);
  } else if (key == "weak_optional") {
    o.weak_terms_optional = parse_bool(key, value);
  } else if (key == "common_fraction") {
    o.common_fraction = parse_double(key, value);
  } else if (key == "common_min") {
    o.common_min = parse_uint(key, value);
  } else if (key == "max_strong") {
    o.max_strong_terms = parse_uint(key, value);
  } else if (key == "text") {
    o.fetch_text = parse_bool(key, value);
  } else if (key == "rerank_compounds") {
    o.rerank_compounds = parse_bool(key, value);
  } else if (key == "rerank_skip_particle_words") {
    o.rerank_skip_particle_words = parse_bool(key, value);
  } else if (key == "rerank_stems") {
    o.rerank_stems = parse_bool(key, value);
  } else if (key == "syntax") {
    o.query_syntax = parse_bool(key, value);
  } else if (key == "snippet_chars") {
    o.snippet_chars = parse_uint(key, value);
  } else {
    throw InvalidArgument("unknown search option '" + std::string(key) +
                          "'; valid: k, offset, one_per_article, k1, b, proximity, variants, "
                          "particle_weight, question_weight, cross_weight, rerank, rerank_depth, rerank_pairs, rerank_sentence, rerank_prefix, "
                          "rerank_compounds, rerank_stems, rerank_skip_particle_words, split_runs, split_words, snippets, "
                          "snippet_chars, text, weak_optional, common_fraction, common_min, max_strong, syntax");
  }
}

}  // namespace kosearch
