// RankingParams::first_pass: the strong terms pick the passages, the whole query scores them.

#include <doctest/doctest.h>

#include <string>
#include <vector>
#include <xapian.h>

#include "first_pass.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::TempDir;

namespace {

// 200 passages. For `연구 투자 확보 지분 메타 매각`, with common_fraction 0.05 (10 passages):
// `투자`, `확보` (10 passages) and `연구` (11) are the rarest, so strong; `지분`, `메타` and `매각`
// (12 each) are weak. "lift" has one strong term and the weak ones ten times: the whole query
// ranks it first, the strong terms alone last of the 11 passages they match.
struct LiftIndex {
  TempDir tmp;
  LiftIndex() {
    Indexer indexer(tmp / "idx");
    std::string lift = "연구";
    for (int i = 0; i < 10; ++i) lift += " 지분 메타 매각";
    indexer.add({"lift", "지분", lift, ""});
    for (int i = 0; i < 10; ++i) indexer.add({"rich" + std::to_string(i), "연구", "연구 " + std::to_string(i) + " 투자 " + std::to_string(i) + " 확보", ""});
    for (int i = 0; i < 11; ++i) indexer.add({"sale" + std::to_string(i), "매각", "지분 메타 매각 " + std::to_string(i), ""});
    for (int i = 0; i < 178; ++i) indexer.add({"day" + std::to_string(i), "날씨", "날씨 기록 " + std::to_string(i), ""});
    indexer.commit();
  }
};

constexpr const char* kQuery = "연구 투자 확보 지분 메타 매각";

SearchOptions options() {
  SearchOptions o;
  o.k = 20;
  o.ranking.common_min = 0;
  o.ranking.common_fraction = 0.05;
  o.ranking.max_strong_terms = 0;
  o.ranking.rerank_weight = 0;  // the matcher's order alone
  o.group_duplicates = false;
  o.ranking.first_pass = 0;  // one pass unless a test asks
  o.ranking.first_pass_common = 0;
  return o;
}

}  // namespace

TEST_CASE("first_pass: the whole query scores exactly the strong terms' best passages") {
  LiftIndex idx;
  Xapian::Database db((idx.tmp / "idx").string());
  const std::vector<Xapian::Query> strong_terms = {Xapian::Query("연구"), Xapian::Query("투자"), Xapian::Query("확보")};
  const std::vector<Xapian::Query> weak_terms = {Xapian::Query("지분"), Xapian::Query("메타"), Xapian::Query("매각")};
  const Xapian::Query strong(Xapian::Query::OP_OR, strong_terms.begin(), strong_terms.end());
  const Xapian::Query weak(Xapian::Query::OP_OR, weak_terms.begin(), weak_terms.end());
  const Xapian::Query full(Xapian::Query::OP_AND_MAYBE, strong, weak);
  const Xapian::BM25Weight weighting;
  Xapian::Enquire one(db);
  one.set_query(strong);
  const Xapian::MSet best = one.get_mset(0, 3);
  REQUIRE(best.size() == 3);
  const auto pass = detail::first_pass(db, weighting, strong, weak, 3);
  const auto deep = detail::first_pass(db, weighting, strong, weak, 20);
  CHECK(deep.matched.total == 11);
  CHECK(deep.matched.exact);
  Xapian::Enquire two(db);
  two.set_query(pass.query);
  const Xapian::MSet scored = two.get_mset(0, 20);
  REQUIRE(scored.size() == 3);
  Xapian::Enquire whole(db);
  whole.set_query(full);
  const Xapian::MSet all = whole.get_mset(0, 20);
  REQUIRE(all.size() == 11);
  for (auto it = scored.begin(); it != scored.end(); ++it) {
    bool among = false;
    for (auto b = best.begin(); b != best.end(); ++b) among |= *b == *it;
    CHECK(among);
    // The whole query's weight, not the strong terms'.
    for (auto a = all.begin(); a != all.end(); ++a) {
      if (*a == *it) CHECK(a.get_weight() == doctest::Approx(it.get_weight()));
    }
  }
}

TEST_CASE("first_pass: deep enough, the same hits, scores and count as one pass") {
  LiftIndex idx;
  Searcher s(idx.tmp / "idx");
  SearchOptions o = options();
  REQUIRE(s.explain(kQuery, o).description.find("AND_MAYBE") != std::string::npos);
  for (const double rerank : {0.0, 1.0}) {
    for (const double early : {0.0, 0.01, 0.5}) {
      o.ranking.rerank_weight = rerank;
      SearchOptions two = o;
      two.ranking.first_pass = 1000;
      two.ranking.first_pass_common = early;
      const auto a = s.search(kQuery, o), b = s.search(kQuery, two);
      REQUIRE(a.hits.size() == 11);
      REQUIRE(a.hits.size() == b.hits.size());
      CHECK(a.total == b.total);
      for (std::size_t i = 0; i < a.hits.size(); ++i) {
        CHECK(a.hits[i].passage_id == b.hits[i].passage_id);
        CHECK(a.hits[i].score == doctest::Approx(b.hits[i].score));
      }
    }
  }
}

TEST_CASE("first_pass: a passage the weak terms lift is not scored when the first pass is shallow") {
  LiftIndex idx;
  Searcher s(idx.tmp / "idx");
  SearchOptions o = options();
  o.k = 1;  // with the 8 tied hits read around a page: the first pass keeps 9 of the 11
  const auto one = s.search(kQuery, o);
  REQUIRE(one.hits.size() == 1);
  CHECK(one.hits[0].doc_id == "lift");
  SearchOptions shallow = o;
  shallow.ranking.first_pass = 1;
  const auto two = s.search(kQuery, shallow);
  REQUIRE(two.hits.size() == 1);
  CHECK(two.hits[0].doc_id != "lift");
  CHECK(two.total == one.total);  // the count is the strong terms' matches either way
}
