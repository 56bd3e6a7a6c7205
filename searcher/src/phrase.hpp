#pragma once
// Internal: a quoted phrase of a query, and whether a passage holds it.

#include <string>
#include <string_view>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"

namespace kosearch::detail {

// A phrase occurs in a passage when the passage's normalized text (NFKC, case folded, as the
// analyzer sees it) holds the phrase's normalized text, where spaces may differ — Korean
// spacing varies (`알렉산더 왕` / `알렉산더왕`, `스케일AI` / `스케일 AI`) — except inside a Latin
// word or number and between two of them (`"scale ai"` is not in `scaleai`), and the words
// around it have the phrase's index terms: a Latin word or number of the phrase is a whole one
// there (`"AI"` is not in `OpenAI`, `"650"` not in `1650`); a Hangul phrase may begin or end
// inside a word (a particle may follow, and bigrams cannot tell where a word starts).
class Phrase {
 public:
  Phrase(const Analyzer& analyzer, std::string_view typed);

  // Nothing to look for (no letters or digits): the phrase is ignored.
  bool empty() const { return segments_.empty() || required_terms_.empty(); }
  // The phrase as matched (normalized, whitespace collapsed), for explanations.
  const std::string& normalized() const { return normalized_; }
  // Index terms every passage holding the phrase has: its n-grams, words and numbers, not the
  // terms that depend on spacing (bigrams across a space, a number joined with its counter, a
  // one-syllable word: `그후` holds `"그 후"` but no term `후`), unless the phrase has nothing
  // else. Xapian filters on them; found_in() confirms.
  const std::vector<std::string>& required_terms() const { return required_terms_; }
  // The index term whose presence alone means a passage holds the phrase (`메타`: its bigram is
  // in the passage exactly when `메타` or `메 타` is; a Latin word), or empty. An exclusion of
  // such a phrase is left to Xapian.
  const std::string& sole_term() const { return sole_term_; }
  // Whether `text`, normalized by the analyzer, holds the phrase.
  bool found_in(std::string_view text) const;

 private:
  // Between two segments the text may have: any whitespace or none; one or more whitespace
  // characters; spaces or tabs or none (inside a Hangul word).
  enum class Gap : unsigned char { kNone, kOptional, kRequired, kSpaces };
  bool terms_around(std::string_view text, std::size_t at, std::size_t end) const;

  const Analyzer* analyzer_;
  std::string normalized_;
  // The phrase cut where spacing may vary; gaps_[i] is between segments_[i] and segments_[i + 1].
  std::vector<std::string> segments_;
  std::vector<Gap> gaps_;
  std::vector<std::string> required_terms_;
  std::string sole_term_;
};

}  // namespace kosearch::detail
