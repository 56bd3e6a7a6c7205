#pragma once
/// @file Ranked passage search over a kosearch index.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kosearch/core/article_fields.hpp"
#include "kosearch/searcher/ranking_params.hpp"
#include "kosearch/searcher/suggest.hpp"

namespace kosearch {

/// Options fixed when a Searcher is opened.
struct SearcherOptions {
  /// User synonym file: one group of equivalent spellings per line, separated by ',' or
  /// whitespace-around-'|'; '#' starts a comment. Default: none.
  std::filesystem::path synonyms_file;
  /// For a sharded index: leave out shards that cannot be opened (a remote shard that is down, a
  /// missing shard directory) and search the others, reporting each in `Searcher::warnings()`.
  /// Off: such a shard is an error naming it. A shard built with another analyzer is always an
  /// error. A remote shard that dies while the Searcher is open is dropped at the next search;
  /// `reopen()` tries the left-out shards again (see `missing_shard_retry_seconds`) and searches
  /// those that are back. Default: false.
  bool allow_missing_shards = false;
  /// With allow_missing_shards and shards left out: `reopen()` opens the stub's shards again when
  /// at least this many seconds have passed since the last try (or since opening). Each try
  /// connects to every remote shard, and one whose host is down (not merely its server) holds
  /// the call for the connection timeout (5 s), hence not at every reopen. 0: every `reopen()`.
  /// Default: 60.
  double missing_shard_retry_seconds = 60;
};

/// Per-query options: paging, display and the features a user chooses. The ranking model's
/// parameters are `ranking` (ranking_params.hpp). Each is settable by name (apply_search_option).
struct SearchOptions {
  /// Hits to return; 0 only counts the matching passages (SearchResults::total). Default: 10.
  std::uint32_t k = 10;
  /// Best hits skipped first (paging). Default: 0.
  std::uint32_t offset = 0;
  /// At most one passage (the best) per article. Default: false.
  bool one_per_article = false;
  /// Read query operators: `"a phrase"` (also `“…”`) in every hit, `-word` and `-"a phrase"` in
  /// none (docs/query-syntax.md). Off: quotes and `-` are text. Default: true.
  bool query_syntax = true;
  /// Repair the query first: Hangul typed in the English layout (`tmzpdlf` → `스케일`), a word of
  /// initial consonants (`ㅅㅋㅇ`) as the index words it begins (SearchResults::corrected_query).
  /// Default: true.
  bool correct = true;
  /// A one-syllable Hangul word of a short query (`왕`) also matches its forms with a particle
  /// (`왕은`, `왕이`), as one term with them. Default: true.
  bool particle_forms = true;
  /// Expand Hangul words with spelling variants found in the index vocabulary
  /// (저커버그 ↔ 주커버그). Default: false.
  bool spelling_variants = false;
  /// Snippets and highlight spans (a re-analysis of each returned passage). Default: true.
  bool snippets = true;
  /// Read each hit's passage text (`Hit::text`); off: ids, titles and scores only, no snippets.
  /// Default: true.
  bool fetch_text = true;
  /// Target snippet length in characters. Default: 160.
  std::uint32_t snippet_chars = 160;
  /// Markers around highlighted spans in `Hit::snippet`. Default: "<b>" and "</b>".
  std::string highlight_open = "<b>";
  std::string highlight_close = "</b>";
  /// Escape `<`, `>` and `&` of the text in `Hit::snippet`. Default: true.
  bool escape_html = true;

  /// News filters (docs/news-search.md): articles published in [since, until] (seconds since the
  /// epoch, inclusive; an undated article is left out when either is set), by one of
  /// `publishers`, `reporters`, in one of `sections` (names as the index keys them: NFKC, case
  /// folded, spaces removed). OR within a kind, AND across kinds; empty: no filter. The query
  /// operators `언론사:`, `기자:`, `섹션:` add to these.
  std::optional<std::int64_t> since;
  std::optional<std::int64_t> until;
  std::vector<std::string> publishers;
  std::vector<std::string> reporters;
  std::vector<std::string> sections;
  /// Order of the hits: relevance, or publication date (ties by relevance; undated articles
  /// last). A date order turns the re-ranking off. Default: relevance.
  enum class Sort { relevance, newest, oldest };
  Sort sort = Sort::relevance;
  /// Blend in recency: each passage gains recency_weight x 2^(-age / half-life), age in days
  /// since publication (0 for a future date; undated: nothing). 0 days: off. Default: 0 and 8.
  double recency_half_life_days = 0;
  double recency_weight = 8.0;
  /// "Now" for the recency age, seconds since the epoch; unset: the clock at search time.
  std::optional<std::int64_t> now;
  /// Facets counted over all matching passages' articles: any of "publisher", "reporter",
  /// "section", "month" (SearchResults::facets, in this order). Default: none.
  std::vector<std::string> facets;
  /// Values kept per facet, the most frequent first. Default: 10.
  std::uint32_t facet_limit = 10;
  /// Near-duplicate articles (grouped at index time): true shows the best-ranked of each group,
  /// the others counted in Hit::duplicates; false shows them all. Default: true.
  bool group_duplicates = true;

  /// The ranking model's parameters; their defaults are the tuned model.
  RankingParams ranking;
};

/// Sets one SearchOptions field (or one of its `ranking`'s) by name, for the command line
/// (`--set`), HTTP parameters, the C API and config files: one table holds every name
/// (search_options.cpp; docs/searching.md lists them). Dates (`since`, `until`, `now`) are
/// YYYY-MM-DD or a date-time, KST without an offset; `publisher`, `reporter`, `section` each add
/// a name, an empty value clears them. Throws InvalidArgument for an unknown key (listing the
/// valid ones), a removed one (saying so) or a bad value.
void apply_search_option(SearchOptions& options, std::string_view key, std::string_view value);

/// How a hit's score was made: Xapian's BM25 score plus the re-ranking's bonuses, which are zero
/// for hits the re-ranking did not read (below `rerank_depth`, or re-ranking off).
/// `score == bm25 + words + pairs + sentence + title`.
struct ScoreParts {
  double bm25 = 0.0;
  double words = 0.0;     ///< rerank_weight x the share of the content words found whole
  double pairs = 0.0;     ///< rerank_pair_weight x the share of consecutive words found close together
  double sentence = 0.0;  ///< rerank_sentence_weight x the largest share one sentence holds
  double title = 0.0;     ///< rerank_title_weight when the query names the hit's article title
  double length = 0.0;    ///< rerank_length_weight x the share of rerank_length_chars the passage reaches
};

/// One ranked passage.
struct Hit {
  std::uint32_t rank = 0;   ///< 1-based
  double score = 0.0;
  std::string doc_id;       ///< the article's id (file stem or JSONL `_id`)
  std::string passage_id;   ///< `<doc_id>#<n>`
  std::string title;
  std::string text;         ///< the whole passage
  std::string snippet;      ///< a window of `text`, matches marked with `<b>`..`</b>`, HTML-escaped
  /// Matched spans as [begin, end) byte offsets into `text`, merged where they overlap or touch.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> highlights;
  std::uint32_t passage_begin = 0;  ///< byte offsets of the passage in the article body
  std::uint32_t passage_end = 0;
  ScoreParts score_parts;  ///< `kosearch search --explain` prints them
  /// The article's news fields (published, publisher, reporters, …; captions are not stored):
  /// empty when the article has none or the index predates them.
  ArticleFields fields;
  /// Other articles grouped with this one as copies of the same story (SearchOptions::
  /// group_duplicates), and their ids (at most 100).
  std::uint32_t duplicates = 0;
  std::vector<std::string> duplicate_ids;
};

/// One value of a facet and how many matching articles have it.
struct FacetValue {
  std::string value;
  std::uint64_t count = 0;
};

/// Counts of one facet (SearchOptions::facets) over all matches, the most frequent first.
struct Facet {
  std::string name;  ///< "publisher", "reporter", "section" or "month"
  std::vector<FacetValue> values;
};

/// The answer to one query.
struct SearchResults {
  std::string query;
  /// The query searched instead of `query` (SearchOptions::correct), empty if none, and why:
  /// "english_layout" (typed with the keyboard in the English layout) or "initials" (a word of
  /// initial consonants expanded to the index words they begin).
  std::string corrected_query;
  std::string correction;
  /// Why a filter, date order or facet found or counted nothing: the index has no article with
  /// that field (built before news fields, or plain text), and how to rebuild. Usually empty.
  std::vector<std::string> notes;
  /// Matching passages: exact when `total_exact`, else an estimate (Xapian's, which it rounds
  /// to a few significant digits: the matcher skips what cannot rank, so it never counts all).
  std::uint64_t total = 0;
  bool total_exact = true;
  std::vector<Hit> hits;
  std::vector<Facet> facets;  ///< as SearchOptions::facets asked
};

/// What the query builder made of a query (for `kosearch search --explain`).
struct QueryPlan {
  std::string description;          ///< Xapian's description of the query actually run
  std::vector<std::string> terms;   ///< distinct terms looked up
  /// The content words the re-ranking looks for whole in the best hits, in query order.
  std::vector<std::string> words;
  /// Quoted phrases every hit holds, and phrases (or words) no hit holds, normalized
  /// (SearchOptions::query_syntax).
  std::vector<std::string> phrases;
  std::vector<std::string> excluded;
};

/// Statistics of an open index.
struct IndexStats {
  std::uint64_t passages = 0;
  std::uint64_t articles = 0;
  std::uint64_t bytes_on_disk = 0;
  std::string analyzer;            ///< signature stored in the index
  std::string passage_settings;
  bool positions = false;          ///< term positions stored (`--positions`)
  bool append_only = false;        ///< built without termlists (`--append-only`): add only
  /// Holds the suggestion terms (`suggest`; false: built with `--no-suggest`, or before them).
  bool suggestions = true;
  std::uint32_t shards = 1;          ///< databases searched (shards of a sharded index, else 1)
  std::uint32_t shards_missing = 0;  ///< shards left out (SearcherOptions::allow_missing_shards)
  /// Built with news fields (schema 4 or later); false: an older index, rebuild to get them.
  bool news_fields = true;
  /// Articles that have each news field.
  struct FieldCounts {
    std::uint64_t published = 0, updated = 0, publisher = 0, reporters = 0, section = 0, url = 0;
  } with_field;
};

/// `fields` as the JSON object a hit shows: {"published": ISO 8601 with offset or null,
/// "updated": … or null, "publisher": string or null, "reporters": [..], "section": string or
/// null, "url": string or null}.
std::string article_fields_json(const ArticleFields& fields);
/// "2025-06-13T10:41:00+09:00": `epoch_seconds` shown at `offset_minutes` east of UTC.
std::string iso8601(std::int64_t epoch_seconds, std::int32_t offset_minutes);

/// A read-only view of an index. Cheap to open.
///
/// Thread safety: NOT safe for concurrent use (Xapian's database handles hold mutable
/// state); open one Searcher per thread. Several Searchers and one Indexer may use the same
/// index at once; a Searcher sees the last commit as of its opening or its last `reopen()`.
class Searcher {
 public:
  /// Opens the index at `index_dir`: an index directory, or a sharded index — a directory holding
  /// a Xapian stub file `XAPIANDB`, or a stub file itself — whose lines name shards (`auto PATH`
  /// or `remote tcp HOST PORT` for a shard served by xapian-tcpsrv). Shards are ranked together
  /// with global BM25 statistics, as one index. Every shard's metadata is checked.
  /// Throws IndexNotFound, IndexCorrupt, or IndexVersionMismatch (built with a different
  /// analyzer: the message says which shard, and how to rebuild); a shard that cannot be opened
  /// throws IndexNotFound or IoError naming it unless `allow_missing_shards`.
  explicit Searcher(const std::filesystem::path& index_dir, const SearcherOptions& options = {});

  /// Ranks passages for `query`. An empty or separator-only query gives no hits. Throws
  /// QuerySyntax for a query over the documented limits (see README), never for odd text.
  SearchResults search(std::string_view query, const SearchOptions& options = {});

  /// The query `search` would run.
  QueryPlan explain(std::string_view query, const SearchOptions& options = {});

  /// Up to `k` completions of `prefix` as typed, keystroke by keystroke: a last syllable still
  /// being composed (`스케이`, `스켕` → `스케일`; `과` → `관`; `달` → `닭`), initial consonants
  /// only or mixed (`ㅅㅋㅇ`, `스ㅋㅇ` → `스케일`), Hangul typed in the English layout
  /// (`tmzpdl` → `스케일`), Latin as it is (`scal` → `scale`). Never throws for the prefix's
  /// content: any bytes give a (possibly empty) list. An index built before suggestions existed
  /// or with `--no-suggest` (IndexerOptions::suggest) gives an empty list and
  /// `Suggestions::warning`.
  Suggestions suggest(std::string_view prefix, std::uint32_t k = 10);

  /// Moves to the latest commit. Returns true if the index changed, or if shards left out by
  /// `allow_missing_shards` are back (tried at most every `missing_shard_retry_seconds`).
  bool reopen();

  IndexStats stats() const;

  /// Problems that did not stop the searcher, e.g. shards left out by `allow_missing_shards`
  /// (as of the opening or the last `reopen()`/search that reopened the shards).
  std::vector<std::string> warnings() const;

  ~Searcher();
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kosearch
