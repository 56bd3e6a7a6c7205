// Ways to lose articles without a crash (issue 20): .txt files with one name in two folders, links,
// an index from before path ids, two JSONL files with one _id, a UTF-8 BOM, a short headline.

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/article.hpp"
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

std::string txt(const std::string& title, const std::string& body) { return title + "\n\n" + body + "\n"; }

std::set<std::string> doc_ids(const fs::path& idx, const std::string& q) {
  std::set<std::string> out;
  for (const auto& h : Searcher(idx).search(q).hits) out.insert(h.doc_id);
  return out;
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
  return std::any_of(lines.begin(), lines.end(), [&](const auto& l) { return l.find(what) != std::string::npos; });
}

std::vector<std::string> all_hits(const fs::path& idx) {
  return hit_lines(idx, {"사과", "바나나", "포도", "이야기"}, true);
}

}  // namespace

TEST_CASE("txt ids: same-named files in two folders are two articles, named by their path") {
  TempDir tmp;
  const auto in = tmp / "in";
  write_file(in / "a" / "note.txt", txt("과수원 소식 사과 농장 이야기", "사과가 붉게 익었다고 농부가 말했다."));
  write_file(in / "b" / "note.txt", txt("과수원 소식 포도 농장 이야기", "포도가 알알이 여물었다고 농부가 말했다."));
  write_file(in / "2025" / "08" / "14" / "index.txt", txt("과수원 소식 바나나 농장 이야기", "바나나가 노랗게 익었다."));
  const auto idx = tmp / "idx";
  const IngestReport first = index(idx, in);
  CHECK(first.added == 3);
  CHECK(first.updated == 0);
  CHECK(Searcher(idx).stats().articles == 3);
  CHECK(doc_ids(idx, "사과가") == std::set<std::string>{"a/note"});
  CHECK(doc_ids(idx, "포도가") == std::set<std::string>{"b/note"});
  CHECK(doc_ids(idx, "바나나가") == std::set<std::string>{"2025/08/14/index"});

  // Editing one updates it alone; the other keeps its article.
  write_file(in / "a" / "note.txt", txt("과수원 소식 사과 농장 이야기", "사과가 모두 팔렸다고 농부가 말했다."));
  const IngestReport second = index(idx, in);
  CHECK(second.updated == 1);
  CHECK(second.unchanged == 2);
  CHECK(doc_ids(idx, "포도가") == std::set<std::string>{"b/note"});
  CHECK(doc_ids(idx, "팔렸다") == std::set<std::string>{"a/note"});

  // A file given alone keeps its name as id.
  const auto single = tmp / "single";
  index(single, in / "b" / "note.txt");
  CHECK(doc_ids(single, "포도가") == std::set<std::string>{"note"});
}

TEST_CASE("txt ids: two links to one file are one article, said once") {
  TempDir tmp;
  const auto in = tmp / "in";
  write_file(tmp / "outside" / "story.txt", txt("과수원 소식 사과 농장 이야기", "사과가 붉게 익었다."));
  fs::create_directories(in);
  fs::create_symlink(tmp / "outside" / "story.txt", in / "one.txt");
  fs::create_symlink(tmp / "outside" / "story.txt", in / "two.txt");
  const IngestReport r = index(tmp / "idx", in);
  CHECK(r.added == 1);
  CHECK(r.files == 1);
  CHECK(Searcher(tmp / "idx").stats().articles == 1);
  CHECK_MESSAGE(mentions(r.notes, "same file"), r.notes.size());
  CHECK(doc_ids(tmp / "idx", "사과가") == std::set<std::string>{"one"});
}

TEST_CASE("txt ids: an index from before path ids is refused for .txt input with a rebuild message") {
  TempDir tmp;
  const auto in = tmp / "in";
  write_file(in / "a" / "note.txt", txt("과수원 소식 사과 농장 이야기", "사과가 붉게 익었다."));
  const auto idx = tmp / "idx";
  index(idx, in);
  {
    Xapian::WritableDatabase db(idx.string());
    db.set_metadata("kosearch:txt_ids", "");  // as an index of the previous version
    db.commit();
  }
  try {
    index(idx, in);
    FAIL("an index with stem ids was extended");
  } catch (const IndexVersionMismatch& e) {
    const std::string what = e.what();
    CHECK_MESSAGE(what.find("--rebuild") != std::string::npos, what);
    CHECK_MESSAGE(what.find("a/note") != std::string::npos, what);
  }
  CHECK(index(idx, in, [] { IndexerOptions o; o.rebuild = true; return o; }()).added == 1);
  CHECK(doc_ids(idx, "사과가") == std::set<std::string>{"a/note"});

  // An old index of JSONL records only has no .txt article to rename: it goes on.
  const auto jidx = tmp / "jidx";
  write_file(tmp / "j.jsonl", rec("j1", "과수원 소식", "바나나가 노랗게 익었다."));
  index(jidx, tmp / "j.jsonl");
  {
    Xapian::WritableDatabase db(jidx.string());
    db.set_metadata("kosearch:txt_ids", "");
    db.commit();
  }
  CHECK(index(jidx, in).added == 1);
}

TEST_CASE("JSONL: two files with one _id: the path sorting last keeps it, incremental == fresh, prune keeps the other's") {
  TempDir tmp;
  const auto in = tmp / "in";
  const auto f1 = in / "f1.jsonl", f2 = in / "f2.jsonl";
  write_file(f1, rec("x", "과수원 소식", "사과 이야기를 전한다.") + rec("y", "과수원 소식", "포도 이야기를 전한다."));
  write_file(f2, rec("z", "과수원 소식", "배 이야기를 전한다.") + rec("x", "과수원 소식", "바나나 이야기를 전한다."));
  auto fresh_of = [&](const std::string& name) {
    const auto idx = tmp / name;
    index(idx, in);
    return idx;
  };

  const auto inc = tmp / "inc";
  const IngestReport first = index(inc, in);
  CHECK(doc_ids(inc, "바나나") == std::set<std::string>{"x"});
  CHECK(doc_ids(inc, "사과").empty());
  // Reported with both file:line, and as a skipped record (exit 3).
  CHECK_MESSAGE(mentions(first.problems, f2.string() + ":2: _id \"x\" is also in " +
                                             fs::canonical(f1).string() + ":1"),
                (first.problems.empty() ? std::string("no problem") : first.problems[0]));
  CHECK(first.skipped == 1);

  // The same files given the other way round: the same article.
  {
    const auto reversed = tmp / "reversed";
    Indexer ix(reversed);
    ix.add_path(f2);
    ix.add_path(f1);
    ix.commit();
    CHECK(doc_ids(reversed, "바나나") == std::set<std::string>{"x"});
  }

  // f1 changes (x too): f2 still keeps x, as a fresh build says.
  write_file(f1, rec("x", "과수원 소식", "사과 주스 이야기를 전한다.") + rec("y", "과수원 소식", "포도 이야기를 전한다."));
  index(inc, in);
  CHECK(doc_ids(inc, "바나나") == std::set<std::string>{"x"});
  CHECK(all_hits(inc) == all_hits(fresh_of("fresh1")));
  // A run with nothing changed changes nothing.
  index(inc, in);
  CHECK(all_hits(inc) == all_hits(fresh_of("fresh2")));

  // f2 deleted and pruned: x comes back from f1, which still holds it.
  fs::remove(f2);
  {
    IndexerOptions o;
    o.prune = true;
    Indexer ix(inc, o);
    ix.add_path(in);
    ix.prune();
    ix.commit();
  }
  CHECK(doc_ids(inc, "주스") == std::set<std::string>{"x"});
  CHECK(all_hits(inc) == all_hits(fresh_of("fresh3")));
}

TEST_CASE("JSONL: a UTF-8 byte order mark before the first record is not part of it") {
  TempDir tmp;
  write_file(tmp / "bom.jsonl", "\xEF\xBB\xBF" + rec("b1", "과수원 소식", "사과 이야기를 전한다.") +
                                    rec("b2", "과수원 소식", "포도 이야기를 전한다."));
  const IngestReport r = index(tmp / "idx", tmp / "bom.jsonl");
  CHECK(r.added == 2);
  CHECK(r.skipped == 0);
  CHECK(doc_ids(tmp / "idx", "사과") == std::set<std::string>{"b1"});
}

TEST_CASE("txt: a headline shorter than ten characters is kept as the title") {
  const ParsedArticle a = parse_article("바나나 이야기\n\n바나나는 노랗게 익으면 달다. 시장에서 잘 팔린다.\n");
  CHECK(a.title == "바나나 이야기");
  CHECK(a.body.find("바나나는") == 0);
  TempDir tmp;
  write_file(tmp / "in" / "banana.txt", "바나나 이야기\n\n바나나는 노랗게 익으면 달다. 시장에서 잘 팔린다.\n");
  index(tmp / "idx", tmp / "in");
  CHECK(doc_ids(tmp / "idx", "이야기") == std::set<std::string>{"banana"});
}
