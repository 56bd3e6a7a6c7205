#pragma once
// Internal: the suggestion terms of an article (schema 4, see schema.hpp): the words and short
// phrases that `Searcher::suggest` completes a typed prefix to. Built from the tokens the
// analyzer already made for the passages (no second pass over the text), and added once per
// article, to its last passage, so a term's frequency counts the articles holding it and
// replacing or removing the article (incremental indexing) keeps the counts right.

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"

namespace kosearch::detail {

// A word as typed in the text: the runs of one eojeol that touch (`스케일AI에`), normalized.
struct RawWord {
  std::string text;
  // The runs it is made of, when more than one (`스케일`, `ai`): each is a word too.
  std::vector<std::string> parts;
};
// The words of an analyzed text, in order (Hangul and Latin words; numbers and Han are left out,
// a word starting with a digit too). `space_before[i]`: word i follows word i - 1 across spaces
// only (the two make a phrase).
std::vector<RawWord> words_of(const std::vector<Token>& tokens, std::string_view text,
                              std::vector<bool>* space_before = nullptr);

// `word` without its trailing particle when the rest is a word of two or more syllables and
// either the particle seldom ends a noun (`에서`, `을`, `는`) or `known` holds the rest (bare or
// with another particle): `스파이` stays, `대통령이` beside `대통령은` becomes `대통령`.
std::string strip_particle(std::string_view word,
                           const std::unordered_map<std::string, std::uint32_t>& known);

class SuggestTerms {
 public:
  // At most this many body words per article, the most frequent in it (then the first): what
  // keeps the index small (see docs/suggest.md); every title word is kept.
  static constexpr std::size_t kBodyWords = 12;

  SuggestTerms(const Analyzer& analyzer, std::string_view title);
  // Reads one passage (`text` and its tokens); on the article's last passage adds the terms to
  // `doc`.
  void add(std::string_view text, const std::vector<Token>& tokens, Xapian::Document& doc, bool last_passage);

 private:
  std::vector<RawWord> title_words_;
  std::vector<bool> title_spaces_;
  struct Seen {
    std::uint32_t count = 0;
    std::uint32_t first = 0;
  };
  std::unordered_map<std::string, Seen> body_;  // raw body words
  std::uint32_t order_ = 0;
};

}  // namespace kosearch::detail
