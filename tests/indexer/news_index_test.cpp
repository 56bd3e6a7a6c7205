// News fields through an index: JSONL names and aliases, warnings naming file:line, the fields
// on each hit, the per-field article counts, and an index built before the fields.
#include <doctest/doctest.h>
#include <xapian.h>

#include <fstream>
#include <string>

#include "index_fixture.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using namespace kosearch;

namespace {

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

const Hit* hit_of(const SearchResults& r, const std::string& doc) {
  for (const auto& h : r.hits) {
    if (h.doc_id == doc) return &h;
  }
  return nullptr;
}

bool has_problem(const IngestReport& r, const std::string& needle) {
  for (const auto& p : r.problems) {
    if (p.find(needle) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("JSONL: field names and their aliases, kept on every hit of the article") {
  test::TempDir tmp;
  const auto file = tmp / "news.jsonl";
  write(file,
        R"({"_id": "a", "title": "청년 주거 지원", "text": "정부가 청년 주거 지원 예산을 늘린다.", "published": "2024-12-21T17:02:00+09:00", "updated": "2024-12-21 18:00", "publisher": "뉴스1", "reporters": ["이철수", "김영희"], "section": "경제", "url": "https://example.com/a", "captions": ["청년 주택 단지"]})"
        "\n"
        R"({"_id": "b", "title": "", "text": "청년 주거 정책에 대한 다른 기사다.", "date": "2024-11-02", "source": "연합뉴스", "author": "홍길동 기자", "category": "사회", "link": "https://example.com/b"})"
        "\n"
        R"({"_id": "c", "text": "청년 주거 문제를 다룬 세 번째 기사다.", "datetime": 1730528100, "press": "한겨레", "byline": "김민지·박찬", "modified": "2024.11.03 09:00"})"
        "\n");
  const IngestReport r = test::index(tmp / "idx", file);
  CHECK(r.problems.empty());
  CHECK(r.articles == 3);

  Searcher s(tmp / "idx");
  const SearchResults res = s.search("청년 주거");
  const Hit* a = hit_of(res, "a");
  const Hit* b = hit_of(res, "b");
  const Hit* c = hit_of(res, "c");
  REQUIRE((a && b && c));
  CHECK(iso8601(*a->fields.published, a->fields.published_offset_minutes) == "2024-12-21T17:02:00+09:00");
  CHECK(iso8601(*a->fields.updated, a->fields.updated_offset_minutes) == "2024-12-21T18:00:00+09:00");
  CHECK(a->fields.publisher == "뉴스1");
  CHECK(a->fields.reporters == std::vector<std::string>{"이철수", "김영희"});
  CHECK(a->fields.section == "경제");
  CHECK(a->fields.url == "https://example.com/a");
  CHECK(iso8601(*b->fields.published, b->fields.published_offset_minutes) == "2024-11-02T00:00:00+09:00");
  CHECK(b->fields.publisher == "연합뉴스");
  CHECK(b->fields.reporters == std::vector<std::string>{"홍길동"});
  CHECK(b->fields.section == "사회");
  CHECK(b->fields.url == "https://example.com/b");
  CHECK(*c->fields.published == 1730528100);
  CHECK(c->fields.publisher == "한겨레");
  CHECK(c->fields.reporters == std::vector<std::string>{"김민지", "박찬"});
  CHECK(c->fields.updated.has_value());

  const IndexStats st = s.stats();
  CHECK(st.news_fields);
  CHECK(st.with_field.published == 3);
  CHECK(st.with_field.updated == 2);
  CHECK(st.with_field.publisher == 3);
  CHECK(st.with_field.reporters == 3);
  CHECK(st.with_field.section == 2);
  CHECK(st.with_field.url == 2);
  // The JSON a hit shows.
  CHECK(article_fields_json(b->fields) ==
        R"({"published":"2024-11-02T00:00:00+09:00","publisher":"연합뉴스","reporters":["홍길동"],"section":"사회","updated":null,"url":"https://example.com/b"})");
}

TEST_CASE("JSONL: a field that cannot be read is a warning naming file:line; the article is indexed") {
  test::TempDir tmp;
  const auto file = tmp / "bad.jsonl";
  write(file,
        R"({"_id": "x", "text": "첫 번째 기사 본문이다.", "published": true, "publisher": 7})"
        "\n"
        R"({"_id": "y", "text": "두 번째 기사 본문이다.", "date": "어제 오후", "author": ["홍길동", 3]})"
        "\n"
        R"({"_id": "z", "text": "세 번째 기사 본문이다.", "published": "2999-01-01"})"
        "\n");
  const IngestReport r = test::index(tmp / "idx", file);
  CHECK(r.articles == 3);
  CHECK(r.skipped == 0);
  CHECK(has_problem(r, "bad.jsonl:1: \"published\" is a boolean"));
  CHECK(has_problem(r, "bad.jsonl:1: \"publisher\" is a number"));
  CHECK(has_problem(r, "bad.jsonl:2: \"date\" \"어제 오후\" is not a date"));
  CHECK(has_problem(r, "bad.jsonl:2: \"author\" holds a number"));
  CHECK(has_problem(r, "bad.jsonl:3: \"published\" 2999-01-01T00:00:00+09:00 is in the future"));
  Searcher s(tmp / "idx");
  const auto res = s.search("기사 본문");
  REQUIRE(res.hits.size() == 3);
  const Hit* y = hit_of(res, "y");
  REQUIRE(y);
  CHECK(y->fields.reporters == std::vector<std::string>{"홍길동"});
  CHECK_FALSE(y->fields.published);
}

TEST_CASE("txt pages: fields through the index; boilerplate finds no passage; a warning names the file") {
  test::TempDir tmp;
  std::filesystem::create_directories(tmp / "in");
  const auto pages = std::filesystem::path(KOSEARCH_SOURCE_DIR) / "tests/indexer/news_pages";
  for (const char* f : {"yonhap.txt", "newsis.txt", "hani.txt"}) std::filesystem::copy_file(pages / f, tmp / "in" / f);
  write(tmp / "in" / "future.txt", "미래 날짜가 적힌 기사의 제목이 여기에\n입력 2999-01-01 10:00\n본문 문장은 그대로 남아 있습니다.\n");
  const IngestReport r = test::index(tmp / "idx", tmp / "in");
  CHECK(r.articles == 4);
  CHECK(has_problem(r, "future.txt: date 2999-01-01T10:00:00+09:00 is in the future"));
  Searcher s(tmp / "idx");
  const auto res = s.search("반도체 수출");
  const Hit* y = hit_of(res, "yonhap");
  REQUIRE(y);
  CHECK(y->fields.publisher == "연합뉴스");
  CHECK(y->fields.reporters == std::vector<std::string>{"홍길동"});
  CHECK(iso8601(*y->fields.published, y->fields.published_offset_minutes) == "2024-11-21T09:02:00+09:00");
  // The boilerplate is in no passage: no hit holds it.
  SearchOptions o;
  o.k = 100;
  for (const char* q : {"재판매 및 DB 금지", "무단전재", "gildong@yna.co.kr"}) {
    for (const auto& h : s.search(q, o).hits) {
      CAPTURE(q);
      CHECK(h.text.find("재판매") == std::string::npos);
      CHECK(h.text.find("무단") == std::string::npos);
      CHECK(h.text.find("@") == std::string::npos);
    }
  }
  CHECK(s.stats().with_field.publisher == 3);
}

TEST_CASE("an index built before news fields (schema 3) is still searched; stats says it has none") {
  test::TempDir tmp;
  const auto file = tmp / "plain.jsonl";
  write(file, test::rec("p", "제목", "평범한 기사 본문이다."));
  test::index(tmp / "idx", file);
  {
    Xapian::WritableDatabase db((tmp / "idx").string());
    db.set_metadata("kosearch:schema", "3");
    db.commit();
  }
  Searcher s(tmp / "idx");
  const auto res = s.search("기사 본문");
  REQUIRE(res.hits.size() == 1);
  CHECK(res.hits[0].fields.empty());
  CHECK_FALSE(s.stats().news_fields);
}

TEST_CASE("JSONL re-run: an article whose fields alone changed is rewritten, the others are unchanged") {
  test::TempDir tmp;
  const auto file = tmp / "news.jsonl";
  const std::string same = R"({"_id": "s", "text": "바뀌지 않는 기사 본문이다.", "publisher": "뉴스1"})";
  write(file, same + "\n" + R"({"_id": "d", "text": "날짜가 바뀌는 기사 본문이다.", "date": "2024-11-02"})" + "\n");
  test::index(tmp / "idx", file);
  write(file, same + "\n" + R"({"_id": "d", "text": "날짜가 바뀌는 기사 본문이다.", "date": "2024-11-03"})" + "\n");
  const IngestReport r = test::index(tmp / "idx", file);
  CHECK(r.updated == 1);
  CHECK(r.unchanged == 1);
  Searcher s(tmp / "idx");
  const auto res = s.search("날짜가 바뀌는");
  const Hit* d = hit_of(res, "d");
  REQUIRE(d);
  CHECK(iso8601(*d->fields.published, d->fields.published_offset_minutes) == "2024-11-03T00:00:00+09:00");
}
