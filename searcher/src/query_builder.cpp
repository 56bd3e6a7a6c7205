#include "query_builder.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_map>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/endings.hpp"
#include "kosearch/korean/function_words.hpp"
#include "kosearch/korean/particles.hpp"
#include "one_syllable.hpp"

namespace kosearch::detail {

namespace {

using korean::is_question_bigram;
using korean::particle_syllables;
using korean::verb_stem;

// Where a run typed without spaces most likely breaks into words: after a particle that
// follows a stem of two or more syllables and precedes two or more syllables (`김이수는|고창에서|
// 태어났다`). A guess from the particle list alone, so only for long runs (split_runs); it errs
// on nouns that end in a particle-like syllable (`몇년도에` → `몇년` + `도`).
// Returns (stem end, word end) syllable indices, in order.
std::vector<std::pair<std::size_t, std::size_t>> inner_word_ends(std::string_view run_text,
                                                                 std::size_t syllables) {
  // Syllables of the longest particle starting at syllable `at`, 0 if none.
  auto particle_at = [&](std::size_t at) -> std::size_t {
    for (std::string_view p : korean::kQueryParticles) {
      if (run_text.compare(at * 3, p.size(), p) == 0) return p.size() / 3;
    }
    return 0;
  };
  std::vector<std::pair<std::size_t, std::size_t>> ends;
  for (std::size_t at = 2; at + 2 < syllables;) {
    const std::size_t len = particle_at(at);
    if (len == 0 || at + len + 2 > syllables) {
      ++at;
      continue;
    }
    ends.emplace_back(at, at + len);
    at += len + 2;  // the next word's stem has two or more syllables too
  }
  return ends;
}

constexpr double kVariantWeight = 0.8;

struct Word {
  std::uint32_t position;
  std::string text;
  bool guessed;  // cut from a run typed without spaces at a guessed word end
};

// What build()'s first step learns of the tokens: the weight factor of each (particles and
// question words weigh little), the content words of Hangul runs, and the one-syllable stems
// (`왕` of `왕을`) looked up as unigrams too.
struct Weighed {
  std::vector<double> factor;
  std::vector<Word> words;
  std::vector<std::string> stem_unigrams;
};

Weighed weigh_tokens(const std::vector<Token>& tokens, const SearchOptions& options) {
  Weighed w;
  w.factor.assign(tokens.size(), 1.0);
  std::vector<double>& factor = w.factor;
  std::vector<Word>& words = w.words;
  std::vector<std::string>& stem_unigrams = w.stem_unigrams;
  for (std::size_t i = 0; i < tokens.size();) {
    if (tokens[i].kind == TokenKind::kCrossBigram) {
      // Spans two words: evidence that they are adjacent, weak on its own.
      factor[i] = options.ranking.cross_weight;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < tokens.size() && tokens[j].run == tokens[i].run &&
           tokens[j].kind != TokenKind::kCrossBigram) {
      ++j;
    }
    const bool hangul = tokens[i].kind == TokenKind::kHangulBigram;
    const bool word_end = j == tokens.size() || tokens[j].eojeol != tokens[i].eojeol;
    if (hangul) {
      // Reconstruct the run's normalized text from its bigrams.
      std::string run_text = tokens[i].term;
      for (std::size_t k = i + 1; k < j; ++k) run_text.append(tokens[k].term.substr(3));
      const std::size_t syllables = run_text.size() / 3;
      // A run typed without spaces (`김이수는고창에서태어났다`): the words before its last one
      // get the treatment of spaced words (content word, particle and break weighed little).
      std::size_t begin = 0;  // syllable where the run's last word starts
      if (options.ranking.split_runs > 0 && syllables >= options.ranking.split_runs) {
        for (const auto& [stem_end, end] : inner_word_ends(run_text, syllables)) {
          words.push_back({tokens[i + begin].position,
                           run_text.substr(begin * 3, (stem_end - begin) * 3), true});
          // Bigram b covers syllables b, b + 1: those over the particle weigh as a particle,
          // the one across the break as a bigram across a space.
          for (std::size_t b = stem_end - 1; b + 1 < end; ++b) factor[i + b] = options.ranking.particle_weight;
          factor[i + end - 1] = options.ranking.cross_weight;
          begin = end;
        }
      }
      const std::size_t last = syllables - begin;
      // A particle ends a word; at a script change (`스케일AI의`) the run `의` is its own token.
      // Only words of three or more syllables: in `아이`, `나이` the last syllable is no particle.
      const std::size_t p =
          word_end && last >= 3 ? particle_syllables(run_text, last) : 0;
      // `것은`, `해는`, `나를`, `외에`: a one-syllable noun and its particle, no content word. Only
      // particles that rarely end a two-syllable noun (not `을`: `마을`; not `과`: `결과`).
      const bool noun_and_particle =
          options.ranking.rerank_skip_particle_words && last == 2 && word_end &&
          std::string_view("은는를에").find(std::string_view(run_text).substr(begin * 3 + 3, 3)) !=
              std::string_view::npos;
      if (last - p >= 2 && !noun_and_particle) {
        std::string word = run_text.substr(begin * 3, (last - p) * 3);
        // Not the last of words guessed in a run typed without spaces: its end is a guess too
        // (measured: no difference there).
        if (options.ranking.rerank_stems && begin == 0) word = verb_stem(std::move(word));
        words.push_back({tokens[i + begin].position, std::move(word), begin > 0});
      }
      // `왕을`: a one-syllable stem is looked up as a unigram as well.
      if (word_end && syllables == 2 && particle_syllables(run_text, syllables) == 1) {
        stem_unigrams.push_back(run_text.substr(0, 3));
      }
      // Bigram k covers syllables k, k+1: it touches the particle if k + 1 >= syllables - p.
      for (std::size_t k = i; k < j && p > 0; ++k) {
        if (k - i + 1 >= syllables - p) factor[k] = options.ranking.particle_weight;
      }
    } else if (tokens[i].kind == TokenKind::kHangulUnigram && i > 0 &&
               tokens[i - 1].eojeol == tokens[i].eojeol) {
      // A one-syllable run glued to a word in another script: `AI의`, `GPT가`.
      if (particle_syllables(tokens[i].term, 2) == 1) factor[i] = options.ranking.particle_weight;
    }
    i = j;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (is_question_bigram(tokens[i].term)) factor[i] = std::min(factor[i], options.ranking.question_weight);
  }
  return w;
}

// The words of numbers, compounds and other scripts, added to `words`.
void add_other_words(const std::vector<Token>& tokens, const SearchOptions& options,
                     std::vector<Word>& words) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (options.ranking.rerank_compounds) {
      // A compound (`15대`, `g20`) stands for the number it holds. The analyzer emits it right
      // after the number it starts with (`15`, `15대`) and right before the number it ends with
      // (`g`, `g20`, `20`).
      auto compound_at = [&](std::size_t k) {
        return k < tokens.size() && tokens[k].kind == TokenKind::kCompound;
      };
      if (t.kind == TokenKind::kCompound) {
        words.push_back({t.position, t.term, false});
        continue;
      }
      if (t.kind == TokenKind::kNumber && ((compound_at(i + 1) && tokens[i + 1].begin == t.begin) ||
                                           (i > 0 && compound_at(i - 1) && tokens[i - 1].end == t.end))) {
        continue;
      }
    }
    if ((t.kind == TokenKind::kWord || t.kind == TokenKind::kNumber) && t.term.size() >= 2) {
      words.push_back({t.position, t.term, false});
    }
  }
}

// `words` in query order into out.words and out.typed_words.
void set_words(std::vector<Word>& words, BuiltQuery& out) {
  std::stable_sort(words.begin(), words.end(),
                   [](const Word& a, const Word& b) { return a.position < b.position; });
  for (auto& w : words) {
    if (!w.guessed && std::find(out.typed_words.begin(), out.typed_words.end(), w.text) == out.typed_words.end()) {
      out.typed_words.push_back(w.text);
    }
    out.words.push_back(std::move(w.text));
  }
}

TermTable distinct_terms(const std::vector<Token>& tokens, const std::vector<double>& factor,
                         const std::vector<std::string>& stem_unigrams) {
  // Distinct terms with their query frequency and strongest factor.
  TermTable terms;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    auto& [wqf, f] = terms[tokens[i].term];
    ++wqf;
    f = std::max(f, factor[i]);
  }
  for (const auto& u : stem_unigrams) {
    auto& [wqf, f] = terms[u];
    ++wqf;
    f = std::max(f, 0.5);
  }
  return terms;
}

}  // namespace

void QueryBuilder::add_spellings(std::string_view query, const std::vector<Token>& tokens,
                                 const SearchOptions& options, TermTable& terms) const {
  // Other spellings: their n-grams that the query does not already have, as optional terms.
  std::vector<std::string> spellings;
  if (!synonyms_.empty()) spellings = synonyms_.expansions(analyzer_.normalize(query));
  if (options.spelling_variants && index_.has_term && index_.co_occur) {
    VariantBudget budget;  // shared by the query's words: bounds the query's expansion time
    for (std::size_t i = 0; i < tokens.size();) {
      std::size_t j = i;
      while (j < tokens.size() && tokens[j].run == tokens[i].run &&
             tokens[j].kind == TokenKind::kHangulBigram) {
        ++j;
      }
      if (j > i + 1) {  // a run of three or more syllables
        std::u32string word;
        for (std::size_t pos = 0; pos < tokens[i].term.size();) word.push_back(utf8::decode(tokens[i].term, pos));
        for (std::size_t k = i + 1; k < j; ++k) {
          std::size_t pos = 3;
          word.push_back(utf8::decode(tokens[k].term, pos));
        }
        for (auto& v : spelling_variants(word, index_, budget)) spellings.push_back(std::move(v));
      }
      i = std::max(j, i + 1);
    }
  }
  for (const auto& spelling : spellings) {
    for (const auto& t : analyzer_.analyze(spelling)) {
      if (terms.count(t.term) != 0) continue;
      terms[t.term] = {1, kVariantWeight};
    }
  }
}

std::optional<Xapian::Query> QueryBuilder::match_query(const TermTable& terms,
                                                       const SearchOptions& options,
                                                       BuiltQuery& out) const {
  // Strong terms drive the match; weak ones only add score to passages a strong term found
  // (options.ranking.weak_terms_optional). Weak: a factor below 1, or a term in more than
  // common_fraction of the passages — except that the kMinStrong rarest full-weight terms stay
  // strong, so a query whose only rare word is noise (`해는` in `시리아가 독립 공화국이 된
  // 해는?`) still finds the passages that have its common words.
  constexpr std::size_t kMinStrong = 3;
  std::vector<Xapian::Query> strong, weak;
  // With options.ranking.first_pass_common > 0, the weak terms in at most that share of the passages
  // (bigrams across a space, mostly) are cheap to look up: the first pass (options.ranking.first_pass)
  // has them (`early`), the second adds the rest (`late`).
  std::vector<Xapian::Query> early, late;
  strong.reserve(terms.size());
  const bool split = options.ranking.weak_terms_optional && index_.term_freq && index_.doc_count;
  std::vector<std::pair<std::uint64_t, std::string>> full;  // (df, term), rarest full-weight terms
  std::unordered_map<std::string, std::uint64_t> df;
  if (split) {
    for (const auto& [term, wf] : terms) {
      const std::uint64_t f = index_.term_freq(term);
      df[term] = f;
      if (wf.second >= 1.0 && f > 0) full.emplace_back(f, term);
    }
    std::sort(full.begin(), full.end());
    full.resize(std::min(full.size(), kMinStrong));  // the rarest: always strong
  }
  // Typed without spaces, a query's words are guesses (`typed_words` leaves them out): the
  // sentence bonus then counts its full-weight n-grams instead, each weighing its idf.
  if (out.typed_words.size() < 2 &&
      index_.term_freq && index_.doc_count && index_.doc_count() > 0) {
    const auto passages = static_cast<double>(index_.doc_count());
    for (const auto& [term, wf] : terms) {
      if (wf.second < 1.0) continue;
      const auto known = df.find(term);
      const std::uint64_t f = known != df.end() ? known->second : index_.term_freq(term);
      if (f > 0) out.sentence_terms.emplace_back(term, std::log(passages / static_cast<double>(f)));
    }
  }
  // Never below options.ranking.common_min passages: in a small index walking every posting list is cheap,
  // and making terms optional there cost recall (korquad1, 1,049 passages: R@100 1.0 -> 0.995).
  const double common =
      split ? std::max(options.ranking.common_fraction * static_cast<double>(index_.doc_count()),
                       static_cast<double>(options.ranking.common_min))
            : 0;
  const double late_above =
      split && options.ranking.first_pass_common > 0
          ? std::max(options.ranking.first_pass_common * static_cast<double>(index_.doc_count()), common)
          : 0;
  struct Strong {
    std::uint64_t df;
    std::string term;
    Xapian::Query query;
  };
  std::vector<Strong> strong_by_df;
  for (const auto& [term, wf] : terms) {
    // A one-syllable word (`왕`) of a short query also matches its forms with a particle (`왕은`, `왕이`).
    std::uint64_t forms_freq = 0;
    Xapian::Query q = options.particle_forms && out.words.size() <= kParticleFormsMaxWords && wf.second >= 0.5 &&
                              is_one_syllable(term)
                          ? with_particle_forms(term, wf.first, index_.term_freq, &forms_freq)
                          : Xapian::Query(term, wf.first);
    if (wf.second != 1.0) q = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, wf.second);
    out.term_weights[term] = wf.second;
    bool is_weak = false;
    std::uint64_t f = 0;
    if (split) {
      f = df[term] + forms_freq;
      if (f == 0) continue;  // matches nothing; would cost a posting-list open per query
      const bool among_rarest =
          std::any_of(full.begin(), full.end(),
                      // init-capture: clang 14 cannot capture a structured binding
                      [&t = term](const auto& e) { return e.second == t; });
      is_weak = wf.second < 1.0 || (static_cast<double>(f) > common && !among_rarest);
    }
    if (is_weak) {
      (static_cast<double>(f) > late_above ? late : early).push_back(q);
      weak.push_back(std::move(q));
    } else {
      strong_by_df.push_back({f, term, std::move(q)});
    }
  }
  // A long query keeps only its max_strong_terms rarest strong terms strong: the matcher walks
  // every strong term's postings, the weak ones only where a strong one matched. Terms in at most
  // a tenth of common_min passages are cheap to walk and always stay strong (in a small index
  // every term is such a term: korquad1 lost recall without this).
  if (split && options.ranking.max_strong_terms > 0 && strong_by_df.size() > options.ranking.max_strong_terms) {
    // By df, then term: the same terms stay strong whatever the map's order.
    std::sort(strong_by_df.begin(), strong_by_df.end(), [](const Strong& a, const Strong& b) {
      return a.df != b.df ? a.df < b.df : a.term < b.term;
    });
    const std::uint64_t cheap = options.ranking.common_min / 10;
    std::size_t keep = options.ranking.max_strong_terms;
    while (keep < strong_by_df.size() && strong_by_df[keep].df <= cheap) ++keep;
    for (std::size_t i = keep; i < strong_by_df.size(); ++i) {
      (static_cast<double>(strong_by_df[i].df) > late_above ? late : early).push_back(strong_by_df[i].query);
      weak.push_back(std::move(strong_by_df[i].query));
    }
    strong_by_df.erase(strong_by_df.begin() + static_cast<std::ptrdiff_t>(keep), strong_by_df.end());
  }
  for (auto& e : strong_by_df) strong.push_back(std::move(e.query));
  if (strong.empty()) strong.swap(weak);
  if (strong.empty()) return std::nullopt;
  Xapian::Query base(Xapian::Query::OP_OR, strong.begin(), strong.end());
  if (!weak.empty()) {
    const Xapian::Query optional(Xapian::Query::OP_OR, weak.begin(), weak.end());
    if (index_.sharded && index_.sharded()) {
      // Over several databases (shards), Xapian 1.4.22's AND_MAYBE drops matching passages
      // depending on k (a passage at rank 28 of 400 missing at k = 60, present at k = 40;
      // tests/shards): `(strong OR weak) FILTER strong` has the same matches and weights. Not
      // for one database, where AND_MAYBE ranks the same and is ~20% faster (k=100 p50, paired).
      base = Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, base, optional), base);
    } else {
      // With first_pass_common, a query without common weak terms runs in one pass.
      if (options.ranking.first_pass_common > 0) {
        if (!late.empty()) {
          out.strong = early.empty() ? base
                                     : Xapian::Query(Xapian::Query::OP_AND_MAYBE, base,
                                                     Xapian::Query(Xapian::Query::OP_OR, early.begin(), early.end()));
          out.weak = Xapian::Query(Xapian::Query::OP_OR, late.begin(), late.end());
        }
      } else {
        out.strong = base, out.weak = optional;
      }
      base = Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, optional);
    }
  }

  return base;
}

BuiltQuery QueryBuilder::build(std::string_view query, const SearchOptions& options) const {
  if (query.size() > kMaxQueryBytes) {
    throw QuerySyntax("query is " + std::to_string(query.size()) + " bytes; the limit is " +
                      std::to_string(kMaxQueryBytes) + ". Shorten it.");
  }
  std::vector<Token> tokens = analyzer_.analyze(query);
  if (tokens.size() > kMaxQueryTerms) tokens.resize(kMaxQueryTerms);

  Weighed weighed = weigh_tokens(tokens, options);
  BuiltQuery out;
  add_other_words(tokens, options, weighed.words);
  set_words(weighed.words, out);
  TermTable terms = distinct_terms(tokens, weighed.factor, weighed.stem_unigrams);
  add_spellings(query, tokens, options, terms);
  const std::optional<Xapian::Query> matched = match_query(terms, options, out);
  if (!matched) return out;  // out.query, Xapian::Query(), matches nothing
  out.query = *matched;
  return out;
}

}  // namespace kosearch::detail
