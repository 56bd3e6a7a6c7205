#pragma once
// Shared by the shard tests: a deterministic Korean corpus, index builders, and a comparison of
// two rankings that tolerates ties ordered differently (shards number documents differently, and
// ties are broken by document number).

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

namespace kosearch::test {

inline const std::vector<std::string>& korean_words() {
  static const std::vector<std::string> words = {
      "서울", "부산", "경제", "반도체", "인공지능", "대통령", "국회", "선거", "축구", "야구",
      "날씨", "태풍", "주식", "금리", "환율", "수출", "병원", "의사", "학교", "학생",
      "교육", "기술", "연구", "과학", "우주", "위성", "자동차", "배터리", "전기", "에너지",
      "문화", "영화", "음악", "드라마", "역사", "조선", "고려", "신라", "한글", "세종",
      "바다", "산업", "농업", "쌀값", "물가", "정부", "정책", "법원", "판결", "검찰"};
  return words;
}

// `n` articles as JSONL `{"_id","title","text"}`, the same every run (a fixed LCG), with
// word frequencies skewed so that BM25 statistics differ from term to term.
inline std::string korean_jsonl(int n, std::uint32_t seed = 7) {
  const auto& w = korean_words();
  std::uint64_t state = seed;
  auto next = [&](std::uint64_t mod) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % mod;
  };
  auto word = [&] {
    const auto a = next(w.size()), b = next(w.size());
    return w[std::min(a, b)];  // skew towards the first words
  };
  std::string out;
  for (int i = 0; i < n; ++i) {
    std::string title = word() + " " + word();
    std::string text;
    const auto sentences = 3 + next(12);
    for (std::uint64_t s = 0; s < sentences; ++s) {
      const auto len = 4 + next(10);
      for (std::uint64_t k = 0; k < len; ++k) text += word() + (k + 1 < len ? " " : "");
      text += "입니다. ";
    }
    out += "{\"_id\":\"doc-" + std::to_string(i) + "\",\"title\":\"" + title + "\",\"text\":\"" +
           text + "\"}\n";
  }
  return out;
}

inline std::vector<std::string> korean_queries() {
  return {"서울 경제", "반도체 수출", "인공지능 연구", "대통령 선거 국회", "태풍 날씨",
          "세종 한글 역사", "배터리 자동차 전기", "금리 환율 주식", "검찰 법원 판결", "우주 위성",
          "쌀값 물가", "조선 고려 신라", "학교 학생 교육", "영화 음악"};
}

// Indexes `input` into `dir` with `o`, commits, and returns the passages the index holds.
inline std::uint64_t build_index(const std::filesystem::path& dir, const std::filesystem::path& input,
                                 const IndexerOptions& o) {
  Indexer indexer(dir, o);
  indexer.add_path(input);
  indexer.commit();
  return indexer.passage_count();
}

inline std::uint64_t build_index(const std::filesystem::path& dir, const std::filesystem::path& input,
                                 std::uint32_t shards, const std::string& analyzer = "ko-bigram") {
  IndexerOptions o;
  o.shards = shards;
  o.analyzer = analyzer;
  o.threads = 1;
  return build_index(dir, input, o);
}

// Checks that `b` ranks like `a`: the same scores rank by rank, and the same passage for every
// score above the lowest returned one (below it, ties may be cut differently at k).
inline void check_same_ranking(const SearchResults& a, const SearchResults& b) {
  INFO("query: " << a.query);
  REQUIRE(a.hits.size() == b.hits.size());
  // (`total` is Xapian's estimate, which depends on how the posting lists are split: not compared.)
  if (a.hits.empty()) return;
  std::map<std::string, double> score_a, score_b;
  for (std::size_t i = 0; i < a.hits.size(); ++i) {
    CHECK(std::abs(a.hits[i].score - b.hits[i].score) <= 1e-9 * std::max(1.0, a.hits[i].score));
    score_a[a.hits[i].passage_id] = a.hits[i].score;
    score_b[b.hits[i].passage_id] = b.hits[i].score;
  }
  const double cut = a.hits.back().score + 1e-9;
  for (const auto& [id, s] : score_a) {
    if (s <= cut) continue;
    INFO("passage " << id);
    REQUIRE(score_b.count(id) == 1);
    CHECK(std::abs(score_b[id] - s) <= 1e-9 * std::max(1.0, s));
  }
}

inline void check_same_rankings(Searcher& a, Searcher& b, std::uint32_t k = 30) {
  SearchOptions so;
  so.k = k;
  so.snippets = false;
  std::size_t hits = 0;
  for (const auto& q : korean_queries()) {
    const SearchResults ra = a.search(q, so);
    hits += ra.hits.size();
    check_same_ranking(ra, b.search(q, so));
  }
  CHECK(hits > 100);  // the comparison compared something
  // The same with query operators, whose filters read the hits' text (remotely: over the wire).
  std::size_t filtered = 0;
  for (const auto& q : korean_queries()) {
    const std::string first_word = q.substr(0, q.find(' '));
    for (const std::string& with : {"\"" + q + "\"", q + " -" + first_word, q + " -\"" + q + "\""}) {
      CAPTURE(with);
      const SearchResults ra = a.search(with, so);
      filtered += ra.hits.size();
      check_same_ranking(ra, b.search(with, so));
    }
  }
  CHECK(filtered > 50);
}

}  // namespace kosearch::test
