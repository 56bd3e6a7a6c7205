#pragma once
// The JSON of a suggestion list, one definition for `kosearch suggest --json` and GET /suggest:
// {"prefix": …, "suggestions": [{"text": …, "count": N}, …]}, plus "reading" (the Hangul of a
// prefix typed in the English layout) and "warning" when they are not empty.

#include <nlohmann/json.hpp>

#include "kosearch/searcher/suggest.hpp"

namespace kosearch::json {

nlohmann::json to_json(const Suggestions& suggestions);

}  // namespace kosearch::json
