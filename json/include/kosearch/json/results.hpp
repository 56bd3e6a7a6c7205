#pragma once
// The JSON shape of search results, shared by `kosearch search --json` and `kosearch serve`
// (GET /search answers with exactly these bytes).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch::json {

// {"query", "total", "total_exact", "hits": [{"rank", "score", "doc_id", "passage_id", "title", "text",
// "snippet", "highlights": [[begin, end], ...], "duplicates", "duplicate_ids"}]}; with
// `score_parts`, each hit also has "score_parts": {"bm25", "words", "sentence", "pairs", "title", "length"} (they
// sum to "score"); with facets asked, "facets": {"publisher": [{"value", "count"}, ...], ...}.
nlohmann::json to_json(const SearchResults& results, bool score_parts = false);

// {"passages", "articles", "bytes_on_disk", "analyzer", "passage_settings", "positions",
// "append_only", "suggestions", "shards", "shards_missing", "warnings"}: `kosearch stats --json`
// and GET /stats.
nlohmann::json to_json(const IndexStats& stats, const std::vector<std::string>& warnings);

// `value` on one line as the CLI prints it (invalid UTF-8 replaced by U+FFFD), with a final
// newline.
std::string dump_json(const nlohmann::json& value);

}  // namespace kosearch::json
