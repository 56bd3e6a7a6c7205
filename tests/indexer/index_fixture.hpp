#pragma once
// Helpers shared by the indexer tests: JSONL records, indexing one input, the hits of a few
// queries as comparable lines, zstd-compressed inputs.

#include <zstd.h>

#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace kosearch::test {

inline std::string rec(const std::string& id, const std::string& title, const std::string& text) {
  return "{\"_id\": \"" + id + "\", \"title\": \"" + title + "\", \"text\": \"" + text + "\"}\n";
}

// Indexes `input` into `idx` with `o` and commits.
inline IngestReport index(const std::filesystem::path& idx, const std::filesystem::path& input,
                          IndexerOptions o = {}) {
  Indexer indexer(idx, o);
  IngestReport r = indexer.add_path(input);
  indexer.commit();
  return r;
}

// Every hit of `queries` as "query passage-id score" (and the passage text with `with_text`):
// equal iff the searches agree.
inline std::vector<std::string> hit_lines(const std::filesystem::path& idx,
                                          std::initializer_list<const char*> queries,
                                          bool with_text = false) {
  Searcher s(idx);
  std::vector<std::string> out;
  for (const char* q : queries) {
    for (const auto& h : s.search(q).hits) {
      out.push_back(std::string(q) + " " + h.passage_id + " " + std::to_string(h.score) +
                    (with_text ? " " + h.text : std::string()));
    }
  }
  return out;
}

inline std::string zstd_compress(const std::string& s) {
  std::string out(ZSTD_compressBound(s.size()), '\0');
  out.resize(ZSTD_compress(out.data(), out.size(), s.data(), s.size(), 3));
  return out;
}

}  // namespace kosearch::test
