// Incremental indexing through the real Indexer on real files: unchanged files are skipped (and
// leave the index as it was), changed ones are rewritten article by article, and pruning deletes
// the articles of files that are gone.

#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <set>
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
using kosearch::test::zstd_compress;
using kosearch::test::write_file;
namespace fs = std::filesystem;

namespace {

std::string txt(const std::string& title, const std::string& body) { return title + "\n\n" + body + "\n"; }

const std::vector<std::string> kBodies = {
    "메타가 스케일AI의 지분 49%를 사들였다고 밝혔다.",
    "엔비디아가 새 인공지능 칩을 발표했다.",
    "삼성전자가 반도체 공장에 투자한다고 밝혔다.",
    "구글이 클라우드 데이터 센터를 늘린다.",
    "오픈AI가 새 모델의 라벨링 데이터를 샀다."};

std::string corpus(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += rec("d" + std::to_string(i), "제목 " + std::to_string(i), kBodies[i]);
  return out;
}

// Every hit (passage id and score) of a few queries: equal iff the searches agree.
std::vector<std::string> results(const fs::path& idx) {
  return hit_lines(idx, {"지분", "인공지능 칩", "반도체 투자", "클라우드", "데이터"});
}

std::set<std::string> doc_ids(const fs::path& idx, const std::string& q) {
  std::set<std::string> out;
  for (const auto& h : Searcher(idx).search(q).hits) out.insert(h.doc_id);
  return out;
}

// Runs `work` in a child process that ends with _exit, like a killed indexer: nothing after the
// last commit reaches the disk as long as `work` leaves its Indexer undestroyed (Xapian's
// destructor commits). `work` returns whether its own checks passed.
template <class F>
void in_killed_child(F work) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    bool ok = false;
    try {
      ok = work();
    } catch (...) {
    }
    ::_exit(ok ? 0 : 3);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
}

}  // namespace

TEST_CASE("incremental: a second run over the same txt folder changes nothing") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) write_file(tmp / ("in/a" + std::to_string(i) + ".txt"), txt("기사 제목 " + std::to_string(i), kBodies[i]));
  const auto idx = tmp / "idx";
  const auto first = index(idx, tmp / "in");
  CHECK(first.added == 3);
  CHECK(first.updated == 0);
  CHECK(first.unchanged == 0);
  const auto before = results(idx);
  const auto revision = Xapian::Database(idx.string()).get_revision();
  const auto docs = Xapian::Database(idx.string()).get_doccount();

  const auto second = index(idx, tmp / "in");
  CHECK(second.unchanged == 3);
  CHECK(second.added == 0);
  CHECK(second.updated == 0);
  CHECK(second.removed == 0);
  CHECK(second.articles == 0);
  CHECK(second.files == 3);
  CHECK(Xapian::Database(idx.string()).get_doccount() == docs);
  CHECK(Xapian::Database(idx.string()).get_revision() == revision);  // nothing was written
  CHECK(results(idx) == before);
  CHECK(!before.empty());
}

TEST_CASE("incremental: one of three txt files edited is updated, the others unchanged") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) write_file(tmp / ("in/a" + std::to_string(i) + ".txt"), txt("기사 제목 " + std::to_string(i), kBodies[i]));
  const auto idx = tmp / "idx";
  index(idx, tmp / "in");
  CHECK(doc_ids(idx, "클라우드").empty());
  write_file(tmp / "in/a1.txt", txt("기사 제목 1", kBodies[3]));
  const auto r = index(idx, tmp / "in");
  CHECK(r.updated == 1);
  CHECK(r.unchanged == 2);
  CHECK(r.added == 0);
  CHECK(doc_ids(idx, "클라우드") == std::set<std::string>{"a1"});
  CHECK(doc_ids(idx, "엔비디아").empty());  // the old text is gone
  CHECK(Searcher(idx).stats().articles == 3);
}

TEST_CASE("incremental: a JSONL file with one record changed and one added") {
  TempDir tmp;
  const auto file = tmp / "c.jsonl";
  write_file(file, corpus(4));
  const auto idx = tmp / "idx";
  IndexerOptions serial;
  serial.threads = 1;
  CHECK(index(idx, file, serial).added == 4);
  const auto revision = Xapian::Database(idx.string()).get_revision();
  // Unchanged: skipped without reading a record.
  const auto same = index(idx, file, serial);
  CHECK(same.unchanged == 4);
  CHECK(same.articles == 0);
  CHECK(Xapian::Database(idx.string()).get_revision() == revision);

  std::string changed = corpus(4);
  changed.replace(changed.find(kBodies[2]), kBodies[2].size(), "삼성전자가 클라우드 반도체에 투자한다.");
  changed += rec("d4", "제목 4", kBodies[4]);
  write_file(file, changed);
  const auto r = index(idx, file, serial);
  CHECK(r.updated == 1);
  CHECK(r.added == 1);
  CHECK(r.unchanged == 3);
  CHECK(r.articles == 2);
  CHECK(doc_ids(idx, "클라우드") == std::set<std::string>{"d2", "d3"});
  CHECK(Searcher(idx).stats().articles == 5);
  // And now it is recorded again.
  CHECK(index(idx, file, serial).unchanged == 5);
}

TEST_CASE("incremental: the fresh parallel build records the same hashes and sources") {
  TempDir tmp;
  const auto file = tmp / "c.jsonl";
  write_file(file, corpus(5));
  IndexerOptions parallel;
  parallel.threads = 3;
  const auto idx = tmp / "idx";
  const auto first = index(idx, file, parallel);
  CHECK(first.added == 5);
  CHECK(first.articles == 5);
  CHECK(index(idx, file, parallel).unchanged == 5);
  // Per-article hashes and source terms: only the edited record is rewritten.
  std::string changed = corpus(5);
  changed.replace(changed.find(kBodies[0]), kBodies[0].size(), "메타가 지분을 팔았다.");
  write_file(file, changed);
  const auto r = index(idx, file, parallel);
  CHECK(r.updated == 1);
  CHECK(r.unchanged == 4);
  // A vanished record is deleted with `prune`, and the file removed with Indexer::prune.
  write_file(file, rec("d0", "제목 0", "메타가 지분을 팔았다.") + rec("d1", "제목 1", kBodies[1]));
  IndexerOptions prune = parallel;
  prune.prune = true;
  const auto p = index(idx, file, prune);
  CHECK(p.removed == 3);
  CHECK(p.unchanged == 2);
  CHECK(Searcher(idx).stats().articles == 2);
}

TEST_CASE("incremental: articles gone from a changed JSONL file stay unless pruning") {
  TempDir tmp;
  const auto file = tmp / "c.jsonl";
  write_file(file, corpus(4));
  const auto idx = tmp / "idx";
  index(idx, file);
  write_file(file, corpus(3));  // d3 is gone
  const auto kept = index(idx, file);
  CHECK(kept.removed == 0);
  CHECK(kept.unchanged == 3);
  CHECK(doc_ids(idx, "클라우드") == std::set<std::string>{"d3"});
  write_file(file, corpus(2));  // changed again: d2 is gone too
  IndexerOptions o;
  o.prune = true;
  const auto pruned = index(idx, file, o);
  CHECK(pruned.removed == 2);
  CHECK(pruned.unchanged == 2);
  CHECK(doc_ids(idx, "클라우드").empty());
  CHECK(Searcher(idx).stats().articles == 2);
}

TEST_CASE("incremental: a deleted file is removed by prune, and only by prune") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) write_file(tmp / ("in/a" + std::to_string(i) + ".txt"), txt("기사 제목 " + std::to_string(i), kBodies[i]));
  write_file(tmp / "other.jsonl", rec("x1", "다른", kBodies[3]));
  const auto idx = tmp / "idx";
  index(idx, tmp / "in");
  index(idx, tmp / "other.jsonl");
  fs::remove(tmp / "in/a1.txt");
  {
    const auto r = index(idx, tmp / "in");  // no pruning
    CHECK(r.removed == 0);
    CHECK(r.unchanged == 2);
    CHECK(doc_ids(idx, "엔비디아") == std::set<std::string>{"a1"});
  }
  fs::remove(tmp / "other.jsonl");
  {
    Indexer indexer(idx);
    const auto r = indexer.prune();
    CHECK(r.removed == 2);  // a1 and x1
    indexer.commit();
  }
  CHECK(doc_ids(idx, "엔비디아").empty());
  CHECK(doc_ids(idx, "클라우드").empty());
  CHECK(Searcher(idx).stats().articles == 2);
  {
    Indexer indexer(idx);
    CHECK(indexer.prune().removed == 0);  // forgotten: nothing left to prune
  }
  // A file that comes back is added again.
  write_file(tmp / "in/a1.txt", txt("기사 제목 1", kBodies[1]));
  const auto back = index(idx, tmp / "in");
  CHECK(back.added == 1);
  CHECK(back.unchanged == 2);
}

TEST_CASE("incremental: BEIR folders and .jsonl.zst files are skipped when unchanged") {
  TempDir tmp;
  write_file(tmp / "beir/corpus.jsonl.zst", zstd_compress(corpus(3)));
  write_file(tmp / "c.jsonl.zst", zstd_compress(corpus(5)));
  const auto idx = tmp / "idx";
  CHECK(index(idx, tmp / "beir").added == 3);
  CHECK(index(idx, tmp / "beir").unchanged == 3);  // skipped whole
  // The same ids in two files (c.jsonl.zst and beir/corpus.jsonl.zst hold d0..d2): the path
  // sorting last keeps them (c.jsonl.zst), each clash reported; the BEIR file is read again
  // (it no longer holds all its articles) and changes nothing.
  const auto c = index(idx, tmp / "c.jsonl.zst");
  CHECK(c.updated == 3);
  CHECK(c.added == 2);
  CHECK(c.skipped == 3);
  CHECK(index(idx, tmp / "c.jsonl.zst").unchanged == 5);
  const auto beir = index(idx, tmp / "beir");
  CHECK(beir.articles == 0);
  CHECK(beir.skipped == 3);
}

TEST_CASE("incremental: a run that is not committed leaves its file unrecorded") {
  TempDir tmp;
  const auto file = tmp / "c.jsonl";
  const auto idx = tmp / "idx";
  IndexerOptions o;
  o.threads = 1;
  o.commit_every = 2;
  {
    // Killed: d0..d3 are committed by commit_every, d4 and the file's record are not.
    Indexer seeded(idx, o);
    seeded.add({"seed", "씨앗", "씨앗 문서입니다.", ""});
    seeded.commit();
  }
  write_file(file, corpus(5));
  in_killed_child([&] {
    auto* indexer = new Indexer(idx, o);  // never destroyed: Xapian's destructor would commit
    return indexer->add_path(file).added == 5;
  });
  CHECK(Searcher(idx).stats().articles == 5);  // seed + d0..d3
  const auto rerun = index(idx, file, o);
  CHECK(rerun.unchanged == 4);
  CHECK(rerun.added == 1);

  // A changed file whose rewrite is cut short: its old record is forgotten in the first commit,
  // so even when the file is put back as it was recorded, it is read again and repaired.
  const std::string v1 = corpus(5);
  std::string v2 = v1;
  v2.replace(v2.find(kBodies[0]), kBodies[0].size(), "메타가 지분을 팔았다.");
  write_file(file, v2);
  o.commit_every = 1;
  in_killed_child([&] {
    auto* indexer = new Indexer(idx, o);  // never destroyed: Xapian's destructor would commit
    return indexer->add_path(file).updated == 1;
  });  // d0's rewrite is committed (commit_every 1), the file's new record is not
  CHECK(doc_ids(idx, "팔았다") == std::set<std::string>{"d0"});
  write_file(file, v1);
  const auto repaired = index(idx, file, o);
  CHECK(repaired.updated == 1);
  CHECK(repaired.unchanged == 4);
  CHECK(doc_ids(idx, "팔았다").empty());
}

TEST_CASE("remove: articles by id; the next run reads their files again") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) write_file(tmp / ("in/a" + std::to_string(i) + ".txt"), txt("기사 제목 " + std::to_string(i), kBodies[i]));
  write_file(tmp / "c.jsonl", corpus(5));  // d0..d4, the same bodies
  const auto idx = tmp / "idx";
  index(idx, tmp / "in");
  index(idx, tmp / "c.jsonl");
  const auto before = Searcher(idx).stats().passages;
  {
    Indexer indexer(idx);
    CHECK(indexer.remove("a1") == 1);
    CHECK(indexer.remove("d2") == 1);
    CHECK(indexer.remove("a1") == 0);  // gone already (not yet committed)
    CHECK(indexer.remove("nothere") == 0);
    CHECK_THROWS_AS(indexer.remove(""), InvalidInput);
    indexer.commit();
  }
  CHECK(Searcher(idx).stats().passages == before - 2);
  CHECK(doc_ids(idx, "엔비디아") == std::set<std::string>{"d1"});
  CHECK(doc_ids(idx, "반도체") == std::set<std::string>{"a2"});
  // Their files are read again: each gets its article back, the others are unchanged.
  const auto txts = index(idx, tmp / "in");
  CHECK(txts.added == 1);
  CHECK(txts.unchanged == 2);
  const auto jsonl = index(idx, tmp / "c.jsonl");
  CHECK(jsonl.added == 1);
  CHECK(jsonl.unchanged == 4);
  CHECK(doc_ids(idx, "반도체") == std::set<std::string>{"a2", "d2"});
  CHECK(Searcher(idx).stats().passages == before);
  // A third run skips both files as unchanged again.
  CHECK(index(idx, tmp / "c.jsonl").unchanged == 5);
}

TEST_CASE("remove: an article added without a file, in a fresh index and in shards") {
  TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"x", "제목", "엔비디아가 새 칩을 발표했다.", ""});
    CHECK(indexer.remove("x") == 1);
    CHECK(indexer.passage_count() == 0);
    indexer.add({"x", "제목", "엔비디아가 새 칩을 또 발표했다.", ""});
    indexer.commit();
  }
  CHECK(doc_ids(tmp / "idx", "엔비디아") == std::set<std::string>{"x"});
  CHECK(Searcher(tmp / "idx").stats().passages == 1);

  write_file(tmp / "c.jsonl", corpus(5));
  IndexerOptions sharded;
  sharded.shards = 3;
  index(tmp / "sh", tmp / "c.jsonl", sharded);
  {
    Indexer indexer(tmp / "sh");  // the layout is the existing index's
    for (const char* id : {"d0", "d1", "d2", "d3", "d4"}) CHECK(indexer.remove(id) == 1);
    indexer.commit();
  }
  CHECK(Searcher(tmp / "sh").stats().passages == 0);
  CHECK(index(tmp / "sh", tmp / "c.jsonl").added == 5);
}

TEST_CASE("remove: an article of a file with a path too long for a plain term is read again too") {
  TempDir tmp;
  const fs::path deep = tmp / std::string(120, 'a') / std::string(120, 'b');  // > 240 bytes in all
  write_file(deep / "long.txt", txt("기사 제목", kBodies[0]));
  write_file(deep / "short.txt", txt("다른 제목", kBodies[1]));
  const auto idx = tmp / "idx";
  index(idx, deep);
  {
    Indexer indexer(idx);
    CHECK(indexer.remove("long") == 1);
    indexer.commit();
  }
  const auto again = index(idx, deep);
  CHECK(again.added == 1);
  CHECK(again.unchanged == 1);
}
