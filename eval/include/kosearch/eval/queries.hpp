#pragma once
/// @file Query (topic) files: BEIR queries.jsonl or `qid<TAB>text` TSV.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch {

/// One query to run: its id (as used in qrels and runs) and its text.
struct Topic {
  std::string id;
  std::string text;
};

/// Reads queries, detecting the format from the first non-blank line:
/// - JSONL (first character `{`): one object per line with `_id` (string or integer) and
///   `text` (string); other keys are ignored (BEIR queries.jsonl);
/// - TSV: `qid<TAB>text` (the text may contain further tabs, kept as is).
/// Blank lines are skipped, as are `#` lines in TSV. Returns the queries in file order.
/// Throws IoError if the file cannot be read, and InvalidInput naming `path:line` for invalid
/// JSON, a missing or mistyped `_id`/`text`, a TSV line without a tab, an empty id, a
/// duplicate id (naming the first line), or a file without any query.
std::vector<Topic> read_queries(const std::filesystem::path& path);

/// Same as read_queries, from text in memory; `source` names it in error messages.
std::vector<Topic> parse_queries(std::string_view text, std::string_view source);

}  // namespace kosearch
