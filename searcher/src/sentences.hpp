#pragma once
// Internal: the re-ranker's evidence in a passage's normalized text: whole content words and the
// sentence that holds most of the query (sentences.cpp).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosearch::detail {

// The largest share of the words `words[w]`, w in `which` (distinct), that one sentence of `text`
// holds whole; `first[w]` is where words[w] first occurs in `text` (npos: nowhere).
double best_sentence_share(const std::vector<std::string>& words, const std::vector<std::size_t>& which,
                           const std::vector<std::size_t>& first, std::string_view text);

// The largest idf mass of `term_idf` that one sentence of `text` holds (a query typed without
// spaces, whose words are guesses).
double best_sentence_mass(const std::vector<std::pair<std::string, double>>& term_idf, std::string_view text);

}  // namespace kosearch::detail
