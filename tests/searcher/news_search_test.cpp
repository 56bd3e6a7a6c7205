// The search side of news articles (docs/news-search.md): filters, query operators, date order,
// recency, facets and grouped copies, on a real index built with Indexer::add(Document).

#include <doctest/doctest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "news_fixture.hpp"
#include "test_util.hpp"

using kosearch::SearchOptions;
using kosearch::Searcher;
using kosearch::test::TempDir;

namespace {

std::vector<std::string> ids(const kosearch::SearchResults& r) {
  std::vector<std::string> out;
  for (const auto& h : r.hits) out.push_back(h.doc_id);
  return out;
}

std::set<std::string> id_set(const kosearch::SearchResults& r) {
  const auto v = ids(r);
  return {v.begin(), v.end()};
}

SearchOptions articles() {
  SearchOptions o;
  o.k = 20;
  o.one_per_article = true;
  o.group_duplicates = false;
  return o;
}

const kosearch::Facet& facet(const kosearch::SearchResults& r, const std::string& name) {
  const auto it = std::find_if(r.facets.begin(), r.facets.end(), [&](const auto& f) { return f.name == name; });
  REQUIRE(it != r.facets.end());
  return *it;
}

std::uint64_t count_of(const kosearch::Facet& f, const std::string& value) {
  for (const auto& v : f.values) {
    if (v.value == value) return v.count;
  }
  return 0;
}

}  // namespace

TEST_CASE("news filters: publisher, reporter, section, dates; OR within a kind, AND across") {
  TempDir tmp;
  kosearch::test::build_news_index(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions o = articles();
  CHECK(s.search("반도체", o).hits.size() == 6);

  SearchOptions p = o;
  kosearch::apply_search_option(p, "publisher", "뉴스1");
  CHECK(id_set(s.search("반도체", p)) == std::set<std::string>{"copy-1", "news1-2"});
  kosearch::apply_search_option(p, "publisher", "한겨레");
  CHECK(id_set(s.search("반도체", p)) == std::set<std::string>{"copy-1", "news1-2", "hani-1"});
  kosearch::apply_search_option(p, "section", "경제");  // AND across kinds
  CHECK(id_set(s.search("반도체", p)) == std::set<std::string>{"copy-1"});
  kosearch::apply_search_option(p, "publisher", "");  // clears the publishers
  CHECK(id_set(s.search("반도체", p)) == std::set<std::string>{"yna-1", "copy-1"});

  SearchOptions r = o;
  r.reporters = {"홍길동"};
  CHECK(id_set(s.search("반도체", r)) == std::set<std::string>{"yna-1", "newsis-1"});
  r.reporters = {"김영희"};  // the second of two reporters
  CHECK(id_set(s.search("반도체", r)) == std::set<std::string>{"news1-2"});
  r.reporters = {"김 영희"};  // names are matched without spaces, case folded
  CHECK(id_set(s.search("반도체", r)) == std::set<std::string>{"news1-2"});

  // Dates: inclusive, KST when no offset; a bare `until` is its whole day. hani-1 is
  // 2025-08-15 01:00 KST (still the 14th in UTC): not in `until 2025-08-14`.
  SearchOptions d = o;
  kosearch::apply_search_option(d, "until", "2025-08-14");
  CHECK(id_set(s.search("반도체", d)) == std::set<std::string>{"yna-1", "copy-1", "news1-2", "newsis-1"});
  kosearch::apply_search_option(d, "since", "2025-08-14");
  CHECK(id_set(s.search("반도체", d)) == std::set<std::string>{"yna-1", "copy-1", "news1-2"});
  kosearch::apply_search_option(d, "since", "2025-08-14T10:30");
  kosearch::apply_search_option(d, "until", "2025-08-14T23:30:00+09:00");
  CHECK(id_set(s.search("반도체", d)) == std::set<std::string>{"copy-1", "news1-2"});
  kosearch::apply_search_option(d, "until", "2025-08-14T14:29Z");  // 23:29 KST
  CHECK(id_set(s.search("반도체", d)) == std::set<std::string>{"copy-1"});
  SearchOptions since = o;
  kosearch::apply_search_option(since, "since", "2025-08-15");  // undated plain-1 is left out
  CHECK(id_set(s.search("반도체", since)) == std::set<std::string>{"hani-1"});

  // A filter that matches nothing, and a name nobody has.
  SearchOptions none = o;
  none.publishers = {"조선일보"};
  CHECK(s.search("반도체", none).hits.empty());
  CHECK(s.search("반도체", none).total == 0);
}

TEST_CASE("news filters: bad dates and values are refused naming the option") {
  SearchOptions o;
  for (const char* bad : {"2025-13-01", "2025-02-30", "14.08.2025", "2025-08-14T25:00", "2025-08-14 x", "yesterday"}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(kosearch::apply_search_option(o, "since", bad), doctest::Contains("since"),
                         kosearch::InvalidArgument);
  }
  CHECK_THROWS_WITH_AS(kosearch::apply_search_option(o, "sort", "date"), doctest::Contains("newest"),
                       kosearch::InvalidArgument);
  CHECK_THROWS_WITH_AS(kosearch::apply_search_option(o, "facets", "publisher,author"),
                       doctest::Contains("author"), kosearch::InvalidArgument);
  CHECK_THROWS_WITH_AS(kosearch::apply_search_option(o, "duplicates", "hide"), doctest::Contains("group"),
                       kosearch::InvalidArgument);
  CHECK_FALSE(o.since.has_value());
  kosearch::apply_search_option(o, "since", "2024-02-29");
  CHECK(*o.since == kosearch::test::kst(2024, 2, 29));
  kosearch::apply_search_option(o, "until", "2024-02-29");
  CHECK(*o.until == kosearch::test::kst(2024, 3, 1) - 1);
}

TEST_CASE("news query operators: 언론사:, 기자:, 섹션: and their English names, quoted names") {
  TempDir tmp;
  kosearch::test::build_news_index(tmp / "idx");
  Searcher s(tmp / "idx");
  const SearchOptions o = articles();
  CHECK(id_set(s.search("반도체 언론사:연합뉴스", o)) == std::set<std::string>{"yna-1"});
  CHECK(id_set(s.search("언론사:뉴스1 반도체", o)) == std::set<std::string>{"copy-1", "news1-2"});
  CHECK(id_set(s.search("반도체 Publisher:뉴스1 기자:김영희", o)) == std::set<std::string>{"news1-2"});
  CHECK(id_set(s.search("반도체 reporter:\"홍 길동\"", o)) == std::set<std::string>{"yna-1", "newsis-1"});
  CHECK(id_set(s.search("반도체 섹션:정치", o)) == std::set<std::string>{"newsis-1"});
  CHECK(id_set(s.search("반도체 section:사회 기자:홍길동", o)).empty());
  // The operator's name is not searched: only the words are ranked.
  const auto plan = s.explain("반도체 언론사:연합뉴스", o);
  CHECK(std::find(plan.terms.begin(), plan.terms.end(), "연합") == plan.terms.end());
  CHECK(std::find(plan.terms.begin(), plan.terms.end(), "반도") != plan.terms.end());
  // An operator alone lists what it lets through; `기자:` without a name is text.
  CHECK(id_set(s.search("기자:홍길동", o)) == std::set<std::string>{"yna-1", "newsis-1"});
  CHECK_NOTHROW(s.search("기자:", o));
  // Off with the query syntax: then they are text.
  SearchOptions plain = o;
  plain.query_syntax = false;
  CHECK(s.search("반도체 언론사:연합뉴스", plain).hits.size() >= 5);
}

TEST_CASE("news order: newest and oldest first, undated articles last, relevance unchanged by default") {
  TempDir tmp;
  kosearch::test::build_news_index(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions o = articles();
  o.sort = SearchOptions::Sort::newest;
  CHECK(ids(s.search("반도체", o)) ==
        std::vector<std::string>{"hani-1", "news1-2", "copy-1", "yna-1", "newsis-1", "plain-1"});
  o.sort = SearchOptions::Sort::oldest;
  CHECK(ids(s.search("반도체", o)) ==
        std::vector<std::string>{"newsis-1", "yna-1", "copy-1", "news1-2", "hani-1", "plain-1"});
  // Paging through a date order neither repeats nor skips.
  o.k = 2;
  o.offset = 2;
  CHECK(ids(s.search("반도체", o)) == std::vector<std::string>{"copy-1", "news1-2"});
  // Relevance (the default) ranks by score, not by date.
  SearchOptions rel = articles();
  const auto r = s.search("반도체", rel);
  for (std::size_t i = 1; i < r.hits.size(); ++i) CHECK(r.hits[i - 1].score >= r.hits[i].score);
}

TEST_CASE("news recency: relevance blended with a half-life decay of the publication date") {
  TempDir tmp;
  kosearch::test::build_news_index(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions o = articles();
  o.ranking.rerank_weight = 0;  // BM25 alone, so the recency share is exact
  const auto plain = s.search("반도체 수출", o);
  REQUIRE(!plain.hits.empty());
  kosearch::apply_search_option(o, "now", "2025-08-15T01:00");
  o.recency_half_life_days = 1;
  o.recency_weight = 4;
  const auto blended = s.search("반도체 수출", o);
  REQUIRE(blended.hits.size() == plain.hits.size());
  auto score_of = [](const kosearch::SearchResults& r, const std::string& id) {
    for (const auto& h : r.hits) {
      if (h.doc_id == id) return h.score;
    }
    return -1.0;
  };
  // hani-1 is published at `now`: +4; yna-1 15 hours earlier: +4 x 2^(-15/24); newsis-1 16 days:
  // almost nothing; plain-1 has no date: nothing.
  CHECK(score_of(blended, "hani-1") == doctest::Approx(score_of(plain, "hani-1") + 4).epsilon(1e-6));
  CHECK(score_of(blended, "yna-1") ==
        doctest::Approx(score_of(plain, "yna-1") + 4 * std::exp2(-15.0 / 24)).epsilon(1e-6));
  CHECK(score_of(blended, "plain-1") == doctest::Approx(score_of(plain, "plain-1")).epsilon(1e-9));
  CHECK(score_of(blended, "newsis-1") - score_of(plain, "newsis-1") < 0.001);
  // A strong enough blend puts the newest first.
  o.recency_weight = 1000;
  CHECK(s.search("반도체 수출", o).hits.front().doc_id == "hani-1");
}

TEST_CASE("news facets: counted over all matches, not the page; articles, not passages") {
  TempDir tmp;
  kosearch::test::build_news_index(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 1;
  kosearch::apply_search_option(o, "facets", "publisher,reporter,section,month");
  const auto r = s.search("반도체", o);
  CHECK(r.hits.size() == 1);
  REQUIRE(r.facets.size() == 4);
  CHECK(r.facets[0].name == "publisher");
  const auto& pub = facet(r, "publisher");
  CHECK(pub.values.front().value == "뉴스1");  // most frequent first
  CHECK(count_of(pub, "뉴스1") == 2);          // news1-2 has several passages: one article
  CHECK(count_of(pub, "연합뉴스") == 1);
  CHECK(count_of(pub, "한겨레") == 1);
  CHECK(count_of(pub, "뉴시스") == 1);
  CHECK(pub.values.size() == 4);
  const auto& rep = facet(r, "reporter");
  CHECK(count_of(rep, "홍길동") == 2);
  CHECK(count_of(rep, "이철수") == 2);
  CHECK(count_of(rep, "김영희") == 1);
  CHECK(count_of(facet(r, "section"), "경제") == 2);
  const auto& month = facet(r, "month");
  CHECK(count_of(month, "2025-08") == 4);
  CHECK(count_of(month, "2025-07") == 1);
  // With a filter: the counts follow it.
  o.publishers = {"뉴스1"};
  const auto f = s.search("반도체", o);
  CHECK(facet(f, "publisher").values.size() == 1);
  CHECK(count_of(facet(f, "reporter"), "김영희") == 1);
  // facet_limit keeps the most frequent.
  o.publishers.clear();
  o.facet_limit = 1;
  CHECK(facet(s.search("반도체", o), "publisher").values.size() == 1);
  // None asked: none counted.
  CHECK(s.search("반도체").facets.empty());
}

TEST_CASE("news facets on an index without fields: every facet there, with no values") {
  TempDir tmp;
  kosearch::test::index_texts_plain(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.facets = {"publisher", "month"};
  const auto r = s.search("반도체", o);
  CHECK(!r.hits.empty());
  REQUIRE(r.facets.size() == 2);
  CHECK(r.facets[0].values.empty());
  CHECK(r.facets[1].values.empty());
}

TEST_CASE("grouped copies: one article per cluster, duplicates counted; show lists them all") {
  TempDir tmp;
  kosearch::test::build_news_index(tmp / "idx");
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 20;
  o.one_per_article = true;
  const auto grouped = s.search("반도체 수출 메모리", o);
  const auto shown = id_set(grouped);
  // copy-1 is yna-1 republished: only one of them; hani-1, about the same event, stays.
  CHECK(shown.count("yna-1") + shown.count("copy-1") == 1);
  CHECK(shown.count("hani-1") == 1);
  for (const auto& h : grouped.hits) {
    CAPTURE(h.doc_id);
    if (h.doc_id == "yna-1" || h.doc_id == "copy-1") {
      CHECK(h.duplicates == 1);
      CHECK(h.duplicate_ids == std::vector<std::string>{h.doc_id == "yna-1" ? "copy-1" : "yna-1"});
    } else {
      CHECK(h.duplicates == 0);
      CHECK(h.duplicate_ids.empty());
    }
  }
  o.group_duplicates = false;
  const auto all = id_set(s.search("반도체 수출 메모리", o));
  CHECK(all.count("yna-1") == 1);
  CHECK(all.count("copy-1") == 1);
  CHECK(all.size() == shown.size() + 1);
  // Passages mode: the shown article's passages as usual, none of the copy's.
  SearchOptions passages;
  passages.k = 50;
  const auto p = s.search("반도체", passages);
  CHECK(id_set(p).count("yna-1") + id_set(p).count("copy-1") == 1);
  CHECK(std::count_if(p.hits.begin(), p.hits.end(), [](const auto& h) { return h.doc_id == "news1-2"; }) > 1);
}

TEST_CASE("grouped copies: incremental adds, a removed first article, a replaced one") {
  TempDir tmp;
  const auto dir = tmp / "idx";
  // Copies are looked for among news articles (here: with a publisher), not plain records.
  auto news = [](std::string id, std::string title, std::string text) {
    kosearch::Document d{std::move(id), std::move(title), std::move(text), ""};
    d.fields.publisher = "테스트일보";
    return d;
  };
  {
    kosearch::Indexer w(dir);
    w.add(news("a", "원문", kosearch::test::kExportStory));
    w.add(news("other", "다른 기사", kosearch::test::kExportReaction));
    w.commit();
  }
  SearchOptions o;
  o.k = 10;
  o.one_per_article = true;
  {
    Searcher s(dir);
    CHECK(s.search("반도체 수출", o).hits.size() == 2);  // no copies yet: no grouping work
  }
  {
    kosearch::Indexer w(dir);  // a later run finds the copy's original in the index
    w.add(news("b", "전재", kosearch::test::kExportCopy));
    w.add(news("c", "재전재", std::string(kosearch::test::kExportStory) + " 끝."));
    w.commit();
  }
  {
    Searcher s(dir);
    const auto r = s.search("반도체 수출 관세", o);
    CHECK(r.hits.size() == 2);
    const auto& h = r.hits[0].doc_id == "other" ? r.hits[1] : r.hits[0];
    CHECK(h.duplicates == 2);
    std::set<std::string> members(h.duplicate_ids.begin(), h.duplicate_ids.end());
    members.insert(h.doc_id);
    CHECK(members == std::set<std::string>{"a", "b", "c"});
  }
  {
    kosearch::Indexer w(dir);  // the cluster's first article goes: its copies stay grouped
    CHECK(w.remove("a") > 0);
    w.commit();
  }
  {
    Searcher s(dir);
    const auto r = s.search("반도체 수출 관세", o);
    CHECK(r.hits.size() == 2);
    const auto& h = r.hits[0].doc_id == "other" ? r.hits[1] : r.hits[0];
    CHECK(h.duplicates == 1);
    CHECK(h.duplicate_ids.size() == 1);
  }
  {
    kosearch::Indexer w(dir);  // `a` again, now another story: not grouped with its old copies
    w.add(news("a", "새 기사", "반도체 수출과는 관련이 없는 내용으로 새로 쓴 기사다. 지역 축제에 관광객이 몰려 "
                           "숙박 업소가 모두 찼고, 주최 측은 내년에 행사장을 두 배로 넓히겠다고 밝혔다."));
    w.commit();
  }
  {
    Searcher s(dir);
    const auto r = s.search("반도체 수출", o);
    CHECK(id_set(r).count("a") == 1);
    for (const auto& h : r.hits) {
      if (h.doc_id == "a") CHECK(h.duplicates == 0);
    }
  }
}

TEST_CASE("grouped copies: a parallel JSONL build groups copies that went to different workers") {
  TempDir tmp;
  // Records spread over the workers by a hash of their id: with 4 copies and 4 workers, some
  // copies are in another worker's part than their original, whatever the hash.
  std::string jsonl;
  auto record = [](const std::string& id, const std::string& text) {
    return nlohmann::json{{"_id", id}, {"title", "제목"}, {"text", text}, {"publisher", "테스트일보"}}.dump() + "\n";
  };
  jsonl += record("orig", kosearch::test::kExportStory);
  for (int i = 1; i <= 4; ++i) {
    jsonl += record("copy" + std::to_string(i), std::string(i % 2 ? kosearch::test::kExportCopy : kosearch::test::kExportStory) +
                                                    " 전재 " + std::to_string(i));
  }
  jsonl += record("other", kosearch::test::kExportReaction);
  kosearch::test::write_file(tmp / "news.jsonl", jsonl);
  kosearch::IndexerOptions io;
  io.threads = 4;
  {
    kosearch::Indexer w(tmp / "idx", io);
    w.add_path(tmp / "news.jsonl");
    w.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 10;
  o.one_per_article = true;
  const auto r = s.search("반도체 수출 관세", o);
  REQUIRE(r.hits.size() == 2);
  const auto& h = r.hits[0].doc_id == "other" ? r.hits[1] : r.hits[0];
  CHECK(h.duplicates == 4);
  CHECK(id_set(r).count("other") == 1);
}

TEST_CASE("grouped copies: plain records (no news field) are not compared") {
  // A wiki or QA corpus has near-identical paragraphs that are different answers: grouping
  // korquad1_wiki's cost nDCG@10 (docs/news-search.md).
  TempDir tmp;
  std::string jsonl;
  for (const std::string id : {"orig", "copy"}) {
    jsonl += nlohmann::json{{"_id", id}, {"title", "제목"}, {"text", kosearch::test::kExportStory}}.dump() + "\n";
  }
  kosearch::test::write_file(tmp / "plain.jsonl", jsonl);
  {
    kosearch::Indexer w(tmp / "idx");
    w.add_path(tmp / "plain.jsonl");
    w.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.k = 10;
  o.one_per_article = true;
  const auto r = s.search("반도체 수출", o);
  CHECK(r.hits.size() == 2);
  for (const auto& h : r.hits) CHECK(h.duplicates == 0);
}
