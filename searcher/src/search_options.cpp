// SearchOptions set by name (apply_search_option): one table, which also names the valid keys.

#include <array>
#include <string>
#include <utility>

#include "kosearch/core/error.hpp"
#include "kosearch/core/option_value.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "news.hpp"

namespace kosearch {

namespace {

using option_value::to_bool;
using option_value::to_double;
using option_value::to_uint;

using Setter = option_value::Setter<SearchOptions>;

// A name added to a filter list; an empty value clears the list.
void add_name(std::vector<std::string>& names, std::string_view value) {
  if (value.empty()) {
    names.clear();
  } else {
    names.emplace_back(value);
  }
}

SearchOptions::Sort to_sort(std::string_view key, std::string_view v) {
  if (v == "relevance") return SearchOptions::Sort::relevance;
  if (v == "newest") return SearchOptions::Sort::newest;
  if (v == "oldest") return SearchOptions::Sort::oldest;
  throw InvalidArgument(std::string(key) + " must be relevance, newest or oldest, got '" + std::string(v) + "'");
}

// "publisher,month": each a known facet (checked here, so a typo fails before searching).
std::vector<std::string> to_facets(std::string_view key, std::string_view v) {
  std::vector<std::string> out;
  for (std::size_t from = 0; from <= v.size();) {
    const std::size_t comma = std::min(v.find(',', from), v.size());
    const std::string_view name = v.substr(from, comma - from);
    if (detail::facet_value_slot(name)) {
      out.emplace_back(name);
    } else if (!name.empty()) {
      throw InvalidArgument(std::string(key) + ": unknown facet '" + std::string(name) +
                            "'; valid: publisher, reporter, section, month");
    }
    from = comma + 1;
  }
  return out;
}

bool to_grouped(std::string_view key, std::string_view v) {
  if (v == "group") return true;
  if (v == "show") return false;
  throw InvalidArgument(std::string(key) + " must be group or show, got '" + std::string(v) + "'");
}

constexpr auto kSetters = std::to_array<Setter>({
    // The query's options (SearchOptions).
    {"k", [](SearchOptions& o, std::string_view k, std::string_view v) { o.k = to_uint(k, v); }},
    {"offset", [](SearchOptions& o, std::string_view k, std::string_view v) { o.offset = to_uint(k, v); }},
    {"one_per_article", [](SearchOptions& o, std::string_view k, std::string_view v) { o.one_per_article = to_bool(k, v); }},
    {"variants", [](SearchOptions& o, std::string_view k, std::string_view v) { o.spelling_variants = to_bool(k, v); }},
    {"snippets", [](SearchOptions& o, std::string_view k, std::string_view v) { o.snippets = to_bool(k, v); }},
    {"text", [](SearchOptions& o, std::string_view k, std::string_view v) { o.fetch_text = to_bool(k, v); }},
    {"syntax", [](SearchOptions& o, std::string_view k, std::string_view v) { o.query_syntax = to_bool(k, v); }},
    {"correct", [](SearchOptions& o, std::string_view k, std::string_view v) { o.correct = to_bool(k, v); }},
    {"particle_forms", [](SearchOptions& o, std::string_view k, std::string_view v) { o.particle_forms = to_bool(k, v); }},
    {"snippet_chars", [](SearchOptions& o, std::string_view k, std::string_view v) { o.snippet_chars = to_uint(k, v); }},
    {"since", [](SearchOptions& o, std::string_view k, std::string_view v) {
       o.since = v.empty() ? std::nullopt : std::optional(detail::parse_filter_date(v, false, k)); }},
    {"until", [](SearchOptions& o, std::string_view k, std::string_view v) {
       o.until = v.empty() ? std::nullopt : std::optional(detail::parse_filter_date(v, true, k)); }},
    {"publisher", [](SearchOptions& o, std::string_view, std::string_view v) { add_name(o.publishers, v); }},
    {"reporter", [](SearchOptions& o, std::string_view, std::string_view v) { add_name(o.reporters, v); }},
    {"section", [](SearchOptions& o, std::string_view, std::string_view v) { add_name(o.sections, v); }},
    {"sort", [](SearchOptions& o, std::string_view k, std::string_view v) { o.sort = to_sort(k, v); }},
    {"recency", [](SearchOptions& o, std::string_view k, std::string_view v) { o.recency_half_life_days = to_double(k, v); }},
    {"recency_weight", [](SearchOptions& o, std::string_view k, std::string_view v) { o.recency_weight = to_double(k, v); }},
    {"now", [](SearchOptions& o, std::string_view k, std::string_view v) {
       o.now = v.empty() ? std::nullopt : std::optional(detail::parse_filter_date(v, false, k)); }},
    {"facets", [](SearchOptions& o, std::string_view k, std::string_view v) { o.facets = to_facets(k, v); }},
    {"facet_limit", [](SearchOptions& o, std::string_view k, std::string_view v) { o.facet_limit = to_uint(k, v); }},
    {"duplicates", [](SearchOptions& o, std::string_view k, std::string_view v) { o.group_duplicates = to_grouped(k, v); }},
    // The ranking model's parameters (SearchOptions::ranking, ranking_params.hpp).
    {"k1", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.bm25_k1 = to_double(k, v); }},
    {"b", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.bm25_b = to_double(k, v); }},
    {"particle_weight", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.particle_weight = to_double(k, v); }},
    {"question_weight", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.question_weight = to_double(k, v); }},
    {"cross_weight", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.cross_weight = to_double(k, v); }},
    {"rerank", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_weight = to_double(k, v); }},
    {"rerank_pairs", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_pair_weight = to_double(k, v); }},
    {"rerank_sentence", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_sentence_weight = to_double(k, v); }},
    {"rerank_title", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_title_weight = to_double(k, v); }},
    {"rerank_length", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_length_weight = to_double(k, v); }},
    {"rerank_length_chars", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_length_chars = to_uint(k, v); }},
    {"split_runs", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.split_runs = to_uint(k, v); }},
    {"rerank_depth", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_depth = to_uint(k, v); }},
    {"weak_optional", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.weak_terms_optional = to_bool(k, v); }},
    {"common_fraction", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.common_fraction = to_double(k, v); }},
    {"common_min", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.common_min = to_uint(k, v); }},
    {"max_strong", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.max_strong_terms = to_uint(k, v); }},
    {"first_pass", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.first_pass = to_uint(k, v); }},
    {"first_pass_common", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.first_pass_common = to_double(k, v); }},
    {"rerank_compounds", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_compounds = to_bool(k, v); }},
    {"rerank_skip_particle_words", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_skip_particle_words = to_bool(k, v); }},
    {"rerank_stems", [](SearchOptions& o, std::string_view k, std::string_view v) { o.ranking.rerank_stems = to_bool(k, v); }},
});

// Options of experiments that lost, refused by name rather than as unknown.
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kRemoved = {{
    {"proximity", "the proximity boost lowered nDCG@10 and slowed queries"},
    {"rerank_prefix", "the re-ranking's prefix credit gained nothing significant"},
    {"split_words", "splitting unknown Latin words gained nothing significant"},
}};

}  // namespace

void apply_search_option(SearchOptions& o, std::string_view key, std::string_view value) {
  for (const auto& [name, why] : kRemoved) {
    if (key == name) {
      throw InvalidArgument("search option '" + std::string(key) + "' was removed: " + std::string(why) +
                            " (docs/experiments.md has its measurements); leave it out");
    }
  }
  option_value::apply(kSetters, "search", o, key, value);
}

}  // namespace kosearch
