// Indexes without suggestion terms (IndexerOptions::suggest = false, `--no-suggest`): no W/T
// terms, the same search results, a suggester that says why it has nothing, and a setting kept
// by later runs and refused when contradicted.

#include <doctest/doctest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "index_fixture.hpp"
#include "schema.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::hit_lines;
using kosearch::test::index;
using kosearch::test::rec;
using kosearch::test::TempDir;
using kosearch::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kJsonl = rec("d0", "메타 투자", "메타가 스케일AI의 지분 49%를 사들였다고 밝혔다. 스케일AI는 데이터 회사다.") +
                           rec("d1", "엔비디아", "엔비디아가 새 인공지능 칩을 발표했다. 인공지능 칩은 비싸다.") +
                           rec("d2", "삼성전자", "삼성전자가 반도체 공장에 투자한다고 밝혔다.");

// The suggestion terms of `idx` (W… and T…).
std::uint64_t suggestion_terms(const fs::path& idx) {
  Xapian::Database db(idx.string());
  std::uint64_t n = 0;
  for (const char* prefix : {kosearch::schema::kPrefixSuggestWord.data(), kosearch::schema::kPrefixSuggestTitle.data()}) {
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++n;
  }
  return n;
}

IndexerOptions no_suggest(std::uint32_t threads = 1) {
  IndexerOptions o;
  o.suggest = false;
  o.threads = threads;
  return o;
}

std::vector<std::string> results(const fs::path& idx) {
  return hit_lines(idx, {"지분", "인공지능 칩", "반도체 투자", "스케일AI 지분"}, /*with_text=*/true);
}

}  // namespace

TEST_CASE("no suggestion terms: none in the index, the same search, a suggester that says why") {
  TempDir tmp;
  write_file(tmp / "c.jsonl", kJsonl);
  for (std::uint32_t threads : {1u, 2u}) {  // the sequential and the parallel (merged) build
    CAPTURE(threads);
    const auto plain = tmp / ("plain" + std::to_string(threads));
    const auto lean = tmp / ("lean" + std::to_string(threads));
    IndexerOptions o;
    o.threads = threads;
    index(plain, tmp / "c.jsonl", o);
    index(lean, tmp / "c.jsonl", no_suggest(threads));
    CHECK(suggestion_terms(plain) > 0);
    CHECK(suggestion_terms(lean) == 0);
    const auto expected = results(plain);
    CHECK(expected.size() >= 4);
    CHECK(results(lean) == expected);

    Searcher with(plain), without(lean);
    CHECK(with.stats().suggestions);
    CHECK_FALSE(without.stats().suggestions);
    CHECK_FALSE(with.suggest("스케").suggestions.empty());
    const Suggestions none = without.suggest("스케");
    CHECK(none.suggestions.empty());
    CHECK(none.warning.find("--no-suggest") != std::string::npos);
    CHECK(none.warning.find("--rebuild") != std::string::npos);
  }
}

TEST_CASE("no suggestion terms: kept by a later run, refused when contradicted, set by name") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  write_file(tmp / "a.jsonl", kJsonl);
  index(idx, tmp / "a.jsonl", no_suggest());
  write_file(tmp / "b.jsonl", rec("d3", "구글", "구글이 클라우드 데이터 센터를 늘린다고 밝혔다."));
  CHECK(index(idx, tmp / "b.jsonl").added == 1);  // unset: the index keeps its setting
  CHECK(suggestion_terms(idx) == 0);

  IndexerOptions with;
  with.suggest = true;
  try {
    Indexer refused(idx, with);
    FAIL("a contradicting --suggest was accepted");
  } catch (const IndexVersionMismatch& e) {
    const std::string what = e.what();
    CHECK(what.find("--no-suggest") != std::string::npos);
    CHECK(what.find("--rebuild") != std::string::npos);
  }
  with.rebuild = true;
  index(idx, tmp / "a.jsonl", with);
  CHECK(suggestion_terms(idx) > 0);
  CHECK_THROWS_AS(Indexer(idx, no_suggest()), IndexVersionMismatch);

  IndexerOptions by_name;
  apply_indexer_option(by_name, "suggest", "0");
  CHECK(by_name.suggest == false);
  CHECK_THROWS_AS(apply_indexer_option(by_name, "suggest", "maybe"), InvalidArgument);
}
