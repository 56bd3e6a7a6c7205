// IndexerOptions set by name (apply_indexer_option): one table, which also names the valid keys.

#include <array>
#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/core/option_value.hpp"
#include "kosearch/indexer/indexer.hpp"

namespace kosearch {

namespace {

using option_value::to_bool;
using option_value::to_uint;

using Setter = option_value::Setter<IndexerOptions>;

// A passage setting: the others keep their value, or the default when none was set.
template <std::uint32_t PassageOptions::*field>
void set_passage(IndexerOptions& o, std::string_view k, std::string_view v) {
  PassageOptions p = o.passages.value_or(PassageOptions{});
  p.*field = to_uint(k, v);
  o.passages = p;
}

void set_analyzer(IndexerOptions& o, std::string_view k, std::string_view v) {
  if (v.empty()) throw InvalidArgument("option " + std::string(k) + ": give an analyzer name");
  o.analyzer = std::string(v);
}

constexpr auto kSetters = std::to_array<Setter>({
    {"analyzer", set_analyzer},
    {"passage_chars", set_passage<&PassageOptions::target_chars>},
    {"passage_max", set_passage<&PassageOptions::max_chars>},
    {"overlap", set_passage<&PassageOptions::overlap_sentences>},
    {"positions", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.positions = to_bool(k, v); }},
    {"append_only", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.append_only = to_bool(k, v); }},
    {"shards", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.shards = to_uint(k, v); }},
    {"threads", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.threads = to_uint(k, v); }},
    {"commit_every", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.commit_every = to_uint(k, v); }},
    {"flush_every", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.flush_passages = to_uint(k, v); }},
    {"part_passages", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.part_passages = to_uint(k, v); }},
    {"encoding", [](IndexerOptions& o, std::string_view, std::string_view v) { o.encoding = std::string(v); }},
    {"rebuild", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.rebuild = to_bool(k, v); }},
    {"strict", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.strict = to_bool(k, v); }},
    {"prune", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.prune = to_bool(k, v); }},
});

}  // namespace

void apply_indexer_option(IndexerOptions& o, std::string_view key, std::string_view value) {
  option_value::apply(kSetters, "indexer", o, key, value);
}

}  // namespace kosearch
