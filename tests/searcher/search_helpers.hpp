#pragma once
// Helpers of the searcher tests (searcher_test.cpp, rerank_test.cpp).

#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <string_view>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

namespace kosearch::test {

// The score of article `id`'s hit for `query`; nullopt when `id` is not among the hits.
inline std::optional<double> hit_score(Searcher& s, std::string_view query, const SearchOptions& o,
                                const std::string& id) {
  for (const auto& h : s.search(query, o).hits) {
    if (h.doc_id == id) return h.score;
  }
  return std::nullopt;
}

// The same, for a hit the test needs: fails the test when `id` is not among the hits.
inline double required_score(Searcher& s, std::string_view query, const SearchOptions& o, const std::string& id) {
  const auto v = hit_score(s, query, o, id);
  if (!v) FAIL("no hit " << id << " for " << query);
  return v.value_or(0.0);
}

// The re-ranking's content words for `query`, space-separated.
inline std::string rerank_words(Searcher& s, std::string_view query, const SearchOptions& o) {
  std::string out;
  for (const auto& w : s.explain(query, o).words) out += (out.empty() ? "" : " ") + w;
  return out;
}

struct SmallIndex {
  TempDir tmp;
  SmallIndex() {
    Indexer indexer(tmp / "idx");
    indexer.add({"stake", "메타의 투자", "메타는 스케일 AI 지분 49%를 확보했다.", ""});
    indexer.add({"chips", "엔비디아", "엔비디아는 새 AI 칩을 공개했다. 지연 없이 출시된다.", ""});
    indexer.add({"king", "새 연구소", "알렉산더 왕 CEO가 연구소를 이끈다.", ""});
    indexer.add({"other", "날씨", "서울은 오늘 맑고 따뜻하다.", ""});
    indexer.commit();
  }
  Searcher searcher() const { return Searcher(tmp / "idx"); }
};


}  // namespace kosearch::test
