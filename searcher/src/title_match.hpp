#pragma once
// Internal: does a question name a passage's article? In an open collection (all of Wikipedia)
// many articles' passages share a question's words; the one whose title the question names
// (`수성의 공전 주기는?` → the article `수성 (행성)`) is the likelier answer.

#include <string>
#include <string_view>

namespace kosearch::detail {

// `text` without whitespace (normalized text in, so ASCII spaces, tabs and line breaks only).
std::string without_spaces(std::string_view text);

// Whether the subject of `normalized_title` — the title without a parenthesized qualifier
// (`수성 (행성)` → `수성`) and without spaces — has two or more characters and occurs in
// `query_without_spaces` (the query normalized like the index, spaces removed).
bool title_in_query(std::string_view normalized_title, std::string_view query_without_spaces);

}  // namespace kosearch::detail
