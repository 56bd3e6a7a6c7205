#pragma once
// Internal: the operators a user may type into a query — "a phrase" that must occur, -word or
// -"a phrase" that must not — separated from the words that are ranked.

#include <string>
#include <string_view>
#include <vector>

namespace kosearch::detail {

// A filter typed into the query (`언론사:연합뉴스`, `기자:"홍 길동"`).
struct FieldOperator {
  enum class Kind { publisher, reporter, section };
  Kind kind;
  std::string value;
};

struct ParsedQuery {
  // What the ranking analyzes: the query with each exclusion blanked to spaces. Quotes stay:
  // the analyzer reads them as separators, so a query with quotes is ranked as without them.
  std::string text;
  std::vector<std::string> phrases;   // "…" or “…”: each must occur in a hit
  std::vector<std::string> excluded;  // -word, -"…": none may occur in a hit
  std::vector<FieldOperator> fields;  // 언론사:…, 기자:…, 섹션:… (and publisher:/reporter:/section:)
};

// Quotes: `"`, `＂` or `“` open a phrase, any of them or `”` closes it; a quote that nothing
// closes is text (`"박정희 정권 지지 철회' 인터뷰`: a typo must not empty the result); an empty
// phrase is ignored. A `-` starts an exclusion at the start of the query or after whitespace,
// when a quote or a letter follows (`-메타`, `-"메타 AI"`, `-openai`; not `1 - 2`, `-3도`,
// `A-B`). A word starting `언론사:`, `publisher:`, `기자:`, `reporter:`, `섹션:` or `section:`
// (Latin ones in any case) followed by a name, or a quoted name with spaces, is a field filter
// (docs/news-search.md), not text. Never throws: odd text is words.
ParsedQuery parse_query_syntax(std::string_view query);

}  // namespace kosearch::detail
