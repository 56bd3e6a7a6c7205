// Append-only indexes (IndexerOptions::append_only): built without Xapian termlists, they search
// exactly like an updatable index, take new articles, skip unchanged files, and refuse — with a
// message naming the article and what to do — anything that would replace or delete. Also the
// writers' flush batch (IndexerOptions::flush_passages), which must not change the index.

#include <doctest/doctest.h>
#include <xapian.h>

#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "index_fixture.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::hit_lines;
using kosearch::test::index;
using kosearch::test::rec;
using kosearch::test::TempDir;
using kosearch::test::write_file;
namespace fs = std::filesystem;

namespace {

const std::string kJsonl = rec("d0", "메타 투자", "메타가 스케일AI의 지분 49%를 사들였다고 밝혔다.") +
                           rec("d1", "엔비디아", "엔비디아가 새 인공지능 칩을 발표했다.") +
                           rec("d2", "삼성전자", "삼성전자가 반도체 공장에 투자한다고 밝혔다.") +
                           rec("d3", "구글", "구글이 클라우드 데이터 센터를 늘린다.");

IndexerOptions append_only(std::uint32_t threads) {
  IndexerOptions o;
  o.append_only = true;
  o.threads = threads;
  return o;
}

std::vector<std::string> results(const fs::path& idx) {
  return hit_lines(idx, {"지분", "인공지능 칩", "반도체 투자", "클라우드 데이터", "스케일AI 지분"},
                   /*with_text=*/true);
}

bool has_termlist(const fs::path& idx) { return fs::exists(idx / "termlist.glass"); }

}  // namespace

TEST_CASE("append-only: no termlists, and the same results as an updatable index") {
  TempDir tmp;
  write_file(tmp / "c.jsonl", kJsonl);
  for (std::uint32_t threads : {1u, 2u}) {  // the sequential and the parallel (merged) build
    CAPTURE(threads);
    const auto plain = tmp / ("plain" + std::to_string(threads));
    const auto lean = tmp / ("lean" + std::to_string(threads));
    IndexerOptions o;
    o.threads = threads;
    index(plain, tmp / "c.jsonl", o);
    index(lean, tmp / "c.jsonl", append_only(threads));
    CHECK(has_termlist(plain));
    CHECK_FALSE(has_termlist(lean));
    CHECK(Xapian::Database(lean.string()).get_doccount() == 4);
    const auto expected = results(plain);
    CHECK(expected.size() >= 5);
    CHECK(results(lean) == expected);
  }
}

TEST_CASE("append-only: unchanged files are skipped and new articles are added") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  write_file(tmp / "in/a.txt", "메타 투자\n\n메타가 스케일AI의 지분 49%를 사들였다.\n");
  index(idx, tmp / "in", append_only(1));
  const IngestReport again = index(idx, tmp / "in");  // unset: keeps the setting
  CHECK(again.unchanged == 1);
  CHECK(again.articles == 0);
  write_file(tmp / "in/b.txt", "엔비디아\n\n엔비디아가 새 인공지능 칩을 발표했다.\n");
  const IngestReport more = index(idx, tmp / "in");
  CHECK(more.added == 1);
  CHECK(more.unchanged == 1);
  CHECK_FALSE(has_termlist(idx));
  CHECK(Searcher(idx).search("인공지능 칩").hits.size() == 1);
}

TEST_CASE("append-only: a changed article or a prune is refused and the index keeps what it had") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  write_file(tmp / "c.jsonl", kJsonl);
  index(idx, tmp / "c.jsonl", append_only(2));
  const auto before = results(idx);

  write_file(tmp / "c.jsonl", rec("d0", "메타 투자", "메타가 지분을 모두 팔았다.") + kJsonl.substr(kJsonl.find("\n") + 1));
  try {
    index(idx, tmp / "c.jsonl");
    FAIL("a changed article in an append-only index must be refused");
  } catch (const InvalidArgument& e) {
    const std::string what = e.what();
    CHECK(what.find("\"d0\"") != std::string::npos);
    CHECK(what.find("append-only") != std::string::npos);
    CHECK(what.find("--rebuild") != std::string::npos);
  }
  CHECK(results(idx) == before);

  write_file(tmp / "c.jsonl", kJsonl.substr(0, kJsonl.rfind("{")));  // d3 gone
  IndexerOptions prune;
  prune.prune = true;
  CHECK_THROWS_AS(index(idx, tmp / "c.jsonl", prune), InvalidArgument);
  CHECK(results(idx) == before);
}

TEST_CASE("append-only: a contradicting setting is refused, --rebuild switches it") {
  TempDir tmp;
  const auto idx = tmp / "idx";
  write_file(tmp / "c.jsonl", kJsonl);
  index(idx, tmp / "c.jsonl", append_only(1));
  IndexerOptions updatable;
  updatable.append_only = false;
  CHECK_THROWS_AS(Indexer(idx, updatable), IndexVersionMismatch);
  updatable.rebuild = true;
  index(idx, tmp / "c.jsonl", updatable);
  CHECK(has_termlist(idx));
  IndexerOptions lean = append_only(1);
  CHECK_THROWS_AS(Indexer(idx, lean), IndexVersionMismatch);
}

TEST_CASE("flush_passages: tiny batches give the same index, 0 is refused") {
  TempDir tmp;
  write_file(tmp / "c.jsonl", kJsonl);
  for (std::uint32_t threads : {1u, 2u}) {
    CAPTURE(threads);
    IndexerOptions o;
    o.threads = threads;
    index(tmp / ("a" + std::to_string(threads)), tmp / "c.jsonl", o);
    o.flush_passages = 1;
    index(tmp / ("b" + std::to_string(threads)), tmp / "c.jsonl", o);
    CHECK(results(tmp / ("b" + std::to_string(threads))) == results(tmp / ("a" + std::to_string(threads))));
  }
  IndexerOptions zero;
  zero.flush_passages = 0;
  CHECK_THROWS_AS(Indexer(tmp / "z", zero), InvalidArgument);
}

TEST_CASE("part_passages: a parallel build in many parts merges into the same index") {
  TempDir tmp;
  // d0 is repeated at the end: the later record replaces the earlier, which a rolling writer
  // has already sealed into an earlier part.
  write_file(tmp / "c.jsonl", kJsonl + rec("d4", "애플", "애플이 새 아이폰을 공개했다.") +
                                  rec("d5", "테슬라", "테슬라가 자율주행 소프트웨어를 내놓았다.") +
                                  rec("d0", "메타 투자", "메타가 인공지능 연구소를 새로 열었다."));
  IndexerOptions one_part;
  one_part.threads = 2;
  one_part.part_passages = 0;
  IndexerOptions many_parts = one_part;
  many_parts.part_passages = 1;  // a new part after every article
  index(tmp / "one", tmp / "c.jsonl", one_part);
  index(tmp / "many", tmp / "c.jsonl", many_parts);
  CHECK(Xapian::Database((tmp / "one").string()).get_doccount() == 6);
  CHECK(Xapian::Database((tmp / "many").string()).get_doccount() == 6);
  const auto expected = hit_lines(tmp / "one", {"지분", "인공지능", "아이폰", "자율주행", "메타"}, true);
  CHECK(hit_lines(tmp / "many", {"지분", "인공지능", "아이폰", "자율주행", "메타"}, true) == expected);
  // The replaced text is gone from both; the new one is found.
  Searcher s(tmp / "many");
  CHECK(s.search("스케일AI 지분").hits.empty());
  const auto found = s.search("인공지능 연구소").hits;
  REQUIRE_FALSE(found.empty());
  CHECK(found.front().doc_id == "d0");
  // An append-only build cannot replace: the repeated id is refused even across parts.
  IndexerOptions lean = many_parts;
  lean.append_only = true;
  CHECK_THROWS_AS(index(tmp / "lean", tmp / "c.jsonl", lean), InvalidArgument);
}

TEST_CASE("append-only: remove is refused for an article it holds, 0 for one it does not") {
  TempDir tmp;
  write_file(tmp / "c.jsonl", kJsonl);
  const auto idx = tmp / "idx";
  index(idx, tmp / "c.jsonl", append_only(1));
  Indexer indexer(idx);
  CHECK(indexer.remove("nothere") == 0);
  CHECK_THROWS_WITH_AS(indexer.remove("d1"), doctest::Contains("append-only"), InvalidArgument);
  indexer.commit();
  CHECK(Searcher(idx).stats().passages == 4);
}
