#pragma once
// Internal: the news fields of a JSONL record, under their documented names and aliases
// (docs/news.md).

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kosearch/indexer/document.hpp"

namespace kosearch::news {

// Reads published/date/datetime, updated/modified, publisher/source/press,
// reporters/author/byline (a string or an array of strings), section/category, url/link and
// captions from `record`. A value of the wrong type or a date that cannot be read adds a warning
// ("\"published\": …; ignored") and leaves that field unset. `now`: epoch seconds, for dates in
// the future.
ArticleFields jsonl_fields(simdjson::dom::element record, std::int64_t now, std::vector<std::string>& warnings);

}  // namespace kosearch::news
