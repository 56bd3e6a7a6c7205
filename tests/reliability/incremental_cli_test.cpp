// Incremental indexing through the real `kosearch index` binary: the summary line counts articles
// added / updated / unchanged / removed, a re-run over unchanged input leaves the index as it was,
// and --prune deletes the articles of files that are gone.

#include <doctest/doctest.h>
#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "kosearch/searcher/searcher.hpp"
#include "process_util.hpp"
#include "test_util.hpp"

using kosearch::test::read_file;
using kosearch::test::run_to_end;
using kosearch::test::TempDir;
using kosearch::test::write_file;

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kBodies = {
    "메타가 스케일AI의 지분 49%를 사들였다고 밝혔다.", "엔비디아가 새 인공지능 칩을 발표했다.",
    "삼성전자가 반도체 공장에 투자한다고 밝혔다.", "구글이 클라우드 데이터 센터를 늘린다."};

// Runs `kosearch index --index IDX extra...`; returns its summary line, which goes to stdout
// (REQUIREs exit 0).
std::string index(const TempDir& tmp, const fs::path& idx, std::vector<std::string> extra) {
  std::vector<std::string> args{"index", "--index", idx.string()};
  args.insert(args.end(), extra.begin(), extra.end());
  const int rc = run_to_end(KOSEARCH_CLI, args, tmp / "out", tmp / "err");
  REQUIRE_MESSAGE(rc == 0, read_file(tmp / "err"));
  return read_file(tmp / "out");
}

std::set<std::string> doc_ids(const fs::path& idx, const std::string& q) {
  std::set<std::string> out;
  for (const auto& h : kosearch::Searcher(idx).search(q).hits) out.insert(h.doc_id);
  return out;
}

bool says(const std::string& summary, const std::string& what) {
  return summary.find(what) != std::string::npos;
}

}  // namespace

TEST_CASE("CLI: re-indexing a txt folder skips unchanged files, updates edited ones, prunes deleted") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) {
    write_file(tmp / ("in/a" + std::to_string(i) + ".txt"), "기사 제목 " + std::to_string(i) + "\n\n" + kBodies[i] + "\n");
  }
  const fs::path idx = tmp / "idx";
  const std::string in = (tmp / "in").string();
  const std::string first = index(tmp, idx, {in});
  CHECK_MESSAGE(says(first, "articles: 3 added, 0 updated, 0 unchanged, 0 removed"), first);

  const auto revision = Xapian::Database(idx.string()).get_revision();
  const std::string second = index(tmp, idx, {in});
  CHECK_MESSAGE(says(second, "articles: 0 added, 0 updated, 3 unchanged, 0 removed"), second);
  CHECK(Xapian::Database(idx.string()).get_revision() == revision);

  write_file(tmp / "in/a2.txt", "기사 제목 2\n\n" + kBodies[3] + "\n");
  const std::string edited = index(tmp, idx, {in});
  CHECK_MESSAGE(says(edited, "articles: 0 added, 1 updated, 2 unchanged, 0 removed"), edited);
  CHECK(doc_ids(idx, "클라우드") == std::set<std::string>{"a2"});
  CHECK(doc_ids(idx, "반도체").empty());

  fs::remove(tmp / "in/a0.txt");
  const std::string kept = index(tmp, idx, {in});
  CHECK_MESSAGE(says(kept, "articles: 0 added, 0 updated, 2 unchanged, 0 removed"), kept);
  CHECK(doc_ids(idx, "지분") == std::set<std::string>{"a0"});

  const std::string pruned = index(tmp, idx, {"--prune", in});
  CHECK_MESSAGE(says(pruned, "articles: 0 added, 0 updated, 2 unchanged, 1 removed"), pruned);
  CHECK(doc_ids(idx, "지분").empty());
  CHECK(kosearch::Searcher(idx).stats().articles == 2);
}

TEST_CASE("CLI: a JSONL file built in parallel, then one record changed and one added") {
  TempDir tmp;
  std::string jsonl;
  for (int i = 0; i < 3; ++i) {
    jsonl += "{\"_id\": \"d" + std::to_string(i) + "\", \"title\": \"제목\", \"text\": \"" + kBodies[i] + "\"}\n";
  }
  write_file(tmp / "c.jsonl", jsonl);
  const fs::path idx = tmp / "idx";
  const std::string file = (tmp / "c.jsonl").string();
  const std::string first = index(tmp, idx, {"--threads", "2", file});
  CHECK_MESSAGE(says(first, "articles: 3 added"), first);
  const std::string second = index(tmp, idx, {file});
  CHECK_MESSAGE(says(second, "articles: 0 added, 0 updated, 3 unchanged, 0 removed"), second);

  std::string changed = jsonl;
  changed.replace(changed.find(kBodies[1]), kBodies[1].size(), "엔비디아가 클라우드 칩을 팔았다.");
  changed += "{\"_id\": \"d3\", \"title\": \"제목\", \"text\": \"" + kBodies[3] + "\"}\n";
  write_file(tmp / "c.jsonl", changed);
  const std::string third = index(tmp, idx, {file});
  CHECK_MESSAGE(says(third, "articles: 1 added, 1 updated, 2 unchanged, 0 removed"), third);
  CHECK(doc_ids(idx, "클라우드") == std::set<std::string>{"d1", "d3"});

  // --prune alone (no INPUT) removes the articles of the deleted file.
  fs::remove(tmp / "c.jsonl");
  const std::string pruned = index(tmp, idx, {"--prune"});
  CHECK_MESSAGE(says(pruned, "4 removed"), pruned);
  CHECK(kosearch::Searcher(idx).stats().passages == 0);
}
