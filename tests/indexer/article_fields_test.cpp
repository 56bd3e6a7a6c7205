#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "article_fields.hpp"

using namespace kosearch;

TEST_CASE("article fields: ISO 8601 dates keep their stated offset") {
  // 2025-08-14T10:41:00+09:00 is 01:41 UTC.
  const std::int64_t t = 1755135660;
  CHECK(schema::format_iso8601(t, 540) == "2025-08-14T10:41:00+09:00");
  CHECK(schema::format_iso8601(t, 0) == "2025-08-14T01:41:00+00:00");
  CHECK(schema::format_iso8601(t, -300) == "2025-08-13T20:41:00-05:00");
  CHECK(schema::format_iso8601(-1, 0) == "1969-12-31T23:59:59+00:00");
  // 2025-08-31T23:30+09:00 is still August in KST, though 14:30 UTC.
  CHECK(schema::kst_month(1756650600) == "2025-08");
  CHECK(schema::kst_month(1756650600 + 3600) == "2025-09");
}

TEST_CASE("article fields: JSON round trip and stored terms") {
  ArticleFields f;
  f.published = 1755135660;
  f.updated = 1755139260;
  f.updated_offset_minutes = 0;
  f.publisher = "연합 뉴스";
  f.reporters = {"홍길동", "Kim Minji"};
  f.section = "IT";
  f.url = "https://example.com/a";
  const ArticleFields back = schema::fields_from_json(schema::fields_to_json(f));
  CHECK(back.published == f.published);
  CHECK(back.published_offset_minutes == 540);
  CHECK(back.updated == f.updated);
  CHECK(back.updated_offset_minutes == 0);
  CHECK(back.publisher == f.publisher);
  CHECK(back.reporters == f.reporters);
  CHECK(back.section == "IT");
  CHECK(back.url == f.url);
  CHECK(schema::fields_from_json("not json").empty());

  Xapian::Document doc;
  schema::add_article_fields(doc, f);
  CHECK(doc.get_value(schema::kSlotMonth) == "2025-08");
  CHECK(doc.get_value(schema::kSlotPublisher) == "연합 뉴스");
  CHECK(Xapian::sortable_unserialise(doc.get_value(schema::kSlotPublished)) == 1755135660.0);
  std::vector<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  CHECK(std::find(terms.begin(), terms.end(), "XP연합뉴스") != terms.end());
  CHECK(std::find(terms.begin(), terms.end(), "XRkimminji") != terms.end());
  CHECK(std::find(terms.begin(), terms.end(), "XCit") != terms.end());

  Xapian::Document none;
  schema::add_article_fields(none, ArticleFields{});
  CHECK(none.termlist_count() == 0);
  CHECK(none.get_value(schema::kSlotFields).empty());
}
