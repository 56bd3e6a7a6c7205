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

/// Per-query options.
struct SearchOptions {
  /// Number of hits to return. 0 only counts the matching passages (SearchResults::total).
  /// Default: 10.
  std::uint32_t k = 10;
  /// Skip this many best hits first (paging). Default: 0.
  std::uint32_t offset = 0;
  /// Return at most one passage (the best) per article. Default: false.
  bool one_per_article = false;
  /// Read operators in the query: `"a phrase"` (also `“…”`) must occur in every hit, `-word`
  /// and `-"a phrase"` in none (a `-` at the start of a word, followed by a letter or a quote).
  /// A phrase is matched in the passage's text, normalized like the index (NFKC, case folded);
  /// spaces may differ between Hangul syllables and at a script change (`"알렉산더왕"` finds
  /// `알렉산더 왕`, `"스케일AI"` finds `스케일 AI`), not inside or between Latin words and
  /// numbers (`"scale ai"` is not in `scaleai`), and a Latin word or number of the phrase is a
  /// whole one in the passage (`"AI"` is not in `OpenAI`). The phrase's words are also ranked
  /// like the other words; an excluded word is not. Off: quotes and `-` are text. Default: true.
  bool query_syntax = true;
  /// Repair a query before searching: Hangul typed with the keyboard in the English layout
  /// (`tmzpdlf wlqns`, every word reads as syllables found far more often than the Latin word:
  /// `scale`, `meta` never change) is searched as Hangul (`스케일 지분`), and a word of initial
  /// consonants only (`ㅅㅋㅇ`) as the index words they begin, best first (at most 3).
  /// `SearchResults::corrected_query` tells. Default: true.
  bool correct = true;
  /// A one-syllable Hangul word of the query (`왕`, the `칩` of `삼성 칩`) also matches its forms
  /// with a particle (`왕은`, `왕이`, `왕을`, `왕의`: bigrams in the index), as one term with
  /// them (Xapian's OP_SYNONYM), and no other word starting with the syllable (`왕국`, `왕자`).
  /// Default: true (see docs/suggest.md for the measurement).
  bool particle_forms = true;
  /// Compute snippets and highlight spans (costs a re-analysis of each returned passage).
  /// Default: true.
  bool snippets = true;
  /// Read each hit's passage text (`Hit::text`) from the index. Off: ids, titles and scores only,
  /// no snippets — what batch evaluation needs, and cheaper (no stored text is decompressed).
  /// Default: true.
  bool fetch_text = true;
  /// Target snippet length in characters. Default: 160.
  std::uint32_t snippet_chars = 160;
  /// Markers around highlighted spans in `Hit::snippet`. Default: "<b>" and "</b>".
  std::string highlight_open = "<b>";
  std::string highlight_close = "</b>";
  /// Escape `<`, `>` and `&` of the text in `Hit::snippet`. Default: true.
  bool escape_html = true;
  /// BM25 parameters (Xapian's BM25Weight k1 and b). Default: 0.8 / 0.9 (tuned on the
  /// korquad1_wiki dev questions with the re-ranking on, bench/relevance.sh: nDCG@10 +0.0033 over
  /// 0.9 / 0.6, p = 0.0009; the re-ranking rewards whole words, so BM25 can weigh repeated
  /// bigrams less and normalize length more).
  double bm25_k1 = 0.8;
  double bm25_b = 0.9;
  /// Weight of the proximity boost (adjacent query terms found next to each other, phrase/near
  /// over positions); 0 turns it off. Default: 0 — measured on KorQuAD it lowered nDCG@10
  /// (-0.014 on korquad1) and made queries several times slower; bigrams across a space carry
  /// the adjacency signal instead.
  double proximity_weight = 0.0;
  /// Weight factors of query terms that carry little topic: n-grams covering a trailing particle
  /// (`을`, `에서`), question words (`무엇`, `누구`), bigrams across a space. Default: 0.25,
  /// 0.1, 0.3.
  double particle_weight = 0.25;
  double question_weight = 0.1;
  double cross_weight = 0.3;
  /// Second stage over the best `rerank_depth` hits (first page only): each gains
  /// rerank_weight x the share of the query's content words (stems without a trailing particle,
  /// two or more syllables) found whole in its text, which bigram BM25 cannot tell from the same
  /// bigrams scattered. 0 turns it off. Default: 16 and 20 (korquad1_wiki nDCG@10 +0.0041,
  /// p = 0.003; queries without spaces +0.0056; korquad1 -0.0004, n.s.; bench/relevance.sh).
  double rerank_weight = 16.0;
  std::uint32_t rerank_depth = 20;
  /// The same second stage also adds rerank_pair_weight x the share of consecutive query
  /// content words found in order, at most 12 bytes apart (`스케일` … `지분`), in the passage.
  /// 0 turns it off.
  double rerank_pair_weight = 8.0;
  /// The same second stage also adds rerank_sentence_weight x the largest share of the query's
  /// distinct content words that one sentence of the passage holds (sentences end at `.`, `?`,
  /// `!` before a space, also with closing quotes between, and at line breaks). A question is mostly asked about one sentence: the
  /// passage that answers it holds the question's words together, another passage of the same
  /// article holds them scattered. Only the words whose ends the user typed count (not those
  /// guessed in a run typed without spaces: there it measured −0.0009), with two or more of
  /// them; a query with fewer (typed without spaces) counts the share of its full-weight n-grams'
  /// idf instead, a Hangul bigram also found with a space inside. 0 turns it off. Default: 8
  /// (korquad1_wiki nDCG@10 +0.0023, p = 0.006, 63 wins / 40 losses; without spaces +0.0023,
  /// p = 0.0025; korquad1 +0.0007, n.s.; 4: +0.0009, 16: +0.0017; see README).
  double rerank_sentence_weight = 8.0;
  /// In the same second stage, a Hangul content word of three or more syllables that is not in
  /// the passage but whose syllables but the last are counts this much of a word found (the
  /// query's inflection often differs: `태어났는` / `태어났다`). 0 turns it off. Default: 0 —
  /// at 0.5: korquad1_wiki nDCG@10 +0.0010 (p = 0.16), without spaces −0.0001, korquad1 +0.0009
  /// (p = 0.045): not significant on the main set (see README).
  double rerank_prefix_credit = 0.0;
  /// In the same second stage, a hit whose article title (without a parenthesized qualifier:
  /// `수성 (행성)` → `수성`, two or more characters) occurs in the query, spaces ignored, gains
  /// this much: in an open collection the question names its article (`수성의 공전 주기는?`), and
  /// other articles' passages share its words. 0 turns it off. Default: 4 (kowiki_open, 451k
  /// passages: nDCG@10 +0.0038, p = 0.001, answer hit@1 +0.0071, p = 0.003; korquad1_wiki
  /// +0.0008, without spaces -0.0003, korquad1 +0.0007, n.s.; 8: +0.0052 on kowiki_open but -0.0016 without spaces
  /// on korquad1_wiki, n.s.; see docs/open-domain.md).
  double rerank_title_weight = 4.0;
  /// Queries typed without spaces: a Hangul run of at least `split_runs` syllables is split into
  /// guessed words after each particle (from a short list) that follows a stem of two or more
  /// syllables and precedes two or more (`김이수는고창에서태어났다` → `김이수` | `고창` |
  /// `태어났다`); each stem becomes a content word of the re-ranking, the bigrams over the particle
  /// weigh `particle_weight` and the one across the break `cross_weight`, as in a spaced query.
  /// 0 turns it off. Default: 6 (korquad1_wiki without spaces nDCG@10 +0.0056, p = 0.010; see README).
  std::uint32_t split_runs = 6;
  /// A Latin word that is no index term (`PLoSBiology`, `FAKELOVE`: words typed together) is
  /// replaced by the fewest pieces (at most 4, two or more letters each) that are all index
  /// terms, if any (`plos` `biology`). Costs one term lookup per Latin word of four or more
  /// letters. Default: false (nospace nDCG@10 +0.0011, 5 wins / 1 loss, p = 0.06: not
  /// significant; see README).
  bool split_words = false;
  /// Weak terms only add score: a passage must match at least one strong term to be returned.
  /// Weak are terms with a weight factor below 1 (particles, question words, bigrams across a
  /// space) and terms found in more than `common_fraction` of all passages (and in more than
  /// 1,000: a small index gains no speed and lost recall) — except the three
  /// rarest full-weight terms, which always stay strong (without that guard a query of common
  /// words lost 0.004 nDCG@10). Xapian then walks
  /// only the strong terms' posting lists and looks the weak ones up for those passages
  /// (OP_AND_MAYBE; over a sharded index the equivalent `(strong OR weak) FILTER strong`, since
  /// Xapian 1.4.22's AND_MAYBE over several databases drops passages). A query with no strong
  /// term that occurs in the index is a plain OR, and so
  /// is every query with the proximity boost on (a Xapian 1.4 weighting bug, see query_builder).
  /// Default: true and 0.01. On korquad1_wiki (52k passages) the 1,000-passage floor decides, so
  /// 0.02, 0.01 and 0.005 give the same results; on korquad1_wiki + 300k kowiki articles (552k
  /// passages) 0.01 ranks like 0.02 (nDCG@10 +0.0003, no-space -0.0002, n.s.) and cuts the k=100
  /// p99 on the kowiki index from 43 to 27 ms, while 0.005 lost recall (no-space R@100 -0.0039,
  /// p = 0.007). See README, "Speed".
  bool weak_terms_optional = true;
  double common_fraction = 0.01;
  /// The floor of that threshold, in passages: in a small index walking every posting list is
  /// cheap, and making terms optional there cost recall. Default: 1000.
  std::uint64_t common_min = 1000;
  /// At most this many strong terms, the rarest (the others become weak; terms in at most a
  /// tenth of common_min passages always stay strong): bounds the posting lists a long query
  /// walks. korquad1_wiki k=10 p99 6.3-6.7 -> 4.6-4.9 ms with the same rankings on all three
  /// query sets; 8 changed two no-space queries, 6 lost recall (p = 0.004). 0: no limit.
  /// Default: 10.
  std::uint32_t max_strong_terms = 10;
  /// Two passes: the strong terms alone pick their best `first_pass` passages (at least the
  /// hits asked for), and only those are scored with the whole query, so the weak terms'
  /// posting lists are skipped to them instead of to every strong match. The ranking is the
  /// whole query's among those passages. Not with filters that read the text (phrases,
  /// copies grouped), recency, date order or several databases. 0: one pass. Default: 300 (with
  /// first_pass_common 0.05: kowiki_open, 451k passages, k=100 CPU per query −22%, p99 39.3 →
  /// 25.1 ms, medians of three interleaved rounds; rankings within noise on kowiki_open and
  /// korquad1_wiki, spaced and not; docs/open-domain.md). A small index runs one pass.
  std::uint32_t first_pass = 300;
  /// With first_pass: the weak terms in at most this share of the passages (and at most as
  /// common as strong ones may be: bigrams across a space, mostly; cheap to look up) are scored
  /// in the first pass too; the second pass adds the others. 0: all weak terms wait for the
  /// second pass. Default: 0.05 (0 lost nDCG@10 −0.0078 at first_pass=300, p < 0.001).
  double first_pass_common = 0.05;
  /// Expand Hangul words with spelling variants found in the index vocabulary
  /// (저커버그 ↔ 주커버그). Default: false.
  bool spelling_variants = false;
  /// The re-ranking looks for a number with its counter or letters (`15대`, `g20`: the
  /// analyzer's compound terms) as one content word instead of the bare number. Default: true
  /// (korquad1_wiki nDCG@10 +0.0009, p = 0.009, 14 wins / 6 losses; without spaces +0.0006 and
  /// korquad1 +0.0005, n.s.; see README).
  bool rerank_compounds = true;
  /// The re-ranking looks for a Hangul content word without the verb ending a question gives it:
  /// a fused past tense and what follows (`선언했는` → `선언`, `바뀌었나` → `바뀌`), then an
  /// ending from a short list (`는가`, `하는`, `한`, `된`, `하` …), keeping two or more syllables
  /// (`취득하였는` → `취득`, `방영한` → `방영`; `관한`, `역할` stay). Passages say `취득했다`,
  /// `방영된`: the question's form is rarely found whole. Not for words guessed in a run typed
  /// without spaces. Default: true (korquad1_wiki nDCG@10 +0.0027, p = 0.001, 49 wins / 23
  /// losses; korquad1 +0.0014, p = 0.016; see README).
  bool rerank_stems = true;
  /// A two-syllable Hangul word ending in `은`, `는`, `를` or `에` (`것은`, `해는`, `외에`: a
  /// one-syllable noun and its particle) is no content word of the re-ranking. Default: true
  /// (korquad1_wiki nDCG@10 +0.0014, p = 0.02, 24 wins / 16 losses; without spaces +0.0004,
  /// korquad1 +0.0002, n.s.; see README).
  bool rerank_skip_particle_words = true;

  /// News filters (docs/news-search.md). Only passages of articles published in
  /// [since, until] (seconds since the epoch, inclusive; an article without a date is left out
  /// when either is set), by one of `publishers`, by one of `reporters` and in one of `sections`
  /// (names matched as the index keys them: NFKC, case folded, spaces removed). OR within one
  /// kind, AND across kinds; empty: no filter. The query operators `언론사:`/`publisher:`,
  /// `기자:`/`reporter:` and `섹션:`/`section:` add to these.
  std::optional<std::int64_t> since;
  std::optional<std::int64_t> until;
  std::vector<std::string> publishers;
  std::vector<std::string> reporters;
  std::vector<std::string> sections;
  /// Order of the hits: by relevance, or by publication date (newest or oldest first, ties by
  /// relevance; articles without a date last). A date order turns the re-ranking off.
  enum class Sort { relevance, newest, oldest };
  Sort sort = Sort::relevance;
  /// Blend relevance with recency: each passage gains recency_weight x 2^(-age / half-life),
  /// age in days since its article's publication (0 for a date in the future; an article without
  /// a date gains nothing). 0 days: off. Default: 0 and 8.
  double recency_half_life_days = 0;
  double recency_weight = 8.0;
  /// "Now" for the recency age, seconds since the epoch; unset: the clock at search time.
  std::optional<std::int64_t> now;
  /// Facets to count over all matching passages' articles: any of "publisher", "reporter",
  /// "section", "month" (SearchResults::facets, in this order). Default: none.
  std::vector<std::string> facets;
  /// Values kept per facet, the most frequent first. Default: 10.
  std::uint32_t facet_limit = 10;
  /// Near-duplicate articles (copies of one story, grouped at index time): true shows one article
  /// of each group (the best-ranked; its passages as usual), the others counted in
  /// Hit::duplicates; false shows them all. Default: true.
  bool group_duplicates = true;
};

/// Sets one SearchOptions field by name, for command lines and config files: `k`, `offset`,
/// `one_per_article`, `k1`, `b`, `proximity`, `variants`, `snippets`, `snippet_chars`, `text`,
/// `particle_weight`, `question_weight`, `cross_weight`, `rerank`, `rerank_depth`, `rerank_pairs`,
/// `rerank_sentence`, `rerank_prefix`, `rerank_title`, `rerank_compounds`, `rerank_stems`, `rerank_skip_particle_words`,
/// `split_runs`, `split_words`, `weak_optional`, `common_fraction`, `common_min`, `max_strong`,
/// `first_pass`, `first_pass_common`,
/// `syntax`, `correct`, `particle_forms`; news: `since`, `until` (YYYY-MM-DD or a date-time, KST without an offset; a bare
/// `until` date includes its whole day), `publisher`, `reporter`, `section` (each adds a name;
/// an empty value clears them), `sort` (relevance|newest|oldest), `recency` (half-life in days),
/// `recency_weight`, `now` (a date for the recency age), `facets` (comma-separated),
/// `facet_limit`, `duplicates` (group|show).
/// Throws
/// InvalidArgument for an unknown key (listing the valid ones) or a bad value.
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
  /// gives an empty list and `Suggestions::warning`.
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
