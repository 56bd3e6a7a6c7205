/* Opens a kosearch index through the C API and prints the best passages for a query.
 * Usage: search_example_c INDEX_DIR QUERY */
#include <kosearch/c.h>
#include <stdio.h>

int main(int argc, char** argv) {
  ks_error_t* err = NULL;
  ks_searcher_t* searcher;
  ks_results_t* results;
  size_t i;
  if (argc != 3) {
    fprintf(stderr, "usage: %s INDEX_DIR QUERY\n", argv[0]);
    return 2;
  }
  searcher = ks_searcher_open(argv[1], &err);
  results = searcher ? ks_searcher_search(searcher, argv[2], 5, 1, &err) : NULL;
  if (results == NULL) {
    fprintf(stderr, "error (%s): %s\n", ks_error_code_name(ks_error_code(err)),
            ks_error_message(err));
    ks_error_free(err);
    ks_searcher_close(searcher);
    return 1;
  }
  printf("%lu passages match \"%s\" (kosearch %s)\n", (unsigned long)ks_results_total(results),
         argv[2], ks_version());
  for (i = 0; i < ks_results_count(results); ++i) {
    printf("%lu. [%.3f] %s\n   %s\n", (unsigned long)(i + 1), ks_results_score(results, i),
           ks_results_title(results, i), ks_results_snippet(results, i));
  }
  ks_results_free(results);
  ks_searcher_close(searcher);
  return 0;
}
