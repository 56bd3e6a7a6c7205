// IndexerOptions set by name (apply_indexer_option): one table, which also names the valid keys.

#include <array>
#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/core/option_value.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/indexer/option_limits.hpp"

namespace kosearch {

namespace {

using option_value::to_bool;

namespace limits = option_limits;

// A whole number within `r`, else InvalidArgument naming `key` and the range.
std::uint32_t in(limits::Range r, std::string_view key, std::string_view value) {
  return option_value::to_uint_in(key, value, r.lo, r.hi);
}

using Setter = option_value::Setter<IndexerOptions>;

// A passage setting: the others keep their value, or the default when none was set.
template <std::uint32_t PassageOptions::*field, const limits::Range& range>
void set_passage(IndexerOptions& o, std::string_view k, std::string_view v) {
  PassageOptions p = o.passages.value_or(PassageOptions{});
  p.*field = in(range, k, v);
  o.passages = p;
}

void set_analyzer(IndexerOptions& o, std::string_view k, std::string_view v) {
  if (v.empty()) throw InvalidArgument("option " + std::string(k) + ": give an analyzer name");
  o.analyzer = std::string(v);
}

constexpr auto kSetters = std::to_array<Setter>({
    {"analyzer", set_analyzer},
    {"passage_chars", set_passage<&PassageOptions::target_chars, limits::kPassageChars>},
    {"passage_max", set_passage<&PassageOptions::max_chars, limits::kPassageMax>},
    {"overlap", set_passage<&PassageOptions::overlap_sentences, limits::kOverlap>},
    {"positions", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.positions = to_bool(k, v); }},
    {"append_only", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.append_only = to_bool(k, v); }},
    {"suggest", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.suggest = to_bool(k, v); }},
    {"shards", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.shards = in(limits::kShards, k, v); }},
    {"threads", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.threads = in(limits::kThreads, k, v); }},
    {"commit_every", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.commit_every = in(limits::kCommitEvery, k, v); }},
    {"flush_every", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.flush_passages = in(limits::kFlushEvery, k, v); }},
    {"part_passages", [](IndexerOptions& o, std::string_view k, std::string_view v) { o.part_passages = in(limits::kPartPassages, k, v); }},
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
