#pragma once
/// @file An article to index.

#include <string>

// ArticleFields lives in core so the searcher's Hit can carry it without the indexer's headers.
#include "kosearch/core/article_fields.hpp"

namespace kosearch {

/// One article. The indexer splits `text` into passages.
struct Document {
  std::string id;     ///< stable external id; re-adding the same id replaces the article
  std::string title;  ///< may be empty
  std::string text;   ///< UTF-8 body (invalid bytes are replaced by U+FFFD when indexed)
  std::string source; ///< where it came from ("file.txt", "corpus.jsonl:17"), for messages
  ArticleFields fields = {};  ///< news metadata (empty for plain text)
};

}  // namespace kosearch
