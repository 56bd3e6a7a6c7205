#pragma once
// Internal: reading a JSONL file of articles ({"_id", "title", "text"} and news fields, one per
// line) into records (jsonl.cpp).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <unordered_set>

#include "kosearch/indexer/article.hpp"
#include "kosearch/indexer/indexer.hpp"

namespace kosearch::detail {

// One JSONL record, as handed to the writers (in a parallel build, through a queue).
struct Record {
  std::string id;
  std::string title;
  std::string text;
  ArticleFields fields;
  std::uint64_t line = 0;  // in its file
};

// Reads the records of `file` and hands each to `sink`; a malformed record is counted as skipped
// with its file:line in `report.problems`, or thrown as InvalidInput when `strict`. Keeps
// `report.files` and `report.bytes` up to date and calls `tick` every 2,000 records (progress).
// Returns the ids of the records handed over.
std::unordered_set<std::string> read_jsonl(const std::filesystem::path& file, bool strict,
                                           IngestReport& report, const std::function<void()>& tick,
                                           const std::function<void(Record&&)>& sink);

}  // namespace kosearch::detail
