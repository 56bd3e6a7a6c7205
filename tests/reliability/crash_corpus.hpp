#pragma once
// Helpers of the crash-safety tests (crash_safety_test.cpp, rebuild_safety_test.cpp): a
// deterministic small Korean corpus, rankings compared, the CLI's index arguments.

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch::test::crash {

namespace fs = std::filesystem;

inline const std::vector<std::string> kWords = {
    "메타",     "스케일AI", "지분", "인공지능", "연구소", "창업자",   "엔비디아", "반도체",
    "삼성전자", "투자",     "시장", "데이터",   "라벨링", "초지능",   "경쟁",     "인재",
    "영입",     "발표",     "거래", "달러",     "칩",     "클라우드", "오픈AI",   "구글"};
inline const std::vector<std::string> kParticles = {"가", "를", "의", "에서", "은", "는", "도", "와", ""};

// One JSONL record of a deterministic small Korean article; lengths and word counts vary so
// that BM25 scores rarely tie.
inline std::string record(std::mt19937& rng, std::size_t i) {
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  std::string title = pick(kWords) + " " + pick(kWords) + " " + std::to_string(i % 97);
  std::string text;
  const std::size_t sentences = 1 + rng() % 3;
  for (std::size_t s = 0; s < sentences; ++s) {
    const std::size_t words = 3 + rng() % 9;
    for (std::size_t w = 0; w < words; ++w) text += pick(kWords) + pick(kParticles) + " ";
    text += "밝혔다. ";
  }
  return "{\"_id\": \"d" + std::to_string(i) + "\", \"title\": \"" + title + "\", \"text\": \"" +
         text + "\"}\n";
}

// `n` records with ids d<first_id>, d<first_id + 1>, ...
inline std::string make_corpus(std::size_t n, std::uint32_t seed, std::size_t first_id = 0) {
  std::mt19937 rng(seed);
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += record(rng, first_id + i);
  return out;
}

const std::vector<std::string> kQueries = {"스케일AI 지분",        "메타의 인공지능 연구소",
                                           "엔비디아 칩",          "데이터 라벨링 시장",
                                           "삼성전자 반도체 투자", "구글 클라우드"};

// The top-k must agree as ranked lists of (score, doc_id), allowing ties to be ordered
// differently (Xapian docids, the tie-breaker, change when articles are re-added) and the
// tie group cut by k to hold different members.
inline void check_same_ranking(const std::vector<kosearch::Hit>& a, const std::vector<kosearch::Hit>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].score == doctest::Approx(b[i].score).epsilon(1e-9));
  }
  std::size_t i = 0;
  while (i < a.size()) {
    std::size_t j = i;
    while (j < a.size() && std::fabs(a[j].score - a[i].score) <= 1e-9 * std::fabs(a[i].score)) ++j;
    if (j < a.size()) {  // a complete tie group: same members
      std::multiset<std::string> ga, gb;
      for (std::size_t k = i; k < j; ++k) {
        ga.insert(a[k].passage_id);
        gb.insert(b[k].passage_id);
      }
      CHECK(ga == gb);
    }
    i = j;
  }
}

// `b` holds the same passages as `a`, and ranks them the same (top 10 with scores) for kQueries
// under `options`.
inline void check_same_index(const fs::path& a_dir, const fs::path& b_dir,
                      const kosearch::SearchOptions& options) {
  kosearch::Searcher a(a_dir);
  kosearch::Searcher b(b_dir);
  CHECK(b.stats().passages == a.stats().passages);
  CHECK(b.stats().articles == a.stats().articles);
  for (const auto& q : kQueries) {
    CAPTURE(q);
    kosearch::SearchOptions all = options;
    all.k = 100000;
    all.snippets = false;
    std::set<std::string> ida, idb;
    for (const auto& h : a.search(q, all).hits) ida.insert(h.passage_id);
    for (const auto& h : b.search(q, all).hits) idb.insert(h.passage_id);
    CHECK(!ida.empty());
    CHECK(ida == idb);
    kosearch::SearchOptions top = options;
    top.k = 10;
    check_same_ranking(a.search(q, top).hits, b.search(q, top).hits);
  }
}

// The options the index comparisons search with: the defaults (the proximity boost that made
// scores depend on docid order is gone; see "regression: scores do not depend on docid order").
inline kosearch::SearchOptions bm25_only() { return kosearch::SearchOptions{}; }

inline std::vector<std::string> index_args(const fs::path& idx, const std::string& input) {
  return {"index", "-q", "--commit-every", "1000", "--index", idx.string(), input};
}

}  // namespace kosearch::test::crash
