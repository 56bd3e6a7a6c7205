// Searcher::Impl::rerank_hits: the best passages re-ranked by whole content words, word pairs
// and the best sentence (sentences.hpp).

#include "searcher_impl.hpp"
#include "passage_prior.hpp"
#include "sentences.hpp"
#include "title_match.hpp"

namespace kosearch {

using detail::best_sentence_mass;
using detail::best_sentence_share;
using detail::find_in;

void Searcher::Impl::rerank_hits(std::vector<Hit>& hits, std::size_t window,
                                 const std::vector<std::string>& sequence,
                                 const std::vector<std::string>& typed_words,
                                 const std::vector<std::pair<std::string, double>>& sentence_terms,
                                 std::string_view query, const SearchOptions& search) const {
  const std::string bare_query =
      search.ranking.rerank_title_weight > 0 ? detail::without_spaces(analyzer.normalize(query)) : std::string();
  std::vector<std::string> words = sequence;
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  auto index_of = [&](const std::string& w) {  // every query and typed word is in `words`
    return static_cast<std::size_t>(std::lower_bound(words.begin(), words.end(), w) - words.begin());
  };
  std::vector<std::size_t> typed;  // indices into `words` of the (distinct) typed words
  for (const auto& w : typed_words) typed.push_back(index_of(w));
  std::vector<std::size_t> seq;  // `sequence` as indices into `words`
  for (const auto& w : sequence) seq.push_back(index_of(w));
  const std::size_t depth = std::min(hits.size(), window);
  std::vector<std::size_t> first(words.size());  // per hit: where each word first occurs
  for (std::size_t i = 0; i < depth; ++i) {
    const std::string text = analyzer.normalize(hits[i].text);
    // One search per word and hit; the three bonuses below start from it.
    double found = 0;
    for (std::size_t w = 0; w < words.size(); ++w) {
      first[w] = find_in(text, words[w]);
      if (first[w] != std::string_view::npos) ++found;
    }
    ScoreParts& parts = hits[i].score_parts;
    parts.words = search.ranking.rerank_weight * found / static_cast<double>(words.size());
    if (search.ranking.rerank_sentence_weight > 0) {
      if (typed.size() >= 2) {
        parts.sentence = search.ranking.rerank_sentence_weight * best_sentence_share(words, typed, first, text);
      } else if (sentence_terms.size() >= 2) {
        parts.sentence = search.ranking.rerank_sentence_weight * best_sentence_mass(sentence_terms, text);
      }
    }
    const double pw = search.ranking.rerank_pair_weight;
    if (pw > 0 && seq.size() >= 2) {
      std::size_t pairs = 0, near = 0;
      for (std::size_t k = 0; k + 1 < seq.size(); ++k) {
        const std::size_t a = seq[k], b = seq[k + 1];
        if (a == b) continue;
        ++pairs;
        if (first[b] == std::string_view::npos) continue;
        for (std::size_t at = first[a]; at != std::string_view::npos; at = find_in(text, words[a], at + 1)) {
          const std::size_t from = at + words[a].size();
          const std::size_t nb = find_in(text, words[b], from);
          if (nb == std::string_view::npos) break;  // no `b` after this `a`, nor after a later one
          if (nb - from <= 12) {
            ++near;
            break;
          }
        }
      }
      if (pairs > 0) parts.pairs = pw * static_cast<double>(near) / static_cast<double>(pairs);
    }
    // In the order the bonuses were added before they were kept apart: the same sums, ties and
    // rankings.
    if (search.ranking.rerank_title_weight > 0 && detail::title_in_query(analyzer.normalize(hits[i].title), bare_query)) {
      parts.title = search.ranking.rerank_title_weight;
    }
    if (search.ranking.rerank_length_weight > 0) {
      parts.length = search.ranking.rerank_length_weight * detail::fullness(hits[i].text, search.ranking.rerank_length_chars);
    }
    hits[i].score = parts.bm25 + parts.words + parts.sentence + parts.pairs + parts.title + parts.length;
  }
  std::stable_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(depth),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
}

}  // namespace kosearch
