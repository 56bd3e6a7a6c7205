/* The C API, exercised from C: build an index, search it, and check the error paths. */
#define _XOPEN_SOURCE 700

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kosearch/c.h"

static int failures = 0;
static int checks = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++checks;                                                                  \
    if (!(cond)) {                                                             \
      ++failures;                                                              \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                          \
  } while (0)

/* Checks that `err` holds `code`, prints it, and frees it. */
static void expect_error(ks_error_t** err, int code, int line) {
  ++checks;
  if (*err == NULL || ks_error_code(*err) != code) {
    ++failures;
    fprintf(stderr, "%s:%d: expected error %d (%s), got %d: %s\n", __FILE__, line, code,
            ks_error_code_name(code), ks_error_code(*err), ks_error_message(*err));
  } else if (ks_error_message(*err)[0] == '\0') {
    ++failures;
    fprintf(stderr, "%s:%d: error %d has an empty message\n", __FILE__, line, code);
  }
  ks_error_free(*err);
  *err = NULL;
}
#define EXPECT_ERROR(err, code) expect_error(&(err), (code), __LINE__)

static int remove_entry(const char* path, const struct stat* sb, int flag, struct FTW* ftw) {
  (void)sb;
  (void)flag;
  (void)ftw;
  return remove(path);
}

static void write_file(const char* path, const char* content) {
  FILE* f = fopen(path, "wb");
  if (f == NULL) {
    perror(path);
    exit(1);
  }
  fputs(content, f);
  fclose(f);
}

static void test_analyzer(void) {
  ks_error_t* err = NULL;
  ks_analyzer_t* a = ks_analyzer_create("ko-bigram", &err);
  const char* text = "\xEC\x8A\xA4\xEC\xBC\x80\xEC\x9D\xBC AI"; /* "스케일 AI" */
  ks_tokens_t* t;
  CHECK(a != NULL && err == NULL);
  t = ks_analyzer_analyze(a, text, strlen(text), &err);
  CHECK(t != NULL && err == NULL);
  CHECK(ks_tokens_count(t) == 3); /* 스케, 케일, ai */
  CHECK(strcmp(ks_tokens_term(t, 0), "\xEC\x8A\xA4\xEC\xBC\x80") == 0);
  CHECK(ks_tokens_begin(t, 0) == 0 && ks_tokens_end(t, 0) == 6);
  CHECK(strcmp(ks_tokens_kind(t, 0), "bigram") == 0);
  CHECK(strcmp(ks_tokens_term(t, 2), "ai") == 0);
  CHECK(ks_tokens_begin(t, 2) == 10 && ks_tokens_end(t, 2) == 12);
  CHECK(strcmp(ks_tokens_kind(t, 2), "word") == 0);
  CHECK(ks_tokens_term(t, 3) == NULL && ks_tokens_end(t, 99) == 0);
  ks_tokens_free(t);

  t = ks_analyzer_analyze(a, "", 0, &err);
  CHECK(t != NULL && ks_tokens_count(t) == 0);
  ks_tokens_free(t);
  ks_analyzer_free(a);

  CHECK(ks_analyzer_create("no-such-analyzer", &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  a = ks_analyzer_create(NULL, &err); /* the default */
  CHECK(a != NULL && err == NULL);
  ks_analyzer_free(a);
  CHECK(ks_analyzer_analyze(NULL, "x", 1, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
}

static void test_index_and_search(const char* dir) {
  char idx[4096];
  char missing[4096];
  char articles[4096];
  char path[8192];
  ks_error_t* err = NULL;
  ks_indexer_t* w;
  ks_indexer_t* w2;
  ks_searcher_t* s;
  ks_results_t* r;
  char* long_query;
  size_t i;

  sprintf(idx, "%s/idx", dir);
  sprintf(missing, "%s/missing", dir);
  sprintf(articles, "%s/articles", dir);

  w = ks_indexer_open(idx, &err);
  CHECK(w != NULL && err == NULL);
  if (w == NULL) {
    fprintf(stderr, "cannot open the indexer: %s\n", ks_error_message(err));
    ks_error_free(err);
    return;
  }
  /* The write lock: a second writer in the same process fails. */
  w2 = ks_indexer_open(idx, &err);
  CHECK(w2 == NULL);
  EXPECT_ERROR(err, KS_INDEX_LOCKED);

  /* "메타가 스케일AI 지분 49%를 인수했다." / "삼성전자가 HBM 공급을 늘렸다." */
  CHECK(ks_indexer_add(w, "meta", "Meta",
                       "\xEB\xA9\x94\xED\x83\x80\xEA\xB0\x80 \xEC\x8A\xA4\xEC\xBC\x80\xEC\x9D\xBC"
                       "AI \xEC\xA7\x80\xEB\xB6\x84 49%\xEB\xA5\xBC \xEC\x9D\xB8\xEC\x88\x98"
                       "\xED\x96\x88\xEB\x8B\xA4.",
                       &err) == 1);
  CHECK(ks_indexer_add(w, "samsung", NULL,
                       "\xEC\x82\xBC\xEC\x84\xB1\xEC\xA0\x84\xEC\x9E\x90\xEA\xB0\x80 HBM "
                       "\xEA\xB3\xB5\xEA\xB8\x89\xEC\x9D\x84 \xEB\x8A\x98\xEB\xA0\xB8\xEB\x8B\xA4.",
                       &err) == 1);
  CHECK(err == NULL);
  CHECK(ks_indexer_add(w, "", "empty id", "text", &err) == 0);
  EXPECT_ERROR(err, KS_INVALID_INPUT);

  /* add_path: a folder of .txt articles. */
  sprintf(path, "%s/nvidia.txt", articles);
  if (mkdir(articles, 0700) != 0) perror(articles);
  write_file(path, "Nvidia Blackwell\n\nNvidia shipped Blackwell GPUs to Meta and Samsung.\n");
  CHECK(ks_indexer_add_path(w, articles, &err) == 1);
  CHECK(err == NULL);
  /* remove: the passages an article had; 0 (and no error) for an id the index does not hold. */
  CHECK(ks_indexer_add(w, "gone", "Gone", "Xylophone quartet tour.", &err) == 1);
  CHECK(ks_indexer_remove(w, "gone", &err) == 1 && err == NULL);
  CHECK(ks_indexer_remove(w, "gone", &err) == 0 && err == NULL);
  CHECK(ks_indexer_remove(w, NULL, &err) == 0);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_indexer_remove(w, "", &err) == 0);
  EXPECT_ERROR(err, KS_INVALID_INPUT);
  CHECK(ks_indexer_commit(w, &err) == 1 && err == NULL);
  ks_indexer_close(w);

  /* The lock is released by close. */
  w2 = ks_indexer_open(idx, &err);
  CHECK(w2 != NULL && err == NULL);
  ks_indexer_close(w2);

  /* Options: an existing index keeps its settings unless they are named; bad options fail. */
  w2 = ks_indexer_open_options(idx, "  threads=1\tflush_every=10 ", &err);
  CHECK(w2 != NULL && err == NULL);
  ks_indexer_close(w2);
  CHECK(ks_indexer_open_options(idx, "analyzer=ko-bigram-nox", &err) == NULL);
  EXPECT_ERROR(err, KS_INDEX_VERSION_MISMATCH);
  CHECK(ks_indexer_open_options(idx, "bogus=1", &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_indexer_open_options(idx, "threads", &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_indexer_open_options(idx, "threads=-1", &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  {
    /* A new append-only index with another analyzer; a second writer session keeps both. */
    char lean[4096];
    sprintf(lean, "%s/lean", dir);
    w2 = ks_indexer_open_options(lean, "analyzer=ko-bigram-nox append_only=1", &err);
    CHECK(w2 != NULL && err == NULL);
    CHECK(ks_indexer_add(w2, "a", "A", "Meta Scale", &err) == 1);
    CHECK(ks_indexer_commit(w2, &err) == 1);
    ks_indexer_close(w2);
    w2 = ks_indexer_open(lean, &err);
    CHECK(w2 != NULL && err == NULL);
    CHECK(ks_indexer_remove(w2, "a", &err) == 0);
    EXPECT_ERROR(err, KS_INVALID_ARGUMENT); /* append-only: cannot delete */
    ks_indexer_close(w2);
  }

  CHECK(ks_searcher_open(missing, &err) == NULL);
  EXPECT_ERROR(err, KS_INDEX_NOT_FOUND);

  s = ks_searcher_open(idx, &err);
  CHECK(s != NULL && err == NULL);
  if (s == NULL) return;

  /* Suggestions: "ㅅㅋㅇ" (initial consonants) and "tmzpdl" (the English layout) → "스케일". */
  {
    ks_suggestions_t* g = ks_searcher_suggest(s, "\xE3\x85\x85\xE3\x85\x8B\xE3\x85\x87", 5, &err);
    CHECK(g != NULL && err == NULL);
    CHECK(ks_suggestions_count(g) >= 1);
    CHECK(ks_suggestions_text(g, 0) != NULL &&
          strcmp(ks_suggestions_text(g, 0), "\xEC\x8A\xA4\xEC\xBC\x80\xEC\x9D\xBC") == 0);
    CHECK(ks_suggestions_articles(g, 0) == 1);
    CHECK(ks_suggestions_text(g, 99) == NULL && ks_suggestions_articles(g, 99) == 0);
    CHECK(strcmp(ks_suggestions_warning(g), "") == 0);
    ks_suggestions_free(g);
    g = ks_searcher_suggest(s, "tmzpdl", 5, &err);
    CHECK(g != NULL && ks_suggestions_count(g) >= 1);
    ks_suggestions_free(g);
    g = ks_searcher_suggest(s, "\xFF\xFE", 5, &err); /* invalid UTF-8: an empty list */
    CHECK(g != NULL && err == NULL && ks_suggestions_count(g) == 0);
    ks_suggestions_free(g);
    CHECK(ks_searcher_suggest(s, NULL, 5, &err) == NULL);
    EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  }

  /* "스케일AI 지분" */
  r = ks_searcher_search(s,
                         "\xEC\x8A\xA4\xEC\xBC\x80\xEC\x9D\xBC"
                         "AI \xEC\xA7\x80\xEB\xB6\x84",
                         10, 0, &err);
  CHECK(r != NULL && err == NULL);
  CHECK(ks_results_count(r) == 1);
  CHECK(ks_results_total(r) >= 1);
  CHECK(ks_results_total_exact(r) == 1); /* a tiny index: every match seen */
  CHECK(ks_results_total_exact(NULL) == 0);
  CHECK(strcmp(ks_results_doc_id(r, 0), "meta") == 0);
  CHECK(strcmp(ks_results_passage_id(r, 0), "meta#0") == 0);
  CHECK(strcmp(ks_results_title(r, 0), "Meta") == 0);
  CHECK(ks_results_score(r, 0) > 0.0);
  {
    /* The parts add up to the score; both words are found whole in the passage. */
    double sum = ks_results_score_part(r, 0, KS_SCORE_BM25) + ks_results_score_part(r, 0, KS_SCORE_WORDS) +
                 ks_results_score_part(r, 0, KS_SCORE_SENTENCE) + ks_results_score_part(r, 0, KS_SCORE_PAIRS) +
                 ks_results_score_part(r, 0, KS_SCORE_TITLE) + ks_results_score_part(r, 0, KS_SCORE_LENGTH);
    double diff = sum - ks_results_score(r, 0);
    CHECK(diff < 1e-9 && diff > -1e-9);
    CHECK(ks_results_score_part(r, 0, KS_SCORE_BM25) > 0.0);
    CHECK(ks_results_score_part(r, 0, KS_SCORE_WORDS) > 0.0);
    CHECK(ks_results_score_part(r, 0, 99) == 0.0 && ks_results_score_part(r, 7, KS_SCORE_BM25) == 0.0);
  }
  CHECK(strstr(ks_results_snippet(r, 0), "<b>") != NULL);
  CHECK(ks_results_highlight_count(r, 0) >= 2);
  for (i = 0; i < ks_results_highlight_count(r, 0); ++i) {
    size_t b = ks_results_highlight_begin(r, 0, i);
    size_t e = ks_results_highlight_end(r, 0, i);
    CHECK(b < e && e <= strlen(ks_results_text(r, 0)));
  }
  /* The first highlight is 스케일 (bytes 10..19 of the text). */
  CHECK(ks_results_highlight_begin(r, 0, 0) == 10);
  CHECK(ks_results_doc_id(r, 1) == NULL && ks_results_score(r, 5) == 0.0);
  CHECK(ks_results_highlight_end(r, 0, 99) == 0);
  ks_results_free(r);

  r = ks_searcher_search(s, "HBM Blackwell", 10, 1, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 2);
  if (r != NULL && ks_results_count(r) == 2) {
    size_t sam = strcmp(ks_results_doc_id(r, 0), "samsung") == 0 ? 0 : 1;
    CHECK(strcmp(ks_results_doc_id(r, sam), "samsung") == 0);
    CHECK(strcmp(ks_results_doc_id(r, 1 - sam), "nvidia") == 0);
    CHECK(strcmp(ks_results_title(r, sam), "") == 0);
  }
  ks_results_free(r);

  r = ks_searcher_search(s, "Xylophone", 10, 0, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 0);
  ks_results_free(r);

  r = ks_searcher_search(s, "", 10, 0, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 0);
  ks_results_free(r);

  /* Search options by name: paging with `offset` skips the first hit; a bad key or value is an
   * error that leaves the options unchanged. */
  {
    char second[512] = "";
    r = ks_searcher_search(s, "HBM Blackwell", 10, 0, &err);
    CHECK(r != NULL && err == NULL && ks_results_count(r) == 2);
    if (r != NULL && ks_results_count(r) == 2) snprintf(second, sizeof second, "%s", ks_results_passage_id(r, 1));
    ks_results_free(r);
    CHECK(ks_searcher_set_option(s, "offset", "1", &err) == KS_OK && err == NULL);
    r = ks_searcher_search(s, "HBM Blackwell", 10, 0, &err);
    CHECK(r != NULL && err == NULL && ks_results_count(r) == 1);
    if (r != NULL && ks_results_count(r) == 1) CHECK(strcmp(ks_results_passage_id(r, 0), second) == 0);
    ks_results_free(r);
  }
  CHECK(ks_searcher_set_option(s, "no_such_option", "1", &err) == KS_INVALID_ARGUMENT);
  CHECK(err != NULL && strstr(ks_error_message(err), "offset") != NULL); /* lists the valid keys */
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  /* An option of a lost experiment is refused as removed, not as unknown. */
  CHECK(ks_searcher_set_option(s, "proximity", "1", &err) == KS_INVALID_ARGUMENT);
  CHECK(err != NULL && strstr(ks_error_message(err), "'proximity' was removed") != NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_searcher_set_option(s, "offset", "minus one", &err) == KS_INVALID_ARGUMENT);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_searcher_set_option(NULL, "offset", "0", &err) == KS_INVALID_ARGUMENT);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  r = ks_searcher_search(s, "HBM Blackwell", 10, 0, &err); /* still offset 1 */
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 1);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "offset", "0", &err) == KS_OK);

  /* Operators: an excluded word leaves out its passage, a phrase keeps only its holders; with
   * `syntax` off both are plain text. */
  r = ks_searcher_search(s, "HBM Blackwell -nvidia", 10, 0, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 1);
  if (r != NULL && ks_results_count(r) == 1) CHECK(strcmp(ks_results_doc_id(r, 0), "samsung") == 0);
  ks_results_free(r);
  r = ks_searcher_search(s, "HBM \"shipped Blackwell\"", 10, 0, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 1);
  if (r != NULL && ks_results_count(r) == 1) CHECK(strcmp(ks_results_doc_id(r, 0), "nvidia") == 0);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "syntax", "0", &err) == KS_OK);
  r = ks_searcher_search(s, "HBM Blackwell -nvidia", 10, 0, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 2);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "syntax", "1", &err) == KS_OK);

  /* An over-long query: 100 KB. */
  long_query = (char*)malloc(100 * 1024 + 1);
  memset(long_query, 'a', 100 * 1024);
  long_query[100 * 1024] = '\0';
  CHECK(ks_searcher_search(s, long_query, 10, 0, &err) == NULL);
  EXPECT_ERROR(err, KS_QUERY_SYNTAX);
  /* A NULL err discards the error. */
  CHECK(ks_searcher_search(s, long_query, 10, 0, NULL) == NULL);
  free(long_query);

  CHECK(ks_searcher_search(s, NULL, 10, 0, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_searcher_search(NULL, "x", 10, 0, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_searcher_reopen(s, &err) == 0 && err == NULL);
  ks_searcher_close(s);

  /* A stub listing the index and a shard that does not exist: an error naming the missing
   * shard, unless KS_ALLOW_MISSING_SHARDS. */
  sprintf(path, "%s/cluster.stub", dir);
  write_file(path, "auto idx\nauto no-such-shard\n");
  CHECK(ks_searcher_open(path, &err) == NULL);
  CHECK(err != NULL && strstr(ks_error_message(err), "no-such-shard") != NULL);
  EXPECT_ERROR(err, KS_INDEX_NOT_FOUND);
  CHECK(ks_searcher_open_flags(path, 2u, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  s = ks_searcher_open_flags(path, KS_ALLOW_MISSING_SHARDS, &err);
  CHECK(s != NULL && err == NULL);
  if (s == NULL) return;
  r = ks_searcher_search(s, "HBM Blackwell", 10, 1, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 2);
  ks_results_free(r);
  ks_searcher_close(s);
}

/* News fields: a page with a dateline, a wire byline and a copyright line. */
static void test_news_fields(const char* dir) {
  char idx[4096];
  char pages[4096];
  char path[8192];
  ks_error_t* err = NULL;
  ks_indexer_t* w;
  ks_searcher_t* s;
  ks_results_t* r;

  sprintf(idx, "%s/news-idx", dir);
  sprintf(pages, "%s/news", dir);
  if (mkdir(pages, 0700) != 0) perror(pages);
  sprintf(path, "%s/wire.txt", pages);
  write_file(path,
             "반도체 수출 석 달 연속 늘어\n\n송고2024-11-21 09:02\n\n"
             "(서울=연합뉴스) 홍길동 기자 = 반도체 수출이 석 달 연속 증가세를 이어갔다.\n\n"
             "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>\n");
  w = ks_indexer_open(idx, &err);
  CHECK(w != NULL && err == NULL);
  if (w == NULL) {
    ks_error_free(err);
    return;
  }
  CHECK(ks_indexer_add_path(w, pages, &err) == 1 && err == NULL);
  CHECK(ks_indexer_add(w, "plain", NULL, "반도체 이야기가 나오는 평범한 글이다.", &err) == 1);
  CHECK(ks_indexer_commit(w, &err) == 1 && err == NULL);
  ks_indexer_close(w);

  s = ks_searcher_open(idx, &err);
  CHECK(s != NULL && err == NULL);
  if (s == NULL) {
    ks_error_free(err);
    return;
  }
  r = ks_searcher_search(s, "반도체 수출", 10, 1, &err);
  CHECK(r != NULL && err == NULL && ks_results_count(r) == 2);
  if (r != NULL && ks_results_count(r) == 2) {
    size_t wire = strcmp(ks_results_doc_id(r, 0), "wire") == 0 ? 0 : 1;
    CHECK(strcmp(ks_results_published(r, wire), "2024-11-21T09:02:00+09:00") == 0);
    CHECK(strcmp(ks_results_publisher(r, wire), "연합뉴스") == 0);
    CHECK(strstr(ks_results_fields_json(r, wire), "\"reporters\":[\"홍길동\"]") != NULL);
    CHECK(ks_results_published(r, 1 - wire) == NULL && ks_results_publisher(r, 1 - wire) == NULL);
    CHECK(strstr(ks_results_fields_json(r, 1 - wire), "\"published\":null") != NULL);
    CHECK(ks_results_fields_json(r, 7) == NULL && ks_results_published(NULL, 0) == NULL);
  }
  ks_results_free(r);
  ks_searcher_close(s);
}

static void test_null_safety(void) {
  ks_error_t* err = NULL;
  ks_error_free(NULL);
  ks_analyzer_free(NULL);
  ks_tokens_free(NULL);
  ks_indexer_close(NULL);
  ks_searcher_close(NULL);
  ks_results_free(NULL);
  ks_suggestions_free(NULL);
  CHECK(ks_suggestions_count(NULL) == 0 && ks_suggestions_text(NULL, 0) == NULL);
  CHECK(strcmp(ks_suggestions_warning(NULL), "") == 0);
  CHECK(ks_searcher_suggest(NULL, "a", 5, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_error_code(NULL) == KS_OK);
  CHECK(strcmp(ks_error_message(NULL), "") == 0);
  CHECK(ks_results_count(NULL) == 0 && ks_results_title(NULL, 0) == NULL);
  CHECK(ks_tokens_count(NULL) == 0);
  CHECK(strcmp(ks_error_code_name(KS_INDEX_LOCKED), "") != 0);
  CHECK(strcmp(ks_error_code_name(12345), "unknown error code") == 0);
  CHECK(ks_indexer_open(NULL, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_indexer_commit(NULL, &err) == 0);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_searcher_open("", &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  /* A second failure replaces (and frees) the first error. */
  CHECK(ks_searcher_open("", &err) == NULL);
  CHECK(ks_searcher_open("", &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_version()[0] != '\0');
}

static void test_evaluate(void) {
  ks_error_t* err = NULL;
  /* q1: the relevant d2 at rank 2 (AP 1/2, RR 1/2); q2: d4 first of two relevant (AP 1/2). */
  const char* run = "q1 Q0 d1 1 3 t\nq1 Q0 d2 2 2 t\nq2 Q0 d4 1 9 t\n";
  const char* qrels = "q1 0 d2 1\nq2 0 d4 1\nq2 0 d5 2\n";
  ks_eval_t* e = ks_evaluate(run, qrels, "map recip_rank num_q", 1, 0, &err);
  CHECK(e != NULL && err == NULL);
  CHECK(ks_eval_measure_count(e) == 3);
  CHECK(strcmp(ks_eval_measure_name(e, 0), "num_q") == 0); /* trec_eval order */
  CHECK(ks_eval_aggregate(e, 0) == 2.0);
  CHECK(strcmp(ks_eval_measure_name(e, 1), "map") == 0);
  CHECK(ks_eval_aggregate(e, 1) == 0.5);
  CHECK(strcmp(ks_eval_measure_name(e, 2), "recip_rank") == 0);
  CHECK(ks_eval_aggregate(e, 2) == 0.75);
  CHECK(ks_eval_topic_count(e) == 2 && strcmp(ks_eval_topic(e, 1), "q2") == 0);
  CHECK(ks_eval_value(e, 1, 2) == 1.0);
  CHECK(ks_eval_measure_name(e, 3) == NULL && ks_eval_topic(e, 2) == NULL);
  ks_eval_free(e);

  CHECK(ks_evaluate("q1 Q0 d1 one\n", qrels, NULL, 1, 0, &err) == NULL);
  CHECK(err != NULL && strstr(ks_error_message(err), "run:1") != NULL);
  EXPECT_ERROR(err, KS_INVALID_INPUT);
  CHECK(ks_evaluate(run, qrels, "P_x", 1, 0, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_evaluate(NULL, qrels, NULL, 1, 0, &err) == NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  ks_eval_free(NULL);
}

/* Written in C++ (news_fixture.cpp): the news index of tests/searcher/news_fixture.hpp. */
int ks_test_build_news_index(const char* dir);

/* Index of hit `id` in `r`, or -1. */
static int hit_index(const ks_results_t* r, const char* id) {
  size_t i;
  for (i = 0; i < ks_results_count(r); ++i) {
    if (strcmp(ks_results_doc_id(r, i), id) == 0) return (int)i;
  }
  return -1;
}

static void test_news(const char* dir) {
  char idx[512];
  ks_error_t* err = NULL;
  ks_searcher_t* s;
  ks_results_t* r;
  int yna, copy;
  snprintf(idx, sizeof idx, "%s/news-search-idx", dir);
  CHECK(ks_test_build_news_index(idx) == 1);
  s = ks_searcher_open(idx, &err);
  CHECK(s != NULL && err == NULL);
  if (s == NULL) return;

  /* Filters: OR within publishers, AND with the date. */
  CHECK(ks_searcher_set_option(s, "duplicates", "show", &err) == KS_OK);
  CHECK(ks_searcher_set_option(s, "publisher", "뉴스1", &err) == KS_OK);
  CHECK(ks_searcher_set_option(s, "publisher", "한겨레", &err) == KS_OK);
  r = ks_searcher_search(s, "반도체", 10, 1, &err);
  CHECK(r != NULL && ks_results_count(r) == 3);
  CHECK(hit_index(r, "hani-1") >= 0 && hit_index(r, "copy-1") >= 0 && hit_index(r, "news1-2") >= 0);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "until", "2025-08-14", &err) == KS_OK);
  r = ks_searcher_search(s, "반도체", 10, 1, &err);
  CHECK(r != NULL && ks_results_count(r) == 2 && hit_index(r, "hani-1") < 0);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "publisher", "", &err) == KS_OK);
  CHECK(ks_searcher_set_option(s, "until", "", &err) == KS_OK);

  /* Query operators and date order. */
  r = ks_searcher_search(s, "반도체 기자:홍길동", 10, 1, &err);
  CHECK(r != NULL && ks_results_count(r) == 2 && hit_index(r, "yna-1") >= 0 && hit_index(r, "newsis-1") >= 0);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "sort", "oldest", &err) == KS_OK);
  r = ks_searcher_search(s, "반도체", 10, 1, &err);
  CHECK(r != NULL && ks_results_count(r) == 6);
  CHECK(r != NULL && strcmp(ks_results_doc_id(r, 0), "newsis-1") == 0);
  CHECK(r != NULL && strcmp(ks_results_doc_id(r, 5), "plain-1") == 0); /* no date: last */
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "sort", "relevance", &err) == KS_OK);
  CHECK(ks_searcher_set_option(s, "recency", "7", &err) == KS_OK);
  r = ks_searcher_search(s, "반도체", 10, 1, &err);
  CHECK(r != NULL && ks_results_count(r) == 6);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "recency", "0", &err) == KS_OK);

  /* Facets over all matches though k = 1. */
  CHECK(ks_searcher_set_option(s, "facets", "publisher,reporter", &err) == KS_OK);
  r = ks_searcher_search(s, "반도체", 1, 0, &err);
  CHECK(r != NULL && ks_results_count(r) == 1);
  CHECK(ks_results_facet_size(r, "publisher") == 4);
  CHECK(ks_results_facet_value(r, "publisher", 0) != NULL &&
        strcmp(ks_results_facet_value(r, "publisher", 0), "뉴스1") == 0);
  CHECK(ks_results_facet_count(r, "publisher", 0) == 2);
  CHECK(ks_results_facet_size(r, "reporter") == 4);
  CHECK(ks_results_facet_size(r, "month") == 0); /* not asked */
  CHECK(ks_results_facet_value(r, "publisher", 99) == NULL);
  CHECK(ks_results_facet_count(r, NULL, 0) == 0);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "facets", "", &err) == KS_OK);

  /* Grouped copies by default; all of them with duplicates=show. */
  r = ks_searcher_search(s, "반도체 수출 메모리", 10, 1, &err);
  CHECK(r != NULL && hit_index(r, "yna-1") >= 0 && hit_index(r, "copy-1") >= 0);
  ks_results_free(r);
  CHECK(ks_searcher_set_option(s, "duplicates", "group", &err) == KS_OK);
  r = ks_searcher_search(s, "반도체 수출 메모리", 10, 1, &err);
  CHECK(r != NULL);
  if (r != NULL) {
    yna = hit_index(r, "yna-1");
    copy = hit_index(r, "copy-1");
    CHECK((yna >= 0) != (copy >= 0));
    if (yna >= 0) {
      CHECK(ks_results_duplicates(r, (size_t)yna) == 1);
      CHECK(strcmp(ks_results_duplicate_id(r, (size_t)yna, 0), "copy-1") == 0);
      CHECK(ks_results_duplicate_id(r, (size_t)yna, 1) == NULL);
    }
    CHECK(hit_index(r, "hani-1") >= 0 && ks_results_duplicates(r, (size_t)hit_index(r, "hani-1")) == 0);
  }
  ks_results_free(r);

  /* Bad values fail naming the option. */
  CHECK(ks_searcher_set_option(s, "since", "2025-02-30", &err) == KS_INVALID_ARGUMENT);
  CHECK(err != NULL && strstr(ks_error_message(err), "since") != NULL);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  CHECK(ks_searcher_set_option(s, "sort", "date", &err) == KS_INVALID_ARGUMENT);
  EXPECT_ERROR(err, KS_INVALID_ARGUMENT);
  ks_searcher_close(s);
}

int main(void) {
  char dir[] = "/tmp/kosearch-capi-XXXXXX";
  if (mkdtemp(dir) == NULL) {
    perror("mkdtemp");
    return 1;
  }
  test_analyzer();
  test_index_and_search(dir);
  test_news_fields(dir);
  test_null_safety();
  test_evaluate();
  test_news(dir);
  nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
  printf("c_api_test: %d checks, %d failed (kosearch %s)\n", checks, failures, ks_version());
  return failures == 0 ? 0 : 1;
}
