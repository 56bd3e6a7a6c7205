#pragma once
// Internal: the suggestion terms of an article (schema 4, see schema.hpp): the words and short
// phrases that `Searcher::suggest` completes a typed prefix to. Built from the tokens the
// analyzer already made for the passages (no second pass over the text), and added once per
// article, to its last passage, so a term's frequency counts the articles holding it and
// replacing or removing the article (incremental indexing) keeps the counts right.

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/korean/particles.hpp"
#include "word_map.hpp"

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

// How a word may lose a trailing particle: what depends on the word alone, worked out once per
// distinct word of an article.
struct WordForm {
  std::uint8_t strip = 0;     // bytes of a particle that go whatever the article holds (0: none)
  std::int8_t risky = -1;     // else: the kRiskyParticles index that goes if the article attests the stem
  std::uint64_t endings = 0;  // bit i: the word is a stem and kAllParticles[i] (suggest_terms.cpp)
};
WordForm form_of(std::string_view word);

// The stems one article's words are seen with and which particles: the evidence a risky
// particle's stripping asks for.
class ParticleEvidence {
 public:
  void add(std::string_view word, const WordForm& form);
  // Whether a word is `stem` + a particle other than kRiskyParticles[except].
  bool with_other_particle(std::string_view stem, std::size_t except) const;

 private:
  WordMap<std::uint64_t> seen_;  // stem -> bit i: kAllParticles[i]
};

// `word` without its trailing particle when the rest is a word of two or more syllables and
// either the particle seldom ends a noun (`에서`, `을`, `는`) or the article holds the rest (bare:
// `bare(stem)`, or with another particle: `evidence`): `스파이` stays, `대통령이` beside `대통령은`
// becomes `대통령`.
template <typename Bare>
std::string_view strip_particle(std::string_view word, const WordForm& form, const ParticleEvidence& evidence,
                                const Bare& bare) {
  if (form.strip) return word.substr(0, word.size() - form.strip);
  if (form.risky < 0) return word;
  const auto k = static_cast<std::size_t>(form.risky);
  const std::string_view stem = word.substr(0, word.size() - korean::kRiskyParticles[k].size());
  return bare(stem) || evidence.with_other_particle(stem, k) ? stem : word;
}

class SuggestTerms {
 public:
  // At most this many body words per article, the most frequent in it (then the first): what
  // keeps the index small and the build cheap (docs/suggest.md measures 8 against 12); every
  // title word is kept.
  static constexpr std::size_t kBodyWords = 8;

  // `title_tokens`: the analyzer's tokens of `title`.
  SuggestTerms(const std::vector<Token>& title_tokens, std::string_view title);
  // Reads one passage (`text` and its tokens); on the article's last passage adds the terms to
  // `doc`.
  void add(std::string_view text, const std::vector<Token>& tokens, Xapian::Document& doc, bool last_passage);

 private:
  std::vector<RawWord> title_words_;
  std::vector<bool> title_spaces_;
  struct Seen {
    std::uint32_t count = 0;
    std::uint32_t first = 0;  // order of first occurrence
  };
  WordMap<Seen> body_;  // raw body words
};

}  // namespace kosearch::detail
