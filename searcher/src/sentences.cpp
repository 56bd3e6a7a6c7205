#include "sentences.hpp"

#include <algorithm>
#include <array>

#include "text_search.hpp"

namespace kosearch::detail {

namespace {

// Where the sentences of a passage's normalized text end: after `.`, `?` or `!` followed by a
// space (not `3.5`), also when closing quotes or brackets come between (`했다." 그는`, news
// text quotes a lot), and at line breaks. Byte offsets into `text`, ascending; the last one is
// text.size().
void sentence_ends(std::string_view text, std::vector<std::size_t>& ends) {
  ends.clear();
  // Closing quotes and brackets after a sentence's last mark, in UTF-8.
  static constexpr std::array<std::string_view, 10> kClosers = {
      "\"", "'", ")", "]", "\u201D" /* ” */, "\u2019" /* ’ */, "\u00BB" /* » */,
      "\u300D" /* 」 */, "\u300F" /* 』 */, "\u3009" /* 〉 */};
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c == '\n') {
      ends.push_back(k + 1);
      continue;
    }
    if (c != '.' && c != '?' && c != '!') continue;
    std::size_t after = k + 1;
    for (bool more = true; more && after < text.size();) {
      more = false;
      for (std::string_view q : kClosers) {
        if (text.compare(after, q.size(), q) == 0) {
          after += q.size();
          more = true;
          break;
        }
      }
    }
    if (after < text.size() && text[after] == ' ') ends.push_back(after);
  }
  ends.push_back(text.size());
}

// Per sentence of a passage's normalized text, the weight of the query items (words or terms)
// it holds, each item counted once per sentence however often it occurs there.
class SentenceTally {
 public:
  explicit SentenceTally(std::string_view text) : text_(text) {
    sentence_ends(text, ends_);
    mass_.assign(ends_.size(), 0.0);
    counted_.assign(ends_.size(), 0);
  }
  // The next item, of weight `weight`: add_occurrences() then credits the sentences it is in.
  void begin_item(double weight) {
    weight_ = weight;
    total_ += weight;
    std::fill(counted_.begin(), counted_.end(), 0);
  }
  // Every occurrence of `pattern`, the first at byte `first` (npos: none), counts for the
  // current item in its sentence.
  void add_occurrences(std::string_view pattern, std::size_t first) {
    for (std::size_t at = first; at != std::string_view::npos; at = find_in(text_, pattern, at + 1)) {
      const auto s = static_cast<std::size_t>(std::upper_bound(ends_.begin(), ends_.end(), at) - ends_.begin());
      if (s < ends_.size() && !counted_[s]) {
        mass_[s] += weight_;
        counted_[s] = 1;
      }
    }
  }
  // The largest share of all items' weight that one sentence holds.
  double best_share() const {
    return total_ > 0 ? *std::max_element(mass_.begin(), mass_.end()) / total_ : 0.0;
  }

 private:
  std::string_view text_;
  std::vector<std::size_t> ends_;
  std::vector<double> mass_;
  std::vector<char> counted_;
  double weight_ = 0;
  double total_ = 0;
};

}  // namespace

// The largest share of the words `words[w]`, w in `which` (distinct), that one sentence of `text`
// holds whole. A question is usually asked about one sentence: the passage that answers it holds
// the question's words together, another passage of the same article may hold them scattered.
// `first[w]` is where words[w] first occurs in `text` (npos: nowhere).
double best_sentence_share(const std::vector<std::string>& words, const std::vector<std::size_t>& which,
                           const std::vector<std::size_t>& first, std::string_view text) {
  std::size_t present = 0;
  for (const std::size_t w : which) present += first[w] != std::string_view::npos;
  // With at most one of the words in the passage, no sentence needs looking at.
  if (present <= 1) return static_cast<double>(present) / static_cast<double>(which.size());
  SentenceTally tally(text);
  for (const std::size_t w : which) {
    tally.begin_item(1.0);
    tally.add_occurrences(words[w], first[w]);
  }
  return tally.best_share();
}

// The same for a query without typed words: the largest share of the query's idf mass (distinct
// terms, `term_idf`: term and idf) that one sentence of `text` holds. A Hangul bigram counts
// where the text has its two syllables with a space between them too (`능연` in `인공지능 연구소`):
// the analyzer's bigram across a space, which is how a query typed without spaces matched it.
double best_sentence_mass(const std::vector<std::pair<std::string, double>>& term_idf, std::string_view text) {
  SentenceTally tally(text);
  constexpr std::size_t kSyllable = 3;  // bytes of a Hangul syllable in UTF-8
  for (const auto& [term, idf] : term_idf) {
    tally.begin_item(idf);
    tally.add_occurrences(term, find_in(text, term));
    const auto lead = term.empty() ? 0 : static_cast<unsigned char>(term[0]);
    if (term.size() == 2 * kSyllable && lead >= 0xEA && lead <= 0xED) {
      const std::string spaced = term.substr(0, kSyllable) + " " + term.substr(kSyllable);
      tally.add_occurrences(spaced, find_in(text, spaced));
    }
  }
  return tally.best_share();
}

}  // namespace kosearch::detail
