/* The kosearch C API: a C89-clean wrapper over the C++ library, for bindings and C programs.
 *
 * Conventions (those of leveldb's c.h, extended with error codes):
 * (1) Every object is an opaque pointer, created by a ks_*_create/open function and released
 *     with the matching ks_*_free/close function. Every free/close function accepts NULL.
 * (2) Every fallible call takes a trailing `ks_error_t** err`. On success *err is left
 *     unchanged. On failure the call returns NULL (or 0) and, if `err` is not NULL, stores a
 *     new malloc'd error in *err (an error already there is freed first). Read it with
 *     ks_error_code() / ks_error_message() and release it with ks_error_free(). Passing NULL
 *     for `err` discards the error.
 * (3) Strings are NUL-terminated UTF-8. Strings returned by accessors are owned by the object
 *     they come from and stay valid until it is freed.
 * (4) Booleans are ints: 0 is false, anything else is true.
 * (5) Nothing throws or aborts across this boundary: every C++ exception becomes an error.
 *     Handle pointers passed to a function (other than a free/close) must not be NULL; a NULL
 *     handle gives an error with code KS_INVALID_ARGUMENT (or 0/NULL from an accessor).
 *
 * Thread safety: the rules of the C++ classes. An analyzer may be used by several threads at
 * once; a searcher, an indexer and a results object may not (open one searcher per thread).
 * Errors and results are independent objects.
 */
#ifndef KOSEARCH_C_H_
#define KOSEARCH_C_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
/* Every entry point is noexcept: C++ callers may rely on it. */
#define KS_NOEXCEPT noexcept
#else
#define KS_NOEXCEPT
#endif

/* Error codes: the values of kosearch::ErrorCode. Never renumbered. */
#define KS_OK 0
#define KS_INVALID_ARGUMENT 1       /* a bad option or parameter (a caller bug) */
#define KS_INVALID_INPUT 2          /* a data problem in input files */
#define KS_IO 3                     /* a file could not be read or written */
#define KS_INDEX_NOT_FOUND 4        /* no index at the given path */
#define KS_INDEX_LOCKED 5           /* another writer holds the index */
#define KS_INDEX_CORRUPT 6          /* damaged, or not a kosearch index */
#define KS_INDEX_VERSION_MISMATCH 7 /* built with another analyzer or schema */
#define KS_QUERY_SYNTAX 8           /* a query that cannot be run (e.g. too long) */
#define KS_INTERNAL 9               /* a bug in kosearch or a dependency, or out of memory */

typedef struct ks_error_t ks_error_t;
typedef struct ks_analyzer_t ks_analyzer_t;
typedef struct ks_tokens_t ks_tokens_t;
typedef struct ks_indexer_t ks_indexer_t;
typedef struct ks_searcher_t ks_searcher_t;
typedef struct ks_results_t ks_results_t;
typedef struct ks_suggestions_t ks_suggestions_t;

/* Library version, e.g. "0.1.0". Static storage. */
const char* ks_version(void) KS_NOEXCEPT;

/* ---- errors ---- */

/* The error's code (KS_*); KS_OK for NULL. */
int ks_error_code(const ks_error_t* err) KS_NOEXCEPT;
/* The complete message for a user; "" for NULL. Owned by `err`. */
const char* ks_error_message(const ks_error_t* err) KS_NOEXCEPT;
/* Human-readable name of a code ("index locked", ...). Static storage. */
const char* ks_error_code_name(int code) KS_NOEXCEPT;
void ks_error_free(ks_error_t* err) KS_NOEXCEPT;

/* ---- analyzer ---- */

/* The analyzer registered under `name` ("ko-bigram", "ko-bigram-lead"); NULL or "" gives the
 * default "ko-bigram". Unknown names fail with KS_INVALID_ARGUMENT. */
ks_analyzer_t* ks_analyzer_create(const char* name, ks_error_t** err) KS_NOEXCEPT;
void ks_analyzer_free(ks_analyzer_t* analyzer) KS_NOEXCEPT;

/* Tokens of `text` (`len` bytes; it need not be NUL-terminated, and invalid UTF-8 is
 * accepted). Free the result with ks_tokens_free. */
ks_tokens_t* ks_analyzer_analyze(const ks_analyzer_t* analyzer, const char* text, size_t len,
                                 ks_error_t** err) KS_NOEXCEPT;

/* Accessors: `i` < ks_tokens_count(); out-of-range gives NULL / 0. `begin`/`end` are byte
 * offsets into the analyzed text; `kind` is "bigram", "unigram", "word", "number", "cjk", "cross" or "compound". */
size_t ks_tokens_count(const ks_tokens_t* tokens) KS_NOEXCEPT;
const char* ks_tokens_term(const ks_tokens_t* tokens, size_t i) KS_NOEXCEPT;
size_t ks_tokens_position(const ks_tokens_t* tokens, size_t i) KS_NOEXCEPT;
size_t ks_tokens_begin(const ks_tokens_t* tokens, size_t i) KS_NOEXCEPT;
size_t ks_tokens_end(const ks_tokens_t* tokens, size_t i) KS_NOEXCEPT;
const char* ks_tokens_kind(const ks_tokens_t* tokens, size_t i) KS_NOEXCEPT;
void ks_tokens_free(ks_tokens_t* tokens) KS_NOEXCEPT;

/* ---- indexer (the single writer of an index) ---- */

/* Creates the index directory if needed (analyzer "ko-bigram", default passages), or opens an
 * existing index for writing with the settings it was built with. Fails with KS_INDEX_LOCKED
 * while another writer, in this or another process, holds the index. */
ks_indexer_t* ks_indexer_open(const char* index_dir, ks_error_t** err) KS_NOEXCEPT;

/* ks_indexer_open with indexer options, as `KEY=VALUE` items separated by spaces (NULL or "":
 * none): "analyzer=ko-bigram-nox append_only=1 shards=4". Keys: analyzer, passage_chars,
 * passage_max, overlap, positions, append_only, suggest, shards, threads, commit_every, flush_every,
 * part_passages, encoding, rebuild, strict, prune (apply_indexer_option in
 * <kosearch/indexer/indexer.hpp>). An existing index keeps the analyzer and passage settings it
 * was built with unless they are named; naming different ones fails with
 * KS_INDEX_VERSION_MISMATCH. An unknown key or bad value fails with KS_INVALID_ARGUMENT. */
ks_indexer_t* ks_indexer_open_options(const char* index_dir, const char* options,
                                      ks_error_t** err) KS_NOEXCEPT;

/* Adds or replaces (by `id`) one article. `title` may be NULL or "". Returns 1 on success,
 * 0 on failure (an empty id fails with KS_INVALID_INPUT). */
int ks_indexer_add(ks_indexer_t* indexer, const char* id, const char* title, const char* text,
                   ks_error_t** err) KS_NOEXCEPT;

/* Indexes a file or folder (a folder of .txt articles, a .jsonl[.zst] file, a BEIR folder).
 * Returns the number of articles written (added or updated; files unchanged since they were last
 * indexed are skipped, so a repeated call may return 0); 0 with *err set on failure. Malformed
 * records are skipped, not errors (as `kosearch index` does). */
size_t ks_indexer_add_path(ks_indexer_t* indexer, const char* path, ks_error_t** err) KS_NOEXCEPT;

/* Deletes article `id` (all its passages). Returns how many passages it had: 0 when the index
 * does not hold it, or on failure with *err set (KS_INVALID_ARGUMENT on an append-only index,
 * which cannot delete). Takes effect with ks_indexer_commit. Indexing the article's source file
 * again reads it again (and adds the article back if the file still holds it). */
size_t ks_indexer_remove(ks_indexer_t* indexer, const char* id, ks_error_t** err) KS_NOEXCEPT;

/* Makes everything added so far durable and visible to searchers. Returns 1 on success. */
int ks_indexer_commit(ks_indexer_t* indexer, ks_error_t** err) KS_NOEXCEPT;

/* Releases the writer and its lock. Work not committed is discarded. */
void ks_indexer_close(ks_indexer_t* indexer) KS_NOEXCEPT;

/* ---- searcher (one per thread) ---- */

/* Opens the index at `index_dir`: an index directory, or a sharded index (a directory holding a
 * Xapian stub file XAPIANDB, or the stub file itself; shards may be remote xapian-tcpsrv
 * servers). Fails with KS_INDEX_NOT_FOUND, KS_INDEX_CORRUPT or KS_INDEX_VERSION_MISMATCH; a
 * shard that is down fails with KS_INDEX_NOT_FOUND or KS_IO naming it. */
ks_searcher_t* ks_searcher_open(const char* index_dir, ks_error_t** err) KS_NOEXCEPT;

/* Flags of ks_searcher_open_flags. */
#define KS_ALLOW_MISSING_SHARDS 1u /* leave out shards that are down, search the others */

/* ks_searcher_open with flags (KS_ALLOW_MISSING_SHARDS). */
ks_searcher_t* ks_searcher_open_flags(const char* index_dir, unsigned flags,
                                      ks_error_t** err) KS_NOEXCEPT;
void ks_searcher_close(ks_searcher_t* searcher) KS_NOEXCEPT;

/* Moves to the latest commit. Returns 1 if the index changed, 0 if not or on failure. */
int ks_searcher_reopen(ks_searcher_t* searcher, ks_error_t** err) KS_NOEXCEPT;

/* Ranks passages for `query` and returns the best `k` (at most one per article when
 * `one_per_article`; k = 0 returns none, only the count ks_results_total), with snippets
 * marked by <b>..</b> and HTML-escaped. The query may hold
 * operators: "a phrase" every hit holds, -word and -"a phrase" no hit holds (option `syntax`
 * "0" reads them as text). A query over the documented limits fails with KS_QUERY_SYNTAX. Free
 * the result with ks_results_free. */
ks_results_t* ks_searcher_search(ks_searcher_t* searcher, const char* query, size_t k,
                                 int one_per_article, ks_error_t** err) KS_NOEXCEPT;

/* Sets one search option of this searcher for its later searches, by name, as `kosearch search
 * --set KEY=VALUE` does: `offset` (paging), `snippets`, `snippet_chars`, `variants`, `k1`, `b`,
 * `rerank`, `rerank_sentence` … (the list: docs/searching.md). `k` and `one_per_article` are
 * ks_searcher_search's arguments. Returns KS_OK, or KS_INVALID_ARGUMENT for an unknown key (the
 * message lists the valid ones), a removed one (`proximity`, `rerank_prefix`, `split_words`:
 * the message says so) or a bad value, which leaves the options as they were. */
int ks_searcher_set_option(ks_searcher_t* searcher, const char* key, const char* value,
                           ks_error_t** err) KS_NOEXCEPT;

/* ---- results ---- */

/* Number of hits returned (<= k). */
size_t ks_results_count(const ks_results_t* results) KS_NOEXCEPT;
/* Number of matching passages (saturates at SIZE_MAX): exact when ks_results_total_exact() is
 * 1, else an estimate. */
size_t ks_results_total(const ks_results_t* results) KS_NOEXCEPT;
int ks_results_total_exact(const ks_results_t* results) KS_NOEXCEPT;

/* Per-hit accessors: `i` < ks_results_count() (hits are in rank order, rank = i + 1);
 * out-of-range gives NULL / 0. `text` is the whole passage; `snippet` a marked-up window. */
const char* ks_results_doc_id(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_passage_id(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_title(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_text(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_snippet(const ks_results_t* results, size_t i) KS_NOEXCEPT;
double ks_results_score(const ks_results_t* results, size_t i) KS_NOEXCEPT;
/* News fields of hit `i` (docs/news.md), owned by `results`: the JSON object {"published",
 * "updated", "publisher", "reporters", "section", "url"} with null or [] when unknown; the
 * publication date as ISO 8601 with its offset ("2025-06-13T10:41:00+09:00") or NULL; the
 * publisher or NULL. */
const char* ks_results_fields_json(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_published(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_publisher(const ks_results_t* results, size_t i) KS_NOEXCEPT;

/* How hit `i`'s score is made: Xapian's BM25 score plus the re-ranking's bonuses (zero for hits
 * the re-ranking did not read); ks_results_score is the sum of the six. An unknown `part`
 * gives 0. */
#define KS_SCORE_BM25 0     /* BM25 over the passage's n-grams */
#define KS_SCORE_WORDS 1    /* the query's content words found whole */
#define KS_SCORE_SENTENCE 2 /* the largest share of them one sentence holds */
#define KS_SCORE_PAIRS 3    /* consecutive content words found close together */
#define KS_SCORE_TITLE 4    /* the query names the hit's article title (rerank_title) */
#define KS_SCORE_LENGTH 5   /* the passage is long enough not to be a stub (rerank_length) */
double ks_results_score_part(const ks_results_t* results, size_t i, int part) KS_NOEXCEPT;

/* Matched spans of hit `i` as [begin, end) byte offsets into its text, in order. */
size_t ks_results_highlight_count(const ks_results_t* results, size_t i) KS_NOEXCEPT;
size_t ks_results_highlight_begin(const ks_results_t* results, size_t i, size_t h) KS_NOEXCEPT;
size_t ks_results_highlight_end(const ks_results_t* results, size_t i, size_t h) KS_NOEXCEPT;

/* News (docs/news-search.md). Filters, order and facets are search options set with
 * ks_searcher_set_option: `since`, `until` (YYYY-MM-DD or a date-time, KST without an offset),
 * `publisher`, `reporter`, `section` (each call adds a name, OR within a kind; "" clears),
 * `sort` (relevance|newest|oldest), `recency` (half-life in days), `facets`
 * ("publisher,reporter,section,month"), `duplicates` (group|show). */

/* How many other articles are grouped with hit `i` as copies of one story, and their ids
 * (`j` < min(that, 100); NULL past the end). */
size_t ks_results_duplicates(const ks_results_t* results, size_t i) KS_NOEXCEPT;
const char* ks_results_duplicate_id(const ks_results_t* results, size_t i, size_t j) KS_NOEXCEPT;

/* Facet `facet` ("publisher", "reporter", "section", "month"; asked with the option `facets`):
 * how many values it has, and value `j`'s text and count of matching articles, the most
 * frequent first. A facet not asked for has 0 values. */
size_t ks_results_facet_size(const ks_results_t* results, const char* facet) KS_NOEXCEPT;
const char* ks_results_facet_value(const ks_results_t* results, const char* facet, size_t j) KS_NOEXCEPT;
size_t ks_results_facet_count(const ks_results_t* results, const char* facet, size_t j) KS_NOEXCEPT;

void ks_results_free(ks_results_t* results) KS_NOEXCEPT;

/* ---- evaluation (trec_eval-exact, as `kosearch eval`) ---- */

typedef struct ks_eval_t ks_eval_t;

/* Evaluates `run` (the text of a TREC run: `qid Q0 docid rank score tag` lines; only the score
 * orders a topic's documents) against `qrels` (the text of TREC `qid iter docid grade` lines or a
 * BEIR TSV). `measures`: trec_eval names separated by spaces ("ndcg_cut_10 P.5,10 map
 * recip_rank@10"); NULL or "" gives kosearch eval's default set. `relevance_level` is
 * trec_eval -l (1 as usual); `complete` != 0 is trec_eval -c. Errors name "run:LINE" or
 * "qrels:LINE" (KS_INVALID_INPUT), or the bad measure (KS_INVALID_ARGUMENT). Pure: safe from
 * several threads. Free the result with ks_eval_free. */
ks_eval_t* ks_evaluate(const char* run, const char* qrels, const char* measures,
                       int relevance_level, int complete, ks_error_t** err) KS_NOEXCEPT;

/* The measures computed, in trec_eval order (`m` < ks_eval_measure_count()), and each one's
 * value over all topics (a sum for num_q/num_ret/num_rel/num_rel_ret, else the mean). */
size_t ks_eval_measure_count(const ks_eval_t* eval) KS_NOEXCEPT;
const char* ks_eval_measure_name(const ks_eval_t* eval, size_t m) KS_NOEXCEPT;
double ks_eval_aggregate(const ks_eval_t* eval, size_t m) KS_NOEXCEPT;
/* The evaluated topics in byte order (`t` < ks_eval_topic_count()), and per-topic values. */
size_t ks_eval_topic_count(const ks_eval_t* eval) KS_NOEXCEPT;
const char* ks_eval_topic(const ks_eval_t* eval, size_t t) KS_NOEXCEPT;
double ks_eval_value(const ks_eval_t* eval, size_t t, size_t m) KS_NOEXCEPT;
void ks_eval_free(ks_eval_t* eval) KS_NOEXCEPT;

/* ---- suggestions ---- */

/* Up to `k` (<= 1000) completions of `prefix` as typed (a syllable being composed: 스케이;
 * initial consonants: ㅅㅋㅇ; the English layout: tmzpdl; Latin: scal), best first: words and
 * short phrases of the index by the number of articles holding them. Any bytes give a list,
 * possibly empty; an index built before suggestions existed gives none and a warning. Free the
 * result with ks_suggestions_free. */
ks_suggestions_t* ks_searcher_suggest(ks_searcher_t* searcher, const char* prefix, size_t k,
                                      ks_error_t** err) KS_NOEXCEPT;
size_t ks_suggestions_count(const ks_suggestions_t* suggestions) KS_NOEXCEPT;
/* Completion `i` (normalized: case folded) and the number of articles holding it; out of range
 * gives NULL / 0. */
const char* ks_suggestions_text(const ks_suggestions_t* suggestions, size_t i) KS_NOEXCEPT;
size_t ks_suggestions_articles(const ks_suggestions_t* suggestions, size_t i) KS_NOEXCEPT;
/* Why the list is empty when the prefix is not why ("rebuild it ..."); "" otherwise. */
const char* ks_suggestions_warning(const ks_suggestions_t* suggestions) KS_NOEXCEPT;
void ks_suggestions_free(ks_suggestions_t* suggestions) KS_NOEXCEPT;

#undef KS_NOEXCEPT

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* KOSEARCH_C_H_ */
