#include "kosearch/searcher/searcher.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <numeric>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/core/error.hpp"
#include "field_stats.hpp"
#include "match_count.hpp"
#include "phrase.hpp"
#include "query_builder.hpp"
#include "query_syntax.hpp"
#include "article_fields.hpp"
#include "identity.hpp"
#include "schema.hpp"
#include "shards.hpp"
#include "snippet.hpp"
#include "suggest/repair.hpp"
#include "suggest/suggester.hpp"
#include "text_search.hpp"
#include "tie_order.hpp"
#include "title_match.hpp"

namespace fs = std::filesystem;

namespace kosearch {

namespace {

Analyzer analyzer_of(const Xapian::Database& db, const fs::path& path) {
  const std::string name = db.get_metadata(std::string(schema::kMetaAnalyzerName));
  try {
    Analyzer a = Analyzer::by_name(name.empty() ? "ko-bigram" : name);
    schema::check_metadata(db, path, a.signature());
    return a;
  } catch (const InvalidArgument&) {
    throw IndexVersionMismatch("index " + path.string() + " was built with analyzer '" + name +
                               "', which this kosearch does not have. Rebuild the index with "
                               "`kosearch index --rebuild`.");
  }
}

// What the searcher reads: one database, or the shards of a stub joined into one.
struct OpenedIndex {
  Xapian::Database db;
  std::vector<std::string> warnings;
  std::uint32_t shards = 1;
  std::uint32_t missing = 0;
  schema::PathIdentity identity;  // of the path when opened (see Searcher::reopen)
};

OpenedIndex open_database_once(const fs::path& path, bool allow_missing_shards) {
  OpenedIndex out;
  try {
    const fs::path stub = schema::stub_of(path);
    if (stub.empty()) {
      out.db = Xapian::Database(path.string());
      return out;
    }
    schema::OpenedShards shards = schema::open_shards(stub, allow_missing_shards);
    out.db = std::move(shards.db);
    out.warnings = std::move(shards.warnings);
    out.shards = static_cast<std::uint32_t>(shards.opened);
    out.missing = static_cast<std::uint32_t>(shards.listed - shards.opened);
    return out;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "open");
  }
}

OpenedIndex open_database(const fs::path& path, bool allow_missing_shards) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw IndexNotFound("no index at " + path.string() + ". Build one with `kosearch index --index " +
                        path.string() + " INPUT...`.");
  }
  if (fs::is_directory(path, ec) && !schema::holds_index(path) && !fs::is_empty(path, ec)) {
    // Indexing into a folder of other files is refused, so the advice is a new folder.
    throw IndexNotFound(path.string() + " is a folder but holds no kosearch index. Give --index the "
                        "folder an index was built in, or build one in a new folder: `kosearch "
                        "index --index NEW_FOLDER INPUT...`.");
  }
  if (fs::is_directory(path, ec) && !schema::holds_index(path)) {
    throw IndexNotFound(path.string() + " is not a kosearch index (yet): it holds no index "
                        "database (a first build appears there only when it is complete). Build "
                        "one with `kosearch index --index " + path.string() + " INPUT...`.");
  }
  // An index built beside and switched in while it was being opened could be read half from
  // each: open again when the path names another directory than before.
  for (int attempt = 1;; ++attempt) {
    const schema::PathIdentity before = schema::identity_of(path);
    try {
      OpenedIndex out = open_database_once(path, allow_missing_shards);
      if (attempt < 4 && schema::identity_of(path) != before) continue;
      out.identity = before;
      return out;
    } catch (const Error&) {
      if (attempt >= 4 || schema::identity_of(path) == before) throw;
    }
  }
}

using detail::find_in;

// Credit of one content word in a passage's normalized text, given where it first occurs there
// (`first`, npos: nowhere): 1 if it occurs whole, else `prefix_credit` if it is a Hangul word of
// three or more syllables whose first syllables (all but the last) occur — the query's inflection
// often differs from the passage's (`태어났는` / `태어났다`, `소속된` / `소속돼`) — else 0.
double word_credit(std::string_view word, std::size_t first, std::string_view text, double prefix_credit) {
  if (first != std::string_view::npos) return 1;
  constexpr std::size_t kSyllable = 3;  // bytes of a Hangul syllable in UTF-8
  // Content words are Hangul runs or words in other scripts: the lead byte tells them apart
  // (U+AC00..U+D7A3 start with 0xEA..0xED).
  const auto lead = word.empty() ? 0 : static_cast<unsigned char>(word[0]);
  if (prefix_credit <= 0 || word.size() < 3 * kSyllable || lead < 0xEA || lead > 0xED) return 0;
  return find_in(text, word.substr(0, word.size() - kSyllable)) != std::string_view::npos ? prefix_credit : 0;
}

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

// The passage number in a hit's passage id (`<doc_id>#<n>`).
std::uint64_t passage_number(const Hit& hit) {
  const auto hash = hit.passage_id.rfind('#');
  std::uint64_t n = 0;
  if (hash != std::string::npos) {
    std::from_chars(hit.passage_id.data() + hash + 1, hit.passage_id.data() + hit.passage_id.size(), n);
  }
  return n;
}

// The bytes of hits[i]'s text that a better-ranked hit of the same article, the passage just
// before or after it, shares with it (consecutive passages overlap by a sentence): its snippet
// then prefers the rest, so that two results do not show the same lines. {0, 0}: none.
detail::Span shown_by_neighbour(const std::vector<Hit>& hits, std::size_t i) {
  const Hit& hit = hits[i];
  const std::uint64_t n = passage_number(hit);
  for (std::size_t j = 0; j < i; ++j) {
    const Hit& better = hits[j];
    if (better.doc_id != hit.doc_id) continue;
    const std::uint64_t m = passage_number(better);
    if (m + 1 == n) {
      return {0, static_cast<std::uint32_t>(detail::shared_length(better.text, hit.text))};
    }
    if (n + 1 == m) {
      const auto shared = static_cast<std::uint32_t>(detail::shared_length(hit.text, better.text));
      return {static_cast<std::uint32_t>(hit.text.size()) - shared, static_cast<std::uint32_t>(hit.text.size())};
    }
  }
  return {0, 0};
}

}  // namespace

struct Searcher::Impl {
  fs::path path;
  SearcherOptions options;
  Xapian::Database db;
  std::vector<std::string> warnings;
  std::uint32_t shards, missing_shards;
  Analyzer analyzer;
  detail::SynonymTable synonyms;
  detail::QueryBuilder builder;
  bool positions;  // the index stores term positions (else no proximity boost is possible)
  schema::PathIdentity identity;  // of `path` when opened: another one means it was switched

  Impl(const fs::path& p, const SearcherOptions& o, OpenedIndex opened)
      : path(p),
        options(o),
        db(std::move(opened.db)),
        warnings(std::move(opened.warnings)),
        shards(opened.shards),
        missing_shards(opened.missing),
        analyzer(analyzer_of(db, p)),
        synonyms(o.synonyms_file.empty() ? detail::SynonymTable()
                                         : detail::SynonymTable(o.synonyms_file, analyzer)),
        builder(analyzer, synonyms,
                {[this](const std::string& term) { return db.term_exists(term); },
                 [this](const std::vector<std::string>& terms) { return co_occur(terms); },
                 [this](const std::string& term) -> std::uint64_t { return term_freq(term); },
                 [this]() -> std::uint64_t { return db.get_doccount(); },
                 [this]() { return db.size() > 1; }}),
        positions(db.get_metadata(std::string(schema::kMetaPositions)) != "0"),
        identity(opened.identity) {}

  // Passages holding `term`, remembered until the searcher moves to another revision: the query
  // builder reads every query term's frequency, and queries share terms. Each lookup is a B-tree
  // descent (locally ~2 block reads per term) or a network round trip per remote shard.
  std::uint64_t term_freq(const std::string& term) {
    if (const auto it = term_freqs.find(term); it != term_freqs.end()) return it->second;
    const std::uint64_t f = db.get_termfreq(term);
    if (term_freqs.size() >= kTermFreqCacheSize) term_freqs.clear();  // bounded; refills fast
    term_freqs.emplace(term, f);
    return f;
  }
  static constexpr std::size_t kTermFreqCacheSize = 1 << 16;
  std::unordered_map<std::string, std::uint64_t> term_freqs;

  // Moves the database to its latest revision; the remembered term frequencies go with the old
  // one. Returns whether it moved.
  bool reopen_db() {
    const bool moved = db.reopen();
    if (moved) term_freqs.clear();
    return moved;
  }

  bool co_occur(const std::vector<std::string>& terms) const {
    Xapian::Enquire enquire(db);
    // With positions, the bigrams must be adjacent and in order (the variant occurs as a word).
    enquire.set_query(positions ? Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                                static_cast<Xapian::termcount>(terms.size()))
                                : Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return !enquire.get_mset(0, 1).empty();
  }

  // A remote shard went down while open: with allow_missing_shards, open the shards again
  // (leaving out the unreachable ones) and report whether the caller may retry.
  bool reopen_without_dead_shards() {
    if (!options.allow_missing_shards || schema::stub_of(path).empty()) return false;
    use(open_database(path, true));
    return true;
  }

  // With shards left out: every options.missing_shard_retry_seconds, open the stub's shards
  // again and switch to them if more are up. Returns whether it switched. A failure to open
  // keeps the shards in use (they answered so far).
  bool readmit_missing_shards() {
    if (!options.allow_missing_shards || missing_shards == 0) return false;
    const auto now = std::chrono::steady_clock::now();
    if (std::chrono::duration<double>(now - last_shard_retry).count() <
        options.missing_shard_retry_seconds) {
      return false;
    }
    last_shard_retry = now;
    OpenedIndex opened;
    try {
      opened = open_database(path, true);
    } catch (const Error&) {
      return false;
    }
    if (opened.missing >= missing_shards) return false;
    use(std::move(opened));
    return true;
  }

  void use(OpenedIndex opened) {
    db = std::move(opened.db);
    term_freqs.clear();
    warnings = std::move(opened.warnings);
    shards = opened.shards;
    missing_shards = opened.missing;
    identity = opened.identity;
  }
  std::chrono::steady_clock::time_point last_shard_retry = std::chrono::steady_clock::now();

  void rerank_hits(std::vector<Hit>& hits, std::size_t window, const std::vector<std::string>& sequence,
                   const std::vector<std::string>& typed_words,
                   const std::vector<std::pair<std::string, double>>& sentence_terms,
                   std::string_view query, const SearchOptions& search) const;

  detail::BuiltQuery build(std::string_view query, const SearchOptions& search) const {
    if (positions) return builder.build(query, search);
    SearchOptions without = search;
    without.proximity_weight = 0;
    return builder.build(query, without);
  }

  // A query ready to run: the ranked query, and the phrases every hit must hold and none may.
  struct Plan {
    detail::BuiltQuery built;
    std::vector<detail::Phrase> required, excluded;
    bool filters() const { return !required.empty() || !excluded.empty(); }
    // Whether a passage, its text normalized by the analyzer, passes the phrase filters. A
    // phrase in its article's title counts as in the passage (the title's terms are indexed in
    // every passage): `title()` gives the normalized title, called only when needed.
    template <class Title>
    bool accepts(std::string_view normalized, Title&& title) const {
      for (const auto& p : required) {
        if (!p.found_in(normalized) && !p.found_in(title())) return false;
      }
      for (const auto& p : excluded) {
        if (p.found_in(normalized) || p.found_in(title())) return false;
      }
      return true;
    }
  };
  // Only the first phrases and exclusions of a query are used (as only its first 256 terms):
  // each is checked in every candidate's text.
  static constexpr std::size_t kMaxPhrases = 32;
  static constexpr std::size_t kMaxFilterTerms = 256;

  Plan plan(std::string_view query, const SearchOptions& search) const {
    Plan p;
    if (!search.query_syntax) {
      p.built = build(query, search);
      return p;
    }
    const detail::ParsedQuery parsed = detail::parse_query_syntax(query);
    p.built = build(parsed.text, search);
    for (const auto& [from, into] : {std::pair{&parsed.phrases, &p.required}, std::pair{&parsed.excluded, &p.excluded}}) {
      for (const auto& typed : *from) {
        if (into->size() == kMaxPhrases) break;
        detail::Phrase phrase(analyzer, typed);
        if (!phrase.empty()) into->push_back(std::move(phrase));
      }
    }
    // An excluded phrase that is one index term (`-메타`): Xapian leaves those passages out
    // without reading them (`지분 -지분` would read every candidate's text and keep none).
    std::vector<std::string> out_terms;
    for (const auto& phrase : p.excluded) {
      if (!phrase.sole_term().empty()) out_terms.push_back(phrase.sole_term());
    }
    if (!out_terms.empty() && !p.built.query.empty()) {
      p.built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, p.built.query,
                                    Xapian::Query(Xapian::Query::OP_OR, out_terms.begin(), out_terms.end()));
    }
    if (!p.required.empty() && !p.built.query.empty()) {
      // Xapian keeps only passages with every term of every phrase; the text check confirms.
      // At most kMaxFilterTerms of them: fewer only lets more candidates through to the check.
      std::vector<std::string> terms;
      for (const auto& phrase : p.required) {
        terms.insert(terms.end(), phrase.required_terms().begin(), phrase.required_terms().end());
      }
      std::sort(terms.begin(), terms.end());
      terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
      if (terms.size() > kMaxFilterTerms) terms.resize(kMaxFilterTerms);
      p.built.query = Xapian::Query(Xapian::Query::OP_FILTER, p.built.query,
                                    Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
    }
    return p;
  }

  // A hit before it is read into a Hit: Xapian's document and weight, and the text when the
  // phrase filters have read it.
  struct Candidate {
    Xapian::Document doc;
    double weight = 0;
    std::string collapse_key;
    std::optional<std::string> text;
  };
  // The best `want` passages that pass `plan`'s phrase filters, in Xapian's order (and the best
  // of each article when one_per_article), and how many pass in all: exact when every candidate
  // was checked, else an estimate. Xapian's ranking is read in growing batches and each passage's
  // text checked, at most kMaxExamined; `count_all` checks candidates past the first `want` too
  // (k = 0: the count is all that is asked).
  std::vector<Candidate> gather(Xapian::Enquire& enquire, const Plan& plan, std::uint64_t want,
                                bool one_per_article, bool count_all, detail::MatchCount& count) const;
  static constexpr Xapian::doccount kMaxExamined = 30000;
};

// Reading the metadata of a damaged index can throw too, not only opening it.
Searcher::Searcher(const fs::path& index_dir, const SearcherOptions& options) try
    : impl_(std::make_unique<Impl>(index_dir, options,
                                   open_database(index_dir, options.allow_missing_shards))) {
} catch (const Xapian::Error& e) {
  schema::rethrow_xapian(e, index_dir, "open");
}

// Second stage: the first `window` hits (whose `text` holds the passage) gain
// rerank_weight x the share of the query's distinct content words that occur whole in their text
// (bigram BM25 cannot tell a word from its scattered bigrams; a word found only without its last
// syllable counts rerank_prefix_credit), rerank_sentence_weight x the largest share of the
// typed words (`typed_words`: not those guessed in a run typed without spaces) that one sentence
// holds — or, with fewer than two of them, of the idf mass of `sentence_terms` — and
// rerank_pair_weight x the share of consecutive query words found in order, close together;
// each bonus is kept in the hit's score_parts. Then they are sorted again.
void Searcher::Impl::rerank_hits(std::vector<Hit>& hits, std::size_t window,
                                 const std::vector<std::string>& sequence,
                                 const std::vector<std::string>& typed_words,
                                 const std::vector<std::pair<std::string, double>>& sentence_terms,
                                 std::string_view query, const SearchOptions& search) const {
  const std::string bare_query =
      search.rerank_title_weight > 0 ? detail::without_spaces(analyzer.normalize(query)) : std::string();
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
      found += word_credit(words[w], first[w], text, search.rerank_prefix_credit);
    }
    ScoreParts& parts = hits[i].score_parts;
    parts.words = search.rerank_weight * found / static_cast<double>(words.size());
    if (search.rerank_sentence_weight > 0) {
      if (typed.size() >= 2) {
        parts.sentence = search.rerank_sentence_weight * best_sentence_share(words, typed, first, text);
      } else if (sentence_terms.size() >= 2) {
        parts.sentence = search.rerank_sentence_weight * best_sentence_mass(sentence_terms, text);
      }
    }
    const double pw = search.rerank_pair_weight;
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
    if (search.rerank_title_weight > 0 && detail::title_in_query(analyzer.normalize(hits[i].title), bare_query)) {
      parts.title = search.rerank_title_weight;
    }
    hits[i].score = parts.bm25 + parts.words + parts.sentence + parts.pairs + parts.title;
  }
  std::stable_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(depth),
                   [](const Hit& a, const Hit& b) { return a.score > b.score; });
}

std::vector<Searcher::Impl::Candidate> Searcher::Impl::gather(Xapian::Enquire& enquire, const Plan& plan,
                                                               std::uint64_t want, bool one_per_article,
                                                               bool count_all, detail::MatchCount& count) const {
  std::vector<Candidate> out;
  std::unordered_set<std::string> articles;
  Xapian::doccount from = 0, examined = 0;
  Xapian::doccount batch = static_cast<Xapian::doccount>(std::clamp<std::uint64_t>(2 * want, 32, kMaxExamined));
  std::uint64_t estimate = 0, passed = 0;
  bool all_seen = false;
  // Over shards (remote ones among them) each round matches from the first hit again and skips
  // those examined: Xapian 1.4's MSet::fetch() crashes on an MSet that starts at an offset (see
  // search()), and without it a remote shard sends each document in a round trip of its own. One
  // local database needs no fetch: it asks for the next batch alone.
  const bool refetch = db.size() > 1;
  auto enough = [&] { return (!count_all && out.size() >= want) || examined >= kMaxExamined; };
  while (!enough()) {
    const Xapian::MSet mset = refetch ? enquire.get_mset(0, from + batch) : enquire.get_mset(from, batch);
    if (from == 0) estimate = mset.get_matches_estimated();
    if (refetch || from == 0) mset.fetch();
    if (refetch && mset.size() <= from) {  // fewer matches than last time (a new commit)
      all_seen = true;
      break;
    }
    auto it = refetch ? mset[from] : mset.begin();
    for (; it != mset.end() && !enough(); ++it) {
      ++examined;
      Candidate c{it.get_document(), it.get_weight(), {}, {}};
      c.text = c.doc.get_data();
      std::optional<std::string> title;
      auto title_of = [&]() -> const std::string& {
        if (!title) title = analyzer.normalize(schema::decode_hit_info(c.doc.get_value(schema::kSlotHitInfo)).title);
        return *title;
      };
      if (!plan.accepts(analyzer.normalize(*c.text), title_of)) continue;
      if (one_per_article) {
        c.collapse_key = c.doc.get_value(schema::kSlotDocId);
        if (!articles.insert(c.collapse_key).second) continue;
      }
      ++passed;
      if (out.size() < want) out.push_back(std::move(c));
    }
    // Every match seen: this batch was short and read to its end.
    if (it == mset.end() && mset.size() < (refetch ? from + batch : batch)) {
      all_seen = true;
      break;
    }
    from += batch;
    batch = std::min(2 * batch, kMaxExamined);
  }
  count = detail::count_of_filtered(passed, examined, all_seen, estimate);
  return out;
}

SearchResults Searcher::search(std::string_view typed, const SearchOptions& options) {
  SearchResults results;
  results.query = std::string(typed);
  // A query typed in the English layout or as initial consonants runs as what was meant.
  const detail::Repair repair = options.correct ? detail::repair_query(impl_->db, impl_->analyzer, typed) : detail::Repair{};
  const std::string_view query = repair.query.empty() ? typed : std::string_view(repair.query);
  results.corrected_query = repair.query, results.correction = repair.reason;
  // k = 0 asks only how many passages match (`total`): no hit is read or re-ranked.
  const bool count_only = options.k == 0;
  for (int attempt = 0;; ++attempt) {
    try {
      // Built inside the try: the query builder reads term statistics from the index.
      const Impl::Plan plan = impl_->plan(query, options);
      const detail::BuiltQuery& built = plan.built;
      if (built.query.empty()) return results;
      const bool filtered = plan.filters();
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(built.query);
      enquire.set_weighting_scheme(Xapian::BM25Weight(options.bm25_k1, 0, 1, options.bm25_b, 0.5));
      // Ties by docid ascending here; tie_order() then orders them by article id and passage
      // (Xapian's value sort for that read a value per candidate: ~15% slower queries).
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      // With phrase filters the best passage of an article may fail them and another pass: then
      // gather() keeps the best passing one of each article instead of Xapian.
      if (options.one_per_article && !filtered) enquire.set_collapse_key(schema::kSlotDocId);
      // Re-ranking reorders the best rerank_depth hits, and the hits tied with the last of them
      // (up to kTieSlack more): which of tied hits make the cut depends on docid order, which
      // differs between a sharded index, its compaction and a single index. A page that may
      // overlap the window is cut from the re-ranked list, so consecutive pages neither repeat
      // nor skip a hit.
      using detail::kTieSlack;
      const std::uint64_t reach = std::uint64_t{options.rerank_depth} + kTieSlack;
      const bool rerank = !count_only && options.rerank_weight > 0 && !built.words.empty() &&
                          options.rerank_depth > 0 && options.offset < reach;
      // Filtered hits are counted from the first: the page is cut after the filters. Else the
      // page and kTieSlack hits on each side of it are read (see tie_order()).
      const Xapian::doccount slack = count_only ? 0 : kTieSlack;
      const Xapian::doccount first =
          rerank || filtered ? 0 : options.offset - std::min<Xapian::doccount>(options.offset, slack);
      const Xapian::doccount count = static_cast<Xapian::doccount>(std::min<std::uint64_t>(
          rerank || filtered
              ? std::max<std::uint64_t>(std::uint64_t{options.offset} + options.k + slack, rerank ? reach : 0)
              : std::uint64_t{options.offset} - first + options.k + slack,
          std::numeric_limits<Xapian::doccount>::max()));
      std::vector<Impl::Candidate> candidates;
      detail::MatchCount matched;
      // Reads the page (with kTieSlack around it) into `candidates` and counts the matches.
      auto read_candidates = [&] {
        candidates.clear();
        if (filtered) {
          // Counting alone checks every candidate (up to kMaxExamined).
          candidates = impl_->gather(enquire, plan, count, options.one_per_article, count_only, matched);
        } else {
          // Counting alone has Xapian count the matches (exact up to kCountExactUpTo).
          const Xapian::MSet mset = enquire.get_mset(first, count, count_only ? detail::kCountExactUpTo : 0);
          matched = detail::count_of_mset(mset, first, count);
          // Ask for all hits' documents at once: remote shards then send them in one pipelined
          // exchange instead of one network round trip per hit (no effect on local databases).
          // Only without an offset: Xapian 1.4's MSet::fetch() indexes before the first item of an
          // MSet that starts at an offset and crashes (tests/searcher "k and offset").
          if (first == 0) mset.fetch();
          candidates.reserve(mset.size());
          for (auto it = mset.begin(); it != mset.end(); ++it) {
            // The collapse key is the article id, already read by the matcher.
            candidates.push_back({it.get_document(), it.get_weight(),
                                  options.one_per_article ? it.get_collapse_key() : std::string(), {}});
          }
        }
      };
      read_candidates();
      if (!count_only) {
        std::vector<double> weights;
        weights.reserve(candidates.size());
        for (const auto& c : candidates) weights.push_back(c.weight);
        if (detail::ties_cut(weights, options.offset - first, options.k, count, first == 0)) {
          enquire.set_sort_by_relevance_then_value(schema::kSlotDocId, false);
          read_candidates();
        }
      }
      results.total = matched.total;
      results.total_exact = matched.exact;
      // Which hits the re-ranker reads (ranks 1..window): the best rerank_depth and those tied
      // with the last of them.
      std::uint32_t rank = first;
      std::size_t window = 0;
      std::vector<Xapian::Document> docs;
      docs.reserve(candidates.size());
      for (auto& c : candidates) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = c.weight;
        hit.score_parts.bm25 = hit.score;
        if (options.one_per_article) hit.doc_id = std::move(c.collapse_key);
        if (rerank && window + 1 == rank &&
            (rank <= options.rerank_depth || hit.score == results.hits[window - 1].score)) {
          window = rank;
        }
        docs.push_back(std::move(c.doc));
        results.hits.push_back(std::move(hit));
      }
      // Read the hits' fields (one value slot) and text in docid order: Xapian finds each value
      // in a B-tree with one cursor for all slots and re-reads a block only when it differs from
      // the last one the cursor read. 100 hits in rank order, two slots each: ~520 block reads;
      // one slot in docid order: ~100.
      std::vector<std::size_t> order(docs.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(), [&docs](std::size_t a, std::size_t b) {
        return docs[a].get_docid() < docs[b].get_docid();
      });
      // News fields: one slot, read only when some passage of the index has it.
      const bool with_fields = !docs.empty() && impl_->db.get_value_freq(schema::kSlotFields) != 0;
      for (const std::size_t i : order) {
        Hit& hit = results.hits[i];
        const std::string packed = docs[i].get_value(schema::kSlotHitInfo);
        const schema::HitInfo info = schema::decode_hit_info(packed);
        if (!options.one_per_article) hit.doc_id = std::string(info.doc_id);
        hit.title = std::string(info.title);
        hit.passage_id = hit.doc_id + "#" + std::to_string(info.passage_no);
        hit.passage_begin = info.begin;
        hit.passage_end = info.end;
        if (with_fields) hit.fields = schema::fields_from_json(docs[i].get_value(schema::kSlotFields));
        // The re-ranker reads the text of its window whether or not the caller wants it.
        if (candidates[i].text) {
          hit.text = std::move(*candidates[i].text);
        } else if (options.fetch_text || i < window) {
          hit.text = docs[i].get_data();
        }
      }
      {
        if (rerank) {
          impl_->rerank_hits(results.hits, window, built.words, built.typed_words, built.sentence_terms, query,
                             options);
        }
        auto& hits = results.hits;
        detail::tie_order(hits);
        hits.erase(hits.begin(), hits.begin() + std::min<std::ptrdiff_t>(options.offset - first,
                                                                          static_cast<std::ptrdiff_t>(hits.size())));
        if (hits.size() > options.k) hits.resize(options.k);
        for (std::size_t i = 0; i < hits.size(); ++i) {
          hits[i].rank = static_cast<std::uint32_t>(options.offset + i + 1);
          if (!options.fetch_text) hits[i].text.clear();
        }
      }
      if (options.snippets && options.fetch_text) {
        std::vector<Token> tokens;
        auto& hits = results.hits;
        for (std::size_t i = 0; i < hits.size(); ++i) {
          Hit& hit = hits[i];
          impl_->analyzer.analyze(hit.text, tokens);
          hit.highlights = detail::highlight_spans(tokens, built.term_weights);
          hit.snippet = detail::make_snippet(hit.text, hit.highlights, options.snippet_chars,
                                             options.highlight_open, options.highlight_close,
                                             options.escape_html, shown_by_neighbour(hits, i));
        }
      }
      return results;
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed while we read: move to the new revision and run the query again.
      if (attempt >= 3) schema::rethrow_xapian(e, impl_->path, "search");
      impl_->reopen_db();
      results.hits.clear();
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= 3 || !impl_->reopen_without_dead_shards()) {
        schema::rethrow_xapian(e, impl_->path, "search (a remote shard is unreachable)");
      }
      results.hits.clear();
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, impl_->path, "search");
    }
  }
}

QueryPlan Searcher::explain(std::string_view query, const SearchOptions& options) {
  Impl::Plan made;
  try {
    const detail::Repair repair = options.correct ? detail::repair_query(impl_->db, impl_->analyzer, query) : detail::Repair{};
    made = impl_->plan(repair.query.empty() ? query : std::string_view(repair.query), options);
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, impl_->path, "explain");
  }
  QueryPlan plan;
  plan.description = made.built.query.get_description();
  for (const auto& [term, w] : made.built.term_weights) plan.terms.push_back(term);
  std::sort(plan.terms.begin(), plan.terms.end());
  plan.words = made.built.words;
  for (const auto& p : made.required) plan.phrases.push_back(p.normalized());
  for (const auto& p : made.excluded) plan.excluded.push_back(p.normalized());
  return plan;
}

Suggestions Searcher::suggest(std::string_view prefix, std::uint32_t k) {
  for (int attempt = 0;; ++attempt) {
    try {
      return detail::suggest(impl_->db, impl_->analyzer, prefix, k, impl_->path.string());
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= 3) schema::rethrow_xapian(e, impl_->path, "suggest");
      impl_->reopen_db();
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, impl_->path, "suggest");
    }
  }
}

bool Searcher::reopen() {
  // A fresh build or --rebuild was switched in: the old database's revisions say nothing about
  // the new one (another analyzer even), so everything is opened anew. On failure the old stays;
  // while nothing is at the path (a switch without RENAME_EXCHANGE) the old is kept too.
  const schema::PathIdentity now = schema::identity_of(impl_->path);
  if (now == schema::PathIdentity{}) return false;
  if (now != impl_->identity) {
    impl_ = std::make_unique<Impl>(impl_->path, impl_->options,
                                   open_database(impl_->path, impl_->options.allow_missing_shards));
    return true;
  }
  try {
    if (impl_->readmit_missing_shards()) return true;
    return impl_->reopen_db();
  } catch (const Xapian::NetworkError& e) {
    if (impl_->reopen_without_dead_shards()) return true;
    schema::rethrow_xapian(e, impl_->path, "reopen");
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, impl_->path, "reopen");
  }
}

IndexStats Searcher::stats() const {
  IndexStats s;
  try {
    s.passages = impl_->db.get_doccount();
    const std::string prefix(schema::kPrefixArticle);
    for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it) {
      ++s.articles;
    }
    s.analyzer = impl_->db.get_metadata(std::string(schema::kMetaAnalyzer));
    s.passage_settings = impl_->db.get_metadata(std::string(schema::kMetaPassages));
    s.positions = impl_->positions;
    s.append_only = impl_->db.get_metadata(std::string(schema::kMetaAppendOnly)) == "1";
    s.news_fields = impl_->db.get_metadata(std::string(schema::kMetaSchema)) != schema::kOldestReadableSchema;
    s.with_field = detail::count_fields(impl_->db);
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, impl_->path, "read");
  }
  s.bytes_on_disk = schema::bytes_on_disk(impl_->path);
  s.shards = impl_->shards;
  s.shards_missing = impl_->missing_shards;
  return s;
}

std::vector<std::string> Searcher::warnings() const { return impl_->warnings; }

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

}  // namespace kosearch
