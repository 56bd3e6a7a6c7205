// IndexerOptions set by name (apply_indexer_option).

#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/core/option_value.hpp"
#include "kosearch/indexer/indexer.hpp"

namespace kosearch {

using option_value::to_bool;
using option_value::to_uint;

void apply_indexer_option(IndexerOptions& o, std::string_view key, std::string_view value) {
  // Parsed before anything is changed: a bad value leaves the options as they were.
  const auto passage = [&](std::uint32_t PassageOptions::*field) {
    PassageOptions p = o.passages.value_or(PassageOptions{});
    p.*field = to_uint(key, value);
    o.passages = p;
  };
  if (key == "analyzer") {
    if (value.empty()) throw InvalidArgument("option analyzer: give an analyzer name");
    o.analyzer = std::string(value);
  } else if (key == "passage_chars") {
    passage(&PassageOptions::target_chars);
  } else if (key == "passage_max") {
    passage(&PassageOptions::max_chars);
  } else if (key == "overlap") {
    passage(&PassageOptions::overlap_sentences);
  } else if (key == "positions") {
    o.positions = to_bool(key, value);
  } else if (key == "append_only") {
    o.append_only = to_bool(key, value);
  } else if (key == "shards") {
    o.shards = to_uint(key, value);
  } else if (key == "threads") {
    o.threads = to_uint(key, value);
  } else if (key == "commit_every") {
    o.commit_every = to_uint(key, value);
  } else if (key == "flush_every") {
    o.flush_passages = to_uint(key, value);
  } else if (key == "part_passages") {
    o.part_passages = to_uint(key, value);
  } else if (key == "encoding") {
    o.encoding = std::string(value);
  } else if (key == "rebuild") {
    o.rebuild = to_bool(key, value);
  } else if (key == "strict") {
    o.strict = to_bool(key, value);
  } else if (key == "prune") {
    o.prune = to_bool(key, value);
  } else {
    throw InvalidArgument("unknown indexer option '" + std::string(key) +
                          "'; valid: analyzer, passage_chars, passage_max, overlap, positions, "
                          "append_only, shards, threads, commit_every, flush_every, part_passages, "
                          "encoding, rebuild, strict, prune");
  }
}

}  // namespace kosearch
