// Suggestions over a sharded index: the shards' terms merge (Xapian sums a term's frequency over
// the databases), so a sharded index suggests exactly what one index of the same articles does.

#include <doctest/doctest.h>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using namespace kosearch;

TEST_CASE("a sharded index suggests what one index of the same articles suggests") {
  test::TempDir tmp;
  const auto corpus = std::filesystem::path(KOSEARCH_SOURCE_DIR) / "corpus";
  for (const std::uint32_t shards : {0u, 3u}) {
    IndexerOptions o;
    o.shards = shards;
    o.threads = 1;
    Indexer indexer(tmp / ("idx" + std::to_string(shards)), o);
    indexer.add_path(corpus);
    indexer.commit();
  }
  Searcher one(tmp / "idx0");
  Searcher sharded(tmp / "idx3");
  CHECK(sharded.stats().shards == 3);
  for (const char* prefix : {"스케이", "ㅅㅋㅇ", "tmzpdl", "저커버ㄱ", "메", "ㅁ", "ai", "달"}) {
    INFO(prefix);
    const auto a = one.suggest(prefix, 10);
    const auto b = sharded.suggest(prefix, 10);
    REQUIRE(a.suggestions.size() == b.suggestions.size());
    for (std::size_t i = 0; i < a.suggestions.size(); ++i) {
      CHECK(a.suggestions[i].text == b.suggestions[i].text);
      CHECK(a.suggestions[i].count == b.suggestions[i].count);
    }
  }
  CHECK(!sharded.suggest("스케이").suggestions.empty());
}
