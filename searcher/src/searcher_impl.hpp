#pragma once
// Internal: the state of a Searcher (searcher.hpp's pimpl), shared by the files that implement
// it: searcher.cpp (search, explain, reopen, stats), run_query.cpp (one search's steps), plan.cpp
// (a query's plan), gather.cpp (the candidates that pass the phrase filters), rerank.cpp (the best
// passages re-ranked).

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
#include "kosearch/searcher/searcher.hpp"
#include "kosearch/core/error.hpp"
#include "field_stats.hpp"
#include "match_count.hpp"
#include "grouping.hpp"
#include "news.hpp"
#include "phrase.hpp"
#include "query_builder.hpp"
#include "query_syntax.hpp"
#include "article_fields.hpp"
#include "identity.hpp"
#include "open_index.hpp"
#include "schema.hpp"
#include "shards.hpp"
#include "snippet.hpp"
#include "suggest/repair.hpp"
#include "suggest/suggester.hpp"
#include "text_search.hpp"
#include "tie_order.hpp"

namespace kosearch {

namespace fs = std::filesystem;

struct Searcher::Impl {
  fs::path path;
  SearcherOptions options;
  Xapian::Database db;
  std::vector<std::string> warnings;
  std::uint32_t shards, missing_shards;
  Analyzer analyzer;
  detail::SynonymTable synonyms;
  detail::QueryBuilder builder;
  bool positions;  // the index stores term positions (spelling variants are then phrase-checked)
  schema::PathIdentity identity;  // of `path` when opened: another one means it was switched

  Impl(const fs::path& p, const SearcherOptions& o, detail::OpenedIndex opened)
      : path(p),
        options(o),
        db(std::move(opened.db)),
        warnings(std::move(opened.warnings)),
        shards(opened.shards),
        missing_shards(opened.missing),
        analyzer(detail::analyzer_of(db, p)),
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
    use(detail::open_database(path, true));
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
    detail::OpenedIndex opened;
    try {
      opened = detail::open_database(path, true);
    } catch (const Error&) {
      return false;
    }
    if (opened.missing >= missing_shards) return false;
    use(std::move(opened));
    return true;
  }

  void use(detail::OpenedIndex opened) {
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
    return builder.build(query, search);
  }

  // A query ready to run: the ranked query, and the phrases every hit must hold and none may.
  struct Plan {
    detail::BuiltQuery built;
    std::vector<detail::Phrase> required, excluded;
    std::vector<std::string> notes;  // news options asking for fields the index lacks
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

  // Parses the query's syntax (with query_syntax), builds its ranked query, and adds the
  // phrase and news filters (plan.cpp).
  Plan plan(std::string_view query, const SearchOptions& search) const;


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
  // (k = 0: the count is all that is asked). With `grouper`, also only one article of each
  // cluster of copies.
  std::vector<Candidate> gather(Xapian::Enquire& enquire, const Plan& plan, std::uint64_t want,
                                bool one_per_article, bool count_all, detail::MatchCount& count,
                                detail::Grouper* grouper = nullptr) const;
  static constexpr Xapian::doccount kMaxExamined = 30000;

  // One search against the current revision (run_query.cpp): the plan, the page read from
  // Xapian, the hits re-ranked and cut to the page, their snippets. Xapian's errors propagate:
  // Searcher::search retries when the index changed. `query` is the repaired query.
  SearchResults run(std::string_view query, const SearchOptions& search) const;

  // The steps of run(), in order.
  // Which of Xapian's ranks to read for the page, and how.
  struct Page {
    bool count_only = false;  // k = 0: only the number of matches
    bool clustered = false;   // the index has clusters of copies
    bool grouping = false;    // and one article of each is shown
    bool filtered = false;    // phrase filters or grouping: gather() checks each candidate
    bool rerank = false;      // the page is cut from the re-ranked best hits
    Xapian::doccount first = 0;  // 0-based rank of the first candidate read
    Xapian::doccount count = 0;  // candidates asked for
  };
  Page page_of(const Plan& plan, const SearchOptions& search) const;
  // The Enquire of `plan`: BM25 with the ranking's k1 and b, the news order, the collapse key.
  Xapian::Enquire enquire_for(const Plan& plan, const SearchOptions& search, const Page& page) const;
  // The page's candidates (gather() when filtered, else one MSet) and the match count; read
  // again with ties ordered by article id when ties straddle the page's edges (tie_order.hpp).
  std::vector<Candidate> read_page(Xapian::Enquire& enquire, const Plan& plan, const SearchOptions& search,
                                   const Page& page, detail::MatchCount& matched) const;
  std::vector<Candidate> read_candidates(Xapian::Enquire& enquire, const Plan& plan, const SearchOptions& search,
                                         const Page& page, detail::MatchCount& matched) const;
  // Candidates into `hits` (score and rank) and their documents into `docs`; returns how many
  // of the first hits the re-ranker reads.
  std::size_t make_hits(std::vector<Candidate>& candidates, const Page& page, const SearchOptions& search,
                        std::vector<Hit>& hits, std::vector<Xapian::Document>& docs) const;
  // Each hit's id, title, offsets, news fields and text, read in docid order.
  void read_hits(const std::vector<Xapian::Document>& docs, std::vector<Candidate>& candidates,
                 std::size_t window, const SearchOptions& search, std::vector<Hit>& hits) const;
  // Re-ranks the window, orders ties, cuts the page at offset and k, numbers the ranks.
  void finish_page(const Plan& plan, std::string_view query, const SearchOptions& search, const Page& page,
                   std::size_t window, std::vector<Hit>& hits) const;
  void add_snippets(const Plan& plan, const SearchOptions& search, std::vector<Hit>& hits) const;
};

}  // namespace kosearch
