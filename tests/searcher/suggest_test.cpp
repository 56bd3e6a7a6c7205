// Suggestions as typed (Searcher::suggest), the query repair (SearchOptions::correct) and the
// hostile prefixes, on a small index of texts written here, on corpus/ and on the seeds.

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using namespace kosearch;

namespace {

// Articles written for these tests: 스케일 in three articles, 스케이트 in two, 저커버그 in two,
// 알렉산더 in two, 관세 / 닭갈비 / 다리 once each.
void add_articles(Indexer& indexer) {
  indexer.add({"a1", "스케일AI 지분 투자", "메타가 스케일AI의 지분을 샀다. 저커버그는 스케일AI에 투자했다. 저커버그가 말했다.", ""});
  indexer.add({"a2", "데이터 회사의 성장", "스케일이 커지면 비용이 준다. 스케일의 경제가 작동한다. 알렉산더 왕이 회사를 세웠다.", ""});
  indexer.add({"a3", "겨울 스포츠", "스케이트 선수가 스케이트를 탔다. 스케일 큰 대회였다. scale and scaling matter.", ""});
  indexer.add({"a4", "알렉산더 대왕", "알렉산더는 마케도니아의 왕이었다. 알렉산더가 원정을 떠났다. 관세 이야기는 없다.", ""});
  indexer.add({"a5", "닭갈비 맛집", "춘천 닭갈비는 유명하다. 닭갈비를 먹고 다리를 건넜다. 다리 아래 강이 흐른다.", ""});
  indexer.add({"a6", "스케이트 대회", "스케이트 경기는 빙판에서 열린다. 저커버그도 보았다.", ""});
}

struct SmallIndex {
  test::TempDir tmp;
  std::filesystem::path path = tmp / "idx";
  SmallIndex() {
    Indexer indexer(path);
    add_articles(indexer);
    indexer.commit();
  }
};

std::vector<std::string> texts(const Suggestions& s) {
  std::vector<std::string> out;
  for (const auto& x : s.suggestions) out.push_back(x.text);
  return out;
}

bool has(const Suggestions& s, std::string_view text, std::size_t within = 5) {
  for (std::size_t i = 0; i < s.suggestions.size() && i < within; ++i) {
    if (s.suggestions[i].text == text) return true;
  }
  return false;
}

std::uint64_t count_of(const Suggestions& s, std::string_view text) {
  for (const auto& x : s.suggestions) {
    if (x.text == text) return x.count;
  }
  return 0;
}

}  // namespace

TEST_CASE("suggest: a syllable still being composed completes to the word") {
  SmallIndex idx;
  Searcher s(idx.path);
  for (const char* prefix : {"스", "스케", "스케이", "스켕", "스케ㅇ"}) {
    INFO(prefix);
    CHECK(has(s.suggest(prefix), "스케일"));
  }
  // 스케일 is in three articles, 스케이트 in two: the more common first.
  const auto r = s.suggest("스케");
  REQUIRE(r.suggestions.size() >= 2);
  CHECK(r.suggestions[0].text == "스케일");
  CHECK(r.suggestions[0].count == 3);
  CHECK(has(s.suggest("스케이"), "스케이트"));
  CHECK(has(s.suggest("스케일"), "스케일ai"));
  CHECK(has(s.suggest("저커버ㄱ"), "저커버그"));
  CHECK(has(s.suggest("저커벅"), "저커버그"));  // 벅 loses its final to the next syllable
  // A compound vowel and a double final on the way: 과 → 관, 달 → 닭, 다 + ㄹ → 다리.
  CHECK(has(s.suggest("과"), "관세"));
  CHECK(has(s.suggest("고"), "관세"));
  CHECK(has(s.suggest("달"), "닭갈비"));
  CHECK(has(s.suggest("달"), "다리"));
  CHECK(!has(s.suggest("스케일"), "스케이트", 10));
}

TEST_CASE("suggest: initial consonants, alone or mixed with syllables") {
  SmallIndex idx;
  Searcher s(idx.path);
  CHECK(s.suggest("ㅅㅋㅇ").suggestions.at(0).text == "스케일");
  CHECK(s.suggest("스ㅋㅇ").suggestions.at(0).text == "스케일");
  CHECK(has(s.suggest("ㅅㅋㅇㅌ"), "스케이트"));
  CHECK(has(s.suggest("ㅈㅋㅂㄱ"), "저커버그"));
  CHECK(has(s.suggest("ㄷㄱㅂ"), "닭갈비"));
}

TEST_CASE("suggest: Hangul typed in the English layout, Latin as it is") {
  SmallIndex idx;
  Searcher s(idx.path);
  const auto r = s.suggest("tmzpdl");
  CHECK(has(r, "스케일"));
  CHECK(r.reading == "스케이");
  CHECK(has(s.suggest("dkffprtksej"), "알렉산더"));
  const auto latin = s.suggest("scal");
  CHECK(has(latin, "scale"));
  CHECK(has(latin, "scaling"));
  CHECK(latin.reading.empty());
  CHECK(has(s.suggest("SCAL"), "scale"));  // case folded
}

TEST_CASE("suggest: title words and short title phrases; titles first at equal counts") {
  SmallIndex idx;
  Searcher s(idx.path);
  CHECK(has(s.suggest("알렉산더 "), "알렉산더 대왕"));
  CHECK(has(s.suggest("알렉산더 ㄷ"), "알렉산더 대왕"));
  // 스케이트 (two articles, one title) against 스케일ai (one article): by count first.
  const auto r = texts(s.suggest("스케", 10));
  const auto pos = [&](const char* w) { return std::find(r.begin(), r.end(), w) - r.begin(); };
  CHECK(pos("스케이트") < pos("스케일ai"));
  // 다리 and 닭갈비 are both in one article; 닭갈비 is in its title too.
  const auto d = texts(s.suggest("ㄷ", 10));
  CHECK(std::find(d.begin(), d.end(), "닭갈비") < std::find(d.begin(), d.end(), "다리"));
}

TEST_CASE("suggest: incremental indexing and removal keep the counts right") {
  SmallIndex idx;
  {
    Searcher s(idx.path);
    CHECK(count_of(s.suggest("스케일"), "스케일") == 3);
  }
  {
    Indexer indexer(idx.path);
    CHECK(indexer.remove("a3") > 0);
    indexer.add({"a2", "데이터 회사", "비용 이야기뿐이다.", ""});  // replaced: no 스케일 any more
    indexer.add({"a7", "새 글", "스케일링 법칙과 스케일 문제.", ""});
    indexer.commit();
  }
  Searcher s(idx.path);
  CHECK(count_of(s.suggest("스케일"), "스케일") == 2);  // a1, a7
  CHECK(has(s.suggest("스케일"), "스케일링"));
  CHECK(!has(s.suggest("scal"), "scale"));
}

TEST_CASE("suggest: an index built before suggestions answers with a warning, not an error") {
  SmallIndex idx;
  {
    Xapian::WritableDatabase db(idx.path.string(), Xapian::DB_OPEN);
    db.set_metadata("kosearch:schema", "3");
    db.commit();
  }
  Searcher s(idx.path);
  const auto r = s.suggest("스케");
  CHECK(r.suggestions.empty());
  CHECK(r.warning.find("rebuild") != std::string::npos);
  CHECK(!s.search("스케일").hits.empty());  // it still searches
}

TEST_CASE("suggest: bad input gives an empty list or a sensible one, quickly") {
  SmallIndex idx;
  Searcher s(idx.path);
  const auto t0 = std::chrono::steady_clock::now();
  CHECK(s.suggest("").suggestions.empty());
  CHECK(s.suggest("   ").suggestions.empty());
  CHECK(s.suggest("ㅏㅓㅗㅜㅡㅣㄳㄵㅀ").suggestions.empty());  // jamo soup
  CHECK(s.suggest(std::string(10000, 'a')).suggestions.empty());
  std::string initials;
  for (int i = 0; i < 3000; ++i) initials += "ㅅ";
  CHECK(s.suggest(initials).suggestions.empty());
  std::string syllables;
  for (int i = 0; i < 3000; ++i) syllables += "스";
  CHECK(s.suggest(syllables).suggestions.empty());
  CHECK(s.suggest("\xff\xfe\xc3").suggestions.empty());          // invalid UTF-8
  CHECK(s.suggest(std::string("\xed\xa0\x80", 3)).suggestions.empty());  // a surrogate
  CHECK(s.suggest(std::string("\0\x01\x1b[31m", 7)).suggestions.empty());
  CHECK(has(s.suggest("스케\x01"), "스케일") == false);  // a control character is a space
  CHECK(s.suggest("스케", 0).suggestions.empty());
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  CHECK(elapsed < std::chrono::seconds(1));
}

TEST_CASE("search repair: English layout, initial consonants, and real English left alone") {
  SmallIndex idx;
  Searcher s(idx.path);
  const auto r = s.search("tmzpdlf wlqns");
  CHECK(r.corrected_query == "스케일 지분");
  CHECK(r.correction == "english_layout");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].doc_id == "a1");
  CHECK(r.query == "tmzpdlf wlqns");
  for (const char* english : {"scale", "scaling", "matter", "meta"}) {
    INFO(english);
    CHECK(s.search(english).corrected_query.empty());
  }
  SearchOptions off;
  off.correct = false;
  CHECK(s.search("tmzpdlf wlqns", off).corrected_query.empty());
  apply_search_option(off, "correct", "1");
  CHECK(off.correct);

  const auto i = s.search("ㅅㅋㅇ ㅈㅂ");
  CHECK(i.correction == "initials");
  CHECK(i.corrected_query.find("스케일") != std::string::npos);
  CHECK(i.corrected_query.find("지분") != std::string::npos);
  REQUIRE(!i.hits.empty());
  CHECK(i.hits[0].doc_id == "a1");
  CHECK(s.search("스케일 지분").corrected_query.empty());
}

TEST_CASE("suggest: corpus/ (news pages written for the repository)") {
  test::TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add_path(std::filesystem::path(KOSEARCH_SOURCE_DIR) / "corpus");
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  for (const char* prefix : {"스케이", "스켕", "ㅅㅋㅇ", "스ㅋㅇ", "tmzpdl"}) {
    INFO(prefix);
    const auto r = s.suggest(prefix);
    CHECK(std::any_of(r.suggestions.begin(), r.suggestions.end(),
                      [](const Suggestion& x) { return x.text.rfind("스케일", 0) == 0; }));
  }
  CHECK(has(s.suggest("저커버ㄱ"), "저커버그"));
  CHECK(has(s.suggest("ㅈㅋㅂㄱ"), "저커버그"));
  CHECK(has(s.suggest("wjzjqjrm"), "저커버그"));
  CHECK(s.search("wjzjqjrm").corrected_query == "저커버그");
  CHECK(s.search("meta").corrected_query.empty());
}

TEST_CASE("suggest: the seeds") {
  KOSEARCH_REQUIRE_SEEDS();
  test::TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add_path(test::shared_dir() / "seeds");
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  for (const char* prefix : {"스케이", "ㅅㅋㅇ", "tmzpdl"}) {
    INFO(prefix);
    const auto r = s.suggest(prefix);
    CHECK(std::any_of(r.suggestions.begin(), r.suggestions.end(),
                      [](const Suggestion& x) { return x.text.rfind("스케일", 0) == 0; }));
  }
  CHECK(s.suggest("ㅏㅓㅗ\xff").suggestions.empty());
}

TEST_CASE("one-syllable words find their forms with a particle, not longer words") {
  test::TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"w1", "옛 이야기", "왕은 성에 살았다.", ""});
    indexer.add({"w2", "옛 이야기 둘", "그때 왕이 돌아왔다.", ""});
    indexer.add({"w3", "옛 이야기 셋", "백성들이 왕을 맞았다.", ""});
    indexer.add({"w4", "옛 이야기 넷", "왕의 군대가 떠났다.", ""});
    indexer.add({"w5", "나라", "왕국이 커졌다.", ""});
    indexer.add({"w6", "아들", "왕자가 태어났다.", ""});
    indexer.add({"w7", "혼자", "그는 왕 그 자체였다.", ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  std::vector<std::string> ids;
  for (const auto& h : s.search("왕").hits) ids.push_back(h.doc_id);
  std::sort(ids.begin(), ids.end());
  CHECK(ids == std::vector<std::string>{"w1", "w2", "w3", "w4", "w7"});
  SearchOptions off;
  off.particle_forms = false;
  CHECK(s.search("왕", off).hits.size() == 1);
  // In a longer query too: `왕 군대` ranks the passage with both first.
  const auto r = s.search("왕 군대");
  REQUIRE(!r.hits.empty());
  CHECK(r.hits[0].doc_id == "w4");
}

TEST_CASE("one-syllable words on corpus/: 왕 finds the forms with a particle") {
  test::TempDir tmp;
  {
    Indexer indexer(tmp / "idx");
    indexer.add_path(std::filesystem::path(KOSEARCH_SOURCE_DIR) / "corpus");
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions all;
  all.k = 100;
  SearchOptions off = all;
  off.particle_forms = false;
  const auto with_forms = s.search("왕", all);
  const auto without = s.search("왕", off);
  CHECK(with_forms.total > without.total + 10);
  for (const auto& h : with_forms.hits) {
    INFO(h.passage_id);
    // Every hit holds 왕 alone or with a particle, none only 왕국 / 왕자-like words.
    bool form = false;
    for (const char* f : {"왕 ", "왕은", "왕이", "왕을", "왕의", "왕에", "왕과", "왕도", "왕와", "왕으", "왕만", "왕,", "왕)", "왕\n", "왕'", "왕’", "왕”", "왕\"", "왕·", "왕.", "왕가", "왕는", "왕를", "왕로", "왕께"}) {
      form = form || h.text.find(f) != std::string::npos || h.title.find(f) != std::string::npos;
    }
    form = form || (h.text.size() >= 3 && h.text.compare(h.text.size() - 3, 3, "왕") == 0);
    CHECK(form);
  }
}
