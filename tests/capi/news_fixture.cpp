// Builds the news test index (tests/searcher/news_fixture.hpp) for the C test: the C API's
// indexer takes no news fields (the ingestion reads them from pages and JSONL), so the fixture is
// written through the C++ library.

#include "searcher/news_fixture.hpp"

extern "C" int ks_test_build_news_index(const char* dir) {
  try {
    kosearch::test::build_news_index(dir);
    return 1;
  } catch (...) {
    return 0;
  }
}
