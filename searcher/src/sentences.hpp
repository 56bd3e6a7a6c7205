#pragma once
// Internal: the re-ranker's evidence in a passage's normalized text: whole content words and the
// sentence that holds most of the query (sentences.cpp).

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace kosearch::detail {

// Credit of one content word in a passage's normalized text, given where it first occurs there
// (`first`, npos: nowhere): 1 if it occurs whole, else `prefix_credit` if it is a Hangul word of
// three or more syllables whose first syllables (all but the last) occur, else 0.
double word_credit(std::string_view word, std::size_t first, std::string_view text, double prefix_credit);

// The largest share of the words `words[w]`, w in `which` (distinct), that one sentence of `text`
// holds whole; `first[w]` is where words[w] first occurs in `text` (npos: nowhere).
double best_sentence_share(const std::vector<std::string>& words, const std::vector<std::size_t>& which,
                           const std::vector<std::size_t>& first, std::string_view text);

// The largest idf mass of `term_idf` that one sentence of `text` holds (a query typed without
// spaces, whose words are guesses).
double best_sentence_mass(const std::vector<std::pair<std::string, double>>& term_idf, std::string_view text);

}  // namespace kosearch::detail
