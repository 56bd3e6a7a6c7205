// Opens a kosearch index and prints the best passages for a query.
// Usage: search_example INDEX_DIR QUERY...
#include <cstdio>
#include <kosearch/kosearch.hpp>
#include <string>

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s INDEX_DIR QUERY...\n", argv[0]);
    return 2;
  }
  std::string query;
  for (int i = 2; i < argc; ++i) query += (i > 2 ? " " : "") + std::string(argv[i]);

  kosearch::Searcher searcher(argv[1]);  // one per thread
  kosearch::SearchOptions options;
  options.k = 5;
  options.one_per_article = true;
  const kosearch::SearchResults results = searcher.search(query, options);

  std::printf("%llu passages match \"%s\" (kosearch %s)\n",
              static_cast<unsigned long long>(results.total), query.c_str(),
              KOSEARCH_VERSION_STRING);
  for (const kosearch::Hit& hit : results.hits) {
    std::printf("%u. [%.3f] %s\n   %s\n", hit.rank, hit.score, hit.title.c_str(),
                hit.snippet.c_str());
  }
  return 0;
} catch (const kosearch::Error& e) {  // IndexNotFound, QuerySyntax, ...
  std::fprintf(stderr, "error (%s): %s\n", kosearch::error_code_name(e.code()), e.what());
  return 1;
}
