// Round trips through a real on-disk Xapian index: write files, index, reopen, search.

#include <doctest/doctest.h>
#include <xapian.h>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "index_fixture.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::test::TempDir;
using kosearch::test::zstd_compress;
using kosearch::test::write_file;

namespace {

const char* kArticle =
    "테크\n\n메타, 스케일AI 지분 49% 확보하며 초지능 연구 가속\n\n"
    "메타가 스케일AI의 지분 49%를 143억 달러에 사들였다고 밝혔다.\n"
    "알렉산더 왕 창업자는 메타의 새 연구소를 이끌게 됐다.\n";

}  // namespace

TEST_CASE("txt folder: index, reopen, search, and re-indexing replaces") {
  TempDir tmp;
  write_file(tmp / "in/a1.txt", kArticle);
  write_file(tmp / "in/a2.txt", "다른 기사 제목이 여기 있습니다 정말로\n\n엔비디아가 새 칩을 발표했다.\n");
  const auto idx = tmp / "idx";
  {
    Indexer indexer(idx);
    const auto r = indexer.add_path(tmp / "in");
    CHECK(r.articles == 2);
    CHECK(r.skipped == 0);
    indexer.commit();
  }
  std::uint64_t passages_first = 0;
  {
    Searcher s(idx);
    passages_first = s.stats().passages;
    CHECK(s.stats().articles == 2);
    const auto r = s.search("스케일AI 지분");
    REQUIRE(!r.hits.empty());
    CHECK(r.hits[0].doc_id == "a1");
    CHECK(r.hits[0].passage_id == "a1#0");
    CHECK(r.hits[0].title == "메타, 스케일AI 지분 49% 확보하며 초지능 연구 가속");
    CHECK(r.hits[0].text.find("49%") != std::string::npos);
  }
  {
    Indexer indexer(idx);
    indexer.add_path(tmp / "in");
    indexer.add_path(tmp / "in");
    indexer.commit();
  }
  Searcher s(idx);
  CHECK(s.stats().passages == passages_first);
  CHECK(s.stats().articles == 2);
}

TEST_CASE("JSONL, JSONL.zst and BEIR folders") {
  TempDir tmp;
  const std::string jsonl =
      "{\"_id\": \"d1\", \"title\": \"메타\", \"text\": \"메타가 스케일AI 지분을 샀다.\"}\n"
      "{\"_id\": \"d2\", \"title\": \"엔비디아\", \"text\": \"엔비디아가 칩을 팔았다.\"}\n";
  write_file(tmp / "c.jsonl", jsonl);
  write_file(tmp / "c2.jsonl.zst", zstd_compress(jsonl));
  write_file(tmp / "beir/corpus.jsonl.zst", zstd_compress(jsonl));
  for (const auto* input : {"c.jsonl", "c2.jsonl.zst", "beir"}) {
    CAPTURE(input);
    const auto idx = tmp / (std::string("idx-") + input);
    Indexer indexer(idx);
    const auto r = indexer.add_path(tmp / input);
    CHECK(r.articles == 2);
    indexer.commit();
    Searcher s(idx);
    const auto res = s.search("지분");
    REQUIRE(res.hits.size() == 1);
    CHECK(res.hits[0].doc_id == "d1");
    CHECK(res.hits[0].title == "메타");
  }
}

TEST_CASE("malformed JSONL lines are reported with file:line and the rest is indexed") {
  TempDir tmp;
  write_file(tmp / "bad.jsonl",
             "{\"_id\": \"d1\", \"text\": \"첫 문서입니다.\"}\n"
             "{\"_id\": \"d2\", \"text\": \n"
             "{\"text\": \"아이디가 없습니다\"}\n"
             "{\"_id\": \"d4\", \"text\": \"넷째 문서입니다.\"}\n");
  Indexer indexer(tmp / "idx");
  const auto r = indexer.add_path(tmp / "bad.jsonl");
  CHECK(r.articles == 2);
  CHECK(r.skipped == 2);
  REQUIRE(r.problems.size() == 2);
  CHECK(r.problems[0].find("bad.jsonl:2:") != std::string::npos);
  CHECK(r.problems[1].find("bad.jsonl:3:") != std::string::npos);
  CHECK(r.problems[1].find("_id") != std::string::npos);

  IndexerOptions strict;
  strict.strict = true;
  Indexer strict_indexer(tmp / "idx2", strict);
  CHECK_THROWS_WITH_AS(strict_indexer.add_path(tmp / "bad.jsonl"), doctest::Contains("bad.jsonl:2"),
                       InvalidInput);
}

TEST_CASE("empty, binary and invalid UTF-8 files") {
  TempDir tmp;
  write_file(tmp / "in/empty.txt", "");
  write_file(tmp / "in/binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));
  write_file(tmp / "in/broken.txt", "깨진 바이트가 섞인 기사 제목 줄입니다\n\n본문 \xFF\xFE 지분 이야기.\n");
  Indexer indexer(tmp / "idx");
  const auto r = indexer.add_path(tmp / "in");
  CHECK(r.articles == 1);
  CHECK(r.skipped == 2);
  std::string all;
  for (const auto& p : r.problems) all += p + "\n";
  CHECK(all.find("empty.txt: empty file") != std::string::npos);
  CHECK(all.find("binary.txt: binary file") != std::string::npos);
  CHECK(all.find("broken.txt: invalid UTF-8 at byte") != std::string::npos);
  indexer.commit();
  Searcher s(tmp / "idx");
  CHECK(s.search("지분").hits.size() == 1);
}

namespace {

// A one-article index whose metadata `key` is then overwritten with `value`.
void index_with_metadata(const std::filesystem::path& idx, const std::string& key,
                         const std::string& value) {
  {
    Indexer indexer(idx);
    indexer.add({"d1", "제목", "본문 지분", ""});
    indexer.commit();
  }
  Xapian::WritableDatabase db(idx.string());
  db.set_metadata(key, value);
  db.commit();
}

}  // namespace

TEST_CASE("the searcher refuses an index built with another analyzer") {
  TempDir tmp;
  index_with_metadata(tmp / "idx", "kosearch:analyzer", "ko-bigram/0 unigram1=1 lead=0 maxterm=64");
  CHECK_THROWS_WITH_AS(Searcher(tmp / "idx"), doctest::Contains("--rebuild"), IndexVersionMismatch);
  CHECK_THROWS_AS(Indexer(tmp / "idx"), IndexVersionMismatch);
}

TEST_CASE("an index of an older schema (2: hit fields without the article id) is refused") {
  TempDir tmp;
  index_with_metadata(tmp / "idx", "kosearch:schema", "2");
  CHECK_THROWS_WITH_AS(Searcher(tmp / "idx"), doctest::Contains("kosearch index --rebuild"),
                       IndexVersionMismatch);
  CHECK_THROWS_AS(Indexer(tmp / "idx"), IndexVersionMismatch);
}

TEST_CASE("a second writer gets IndexLocked and a foreign directory is refused") {
  TempDir tmp;
  Indexer first(tmp / "idx");
  CHECK_THROWS_WITH_AS(Indexer(tmp / "idx"), doctest::Contains("another process"), IndexLocked);
  write_file(tmp / "notes/readme.txt", "hello");
  CHECK_THROWS_AS(Indexer(tmp / "notes"), IndexCorrupt);
  CHECK_THROWS_AS(Searcher(tmp / "missing"), IndexNotFound);
  CHECK_THROWS_AS(Searcher(tmp / "notes"), Error);
}

TEST_CASE("seeds: index and search round trip") {
  KOSEARCH_REQUIRE_SEEDS();
  TempDir tmp;
  Indexer indexer(tmp / "idx");
  const auto r = indexer.add_path(kosearch::test::shared_dir() / "seeds");
  CHECK(r.articles == 5);
  CHECK(r.skipped == 0);
  CHECK(r.passages > 5);  // long articles are cut into several passages
  indexer.commit();
  Searcher s(tmp / "idx");
  CHECK(s.stats().passages == r.passages);
}

TEST_CASE("positions: off for a new index, kept when extending, a contradiction is refused") {
  TempDir tmp;
  const auto plain = tmp / "plain";
  const auto with = tmp / "with";
  {
    Indexer indexer(plain);
    indexer.add({"a", "제목", "메타가 스케일AI의 지분을 샀다.", ""});
    indexer.commit();
  }
  CHECK_FALSE(Xapian::Database(plain.string()).has_positions());
  {
    IndexerOptions o;
    o.positions = true;
    Indexer indexer(with, o);
    indexer.add({"a", "제목", "메타가 스케일AI의 지분을 샀다.", ""});
    indexer.commit();
  }
  CHECK(Xapian::Database(with.string()).has_positions());
  {
    Indexer indexer(with);  // unset: keeps the index's setting
    indexer.add({"b", "제목", "엔비디아가 새 칩을 발표했다.", ""});
    indexer.commit();
  }
  Xapian::Database db(with.string());
  CHECK(db.get_doccount() == 2);
  REQUIRE(db.postlist_begin("엔비") != db.postlist_end("엔비"));
  const Xapian::docid added = *db.postlist_begin("엔비");  // the article added second
  CHECK(db.positionlist_begin(added, "엔비") != db.positionlist_end(added, "엔비"));
  IndexerOptions none;
  none.positions = false;
  CHECK_THROWS_AS(Indexer(with, none), IndexVersionMismatch);
  IndexerOptions some;
  some.positions = true;
  CHECK_THROWS_AS(Indexer(plain, some), IndexVersionMismatch);
}

TEST_CASE("a JSONL line longer than the reader's buffer is read whole and split into passages") {
  TempDir tmp;
  // About 3 MB on one line (the reader refills a 1 MiB buffer): no sentence is dropped, the
  // article becomes many passages, and its first and last words are both found.
  std::string text = "시작표지낱말 문장입니다. ";
  const std::string sentence = "메타가 스케일AI의 지분을 사들였다고 밝혔다. ";
  while (text.size() < 3u * 1024 * 1024) text += sentence;
  text += "마지막표지낱말 문장입니다.";
  write_file(tmp / "long.jsonl", "{\"_id\": \"long\", \"title\": \"긴 줄\", \"text\": \"" + text +
                                     "\"}\n{\"_id\": \"next\", \"text\": \"다음 줄도 읽힌다.\"}\n");
  {
    Indexer indexer(tmp / "idx");
    const auto r = indexer.add_path(tmp / "long.jsonl");
    CHECK(r.articles == 2);
    CHECK(r.skipped == 0);
    CHECK(r.passages > 1500);  // ~3 MB in windows of about 500 characters (~1.3 KB)
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  for (const char* q : {"시작표지낱말", "마지막표지낱말"}) {
    const auto hits = s.search(q).hits;
    REQUIRE_FALSE(hits.empty());
    CHECK(hits[0].doc_id == "long");
  }
  CHECK_FALSE(s.search("다음 줄도").hits.empty());
}

TEST_CASE("every hit carries its article id, title, passage number and offsets, collapsed or not") {
  TempDir tmp;
  std::string text;
  for (int i = 0; i < 80; ++i) text += "메타가 스케일AI의 지분을 " + std::to_string(i) + "번째로 사들였다고 밝혔다. ";
  // An id longer than a Xapian term allows: its id terms are hashed down, the hit shows it whole.
  const std::string long_id = "기사-" + std::string(300, 'x');
  // An id with spaces and digits next to a title that starts with a number: the hit fields
  // keep them apart.
  const std::string spaced_id = "7 12 x";
  write_file(tmp / "c.jsonl", "{\"_id\": \"" + long_id + "\", \"title\": \"메타 지분 인수 소식\", \"text\": \"" +
                                  text + "\"}\n{\"_id\": \"" + spaced_id +
                                  "\", \"title\": \"2024 결산\", \"text\": \"엔비디아가 새 칩을 발표했다.\"}\n");
  {
    Indexer indexer(tmp / "idx");
    CHECK(indexer.add_path(tmp / "c.jsonl").passages > 3);
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  for (bool collapse : {false, true}) {
    CAPTURE(collapse);
    SearchOptions o;
    o.one_per_article = collapse;
    const auto hits = s.search("스케일AI 지분", o).hits;
    REQUIRE_FALSE(hits.empty());
    CHECK(hits.size() == (collapse ? 1u : s.stats().passages - 1));
    for (const auto& h : hits) {
      CHECK(h.doc_id == long_id);
      CHECK(h.title == "메타 지분 인수 소식");
      CHECK(h.passage_id.rfind(long_id + "#", 0) == 0);
      REQUIRE(h.passage_end > h.passage_begin);
      REQUIRE(h.passage_end <= text.size());
      CHECK(text.substr(h.passage_begin, h.passage_end - h.passage_begin) == h.text);
    }
    const auto other = s.search("엔비디아 칩", o).hits;
    REQUIRE(other.size() == 1);
    CHECK(other[0].doc_id == spaced_id);
    CHECK(other[0].title == "2024 결산");
    CHECK(other[0].passage_id == spaced_id + "#0");
  }
}

TEST_CASE("a folder: .txt articles and JSONL files indexed, other files named, indexes and hidden files left alone") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", kArticle);
  write_file(tmp / "in/sub/note.txt", "엔비디아 칩 발표\n");  // one line: its own text
  write_file(tmp / "in/more.jsonl",
             "{\"_id\": \"j1\", \"title\": \"구글\", \"text\": \"구글이 클라우드 센터를 늘린다.\"}\n");
  write_file(tmp / "in/README.md", "# 설명\n");
  write_file(tmp / "in/.hidden/x.txt", "숨은 파일의 반도체 기사\n");
  // The index itself inside the folder it indexes.
  const auto idx = tmp / "in/idx";
  IngestReport r;
  {
    // Two writer threads, so that the JSONL file (after a.txt) would take the parallel build's
    // path, which replaces the database: it must not while a.txt is in it.
    IndexerOptions two;
    two.threads = 2;
    Indexer indexer(idx, two);
    r = indexer.add_path(tmp / "in");
    indexer.commit();
  }
  CHECK(r.articles == 3);
  CHECK(r.skipped == 0);
  std::string notes;
  for (const auto& n : r.notes) notes += n + "\n";
  CHECK(notes.find("1 file not indexed, neither .txt nor .jsonl[.zst] (README.md)") != std::string::npos);
  CHECK(notes.find("glass") == std::string::npos);
  Searcher s(idx);
  CHECK(s.search("엔비디아 칩").hits.at(0).doc_id == "sub/note");  // named by its path in the folder
  CHECK(s.search("클라우드").hits.at(0).doc_id == "j1");
  CHECK(s.search("반도체").hits.empty());
  // The second run finds both files unchanged.
  Indexer again(idx);
  const auto r2 = again.add_path(tmp / "in");
  CHECK(r2.unchanged == 3);
  CHECK(r2.articles == 0);
}

TEST_CASE("a JSONL file after other articles in a new index keeps them (no parallel rebuild over them)") {
  TempDir tmp;
  write_file(tmp / "c.jsonl",
             "{\"_id\": \"j1\", \"title\": \"구글\", \"text\": \"구글이 클라우드 센터를 늘린다.\"}\n"
             "{\"_id\": \"j2\", \"title\": \"애플\", \"text\": \"애플이 새 칩을 만든다.\"}\n");
  IndexerOptions two;
  two.threads = 2;
  {
    Indexer indexer(tmp / "idx", two);
    indexer.add({"first", "메타", "메타가 스케일AI 지분을 샀다.", ""});
    CHECK(indexer.add_path(tmp / "c.jsonl").articles == 2);
    CHECK(indexer.passage_count() == 3);
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  CHECK(s.stats().passages == 3);
  CHECK(s.search("스케일AI").hits.size() == 1);
  // The same file into a second new index alone: the parallel build, the same passages.
  {
    Indexer indexer(tmp / "idx2", two);
    indexer.add_path(tmp / "c.jsonl");
    indexer.add({"first", "메타", "메타가 스케일AI 지분을 샀다.", ""});
    indexer.commit();
  }
  CHECK(Searcher(tmp / "idx2").stats().passages == 3);
}

TEST_CASE("an existing index is extended with its own analyzer and passage settings, another is refused") {
  TempDir tmp;
  IndexerOptions built;
  built.analyzer = "ko-bigram-nox";
  built.passages = PassageOptions{300, 600, 0};
  for (const std::uint32_t shards : {0u, 2u}) {
    CAPTURE(shards);
    const auto idx = tmp / ("idx" + std::to_string(shards));
    built.shards = shards;
    {
      Indexer indexer(idx, built);
      indexer.add({"d1", "제목", "메타가 스케일AI 지분을 샀다.", ""});
      indexer.commit();
    }
    {
      Indexer indexer(idx);  // nothing said: the index's own settings
      indexer.add({"d2", "제목", "엔비디아가 칩을 팔았다.", ""});
      indexer.commit();
    }
    const auto stats = Searcher(idx).stats();
    CHECK(stats.passages == 2);
    CHECK(stats.analyzer.rfind("ko-bigram-nox/", 0) == 0);
    CHECK(stats.passage_settings == "target=300 max=600 overlap=0");
    IndexerOptions other;
    other.analyzer = "ko-bigram";
    CHECK_THROWS_WITH_AS(Indexer(idx, other), doctest::Contains("Leave out --analyzer"), IndexVersionMismatch);
    other = {};
    other.passages = PassageOptions{};
    CHECK_THROWS_WITH_AS(Indexer(idx, other), doctest::Contains("Leave out --passage-chars"), IndexVersionMismatch);
    other.rebuild = true;  // a rebuild takes the settings given (and the defaults)
    {
      Indexer indexer(idx, other);
      indexer.add({"d3", "제목", "구글이 클라우드를 늘린다.", ""});
      indexer.commit();
    }
    CHECK(Searcher(idx).stats().analyzer.rfind("ko-bigram/", 0) == 0);
    CHECK(Searcher(idx).stats().passages == 1);
  }
}

TEST_CASE("apply_indexer_option sets options by name and refuses bad ones unchanged") {
  IndexerOptions o;
  apply_indexer_option(o, "analyzer", "ko-bigram-nox");
  apply_indexer_option(o, "passage_max", "2000");
  apply_indexer_option(o, "append_only", "on");
  apply_indexer_option(o, "shards", "4");
  CHECK(o.analyzer == "ko-bigram-nox");
  REQUIRE(o.passages);
  CHECK(*o.passages == PassageOptions{500, 2000, 1});
  CHECK(o.append_only == true);
  CHECK(o.shards == 4);
  CHECK_THROWS_WITH_AS(apply_indexer_option(o, "passage_chars", "-5"),
                       doctest::Contains("option passage_chars: '-5' is not an integer from 20 to"), InvalidArgument);
  // Values a build cannot use are refused with the range (kosearch/indexer/option_limits.hpp).
  CHECK_THROWS_AS(apply_indexer_option(o, "passage_chars", "0"), InvalidArgument);
  CHECK_THROWS_AS(apply_indexer_option(o, "flush_every", "0"), InvalidArgument);
  CHECK_THROWS_WITH_AS(apply_indexer_option(o, "threads", "4294967295"),
                       doctest::Contains("from 0 to 1024"), InvalidArgument);
  CHECK(*o.passages == PassageOptions{500, 2000, 1});
  CHECK(o.flush_passages == IndexerOptions{}.flush_passages);
  CHECK_THROWS_WITH_AS(apply_indexer_option(o, "shard", "2"), doctest::Contains("valid: analyzer"), InvalidArgument);
  CHECK_THROWS_AS(apply_indexer_option(o, "positions", "maybe"), InvalidArgument);
  CHECK(!o.positions);
  CHECK(PassageOptions::from_string("target=300 max=600 overlap=0") == PassageOptions{300, 600, 0});
  CHECK(!PassageOptions::from_string("target=300 max=600"));
  CHECK(!PassageOptions::from_string(""));
}
