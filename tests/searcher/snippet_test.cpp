// Snippet windows (searcher/src/snippet.hpp) and how results of one article avoid showing the
// same sentence twice.

#include <doctest/doctest.h>

#include <string>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "snippet.hpp"
#include "test_util.hpp"

using namespace kosearch;
using kosearch::detail::make_snippet;
using kosearch::detail::shared_length;
using kosearch::detail::Span;
using kosearch::test::TempDir;

TEST_CASE("shared_length: the end of a passage that begins the next") {
  CHECK(shared_length("가나다. 라마바.", "라마바. 사아자.") == std::string("라마바.").size());
  CHECK(shared_length("가나다.", "라마바.") == 0);
  CHECK(shared_length("", "라마바.") == 0);
  CHECK(shared_length("가나다.", "") == 0);
  // The longest: `가나 가나` ends the first and begins the second, and so does `가나`.
  CHECK(shared_length("다 가나 가나", "가나 가나 라") == std::string("가나 가나").size());
  // A coincidence of a few bytes is no shared sentence.
  CHECK(shared_length("그렇다.", "다. 새 문장") == 0);
}

TEST_CASE("make_snippet: highlights a better result shows count only when there are no others") {
  //                  0123456789...
  const std::string text = "aa KEY bb KEY cc " + std::string(60, 'x') + " dd KEY ee";
  const std::vector<Span> spans = {{3, 6}, {10, 13}, {static_cast<std::uint32_t>(text.size() - 6),
                                                      static_cast<std::uint32_t>(text.size() - 3)}};
  // Unconstrained: the window with two highlights, at the start.
  const std::string plain = make_snippet(text, spans, 20, "[", "]", false);
  CHECK(plain.rfind("aa [KEY] bb [KEY]", 0) == 0);
  // The first 17 bytes already shown: the window with the one highlight elsewhere.
  const std::string other = make_snippet(text, spans, 20, "[", "]", false, Span{0, 17});
  CHECK(other.find("[KEY] ee") != std::string::npos);
  CHECK(other.find("aa") == std::string::npos);
  // Everything shown: the unconstrained choice.
  CHECK(make_snippet(text, spans, 20, "[", "]", false, Span{0, static_cast<std::uint32_t>(text.size())}) == plain);
}

TEST_CASE("consecutive passages of one article: the lower-ranked one's snippet leaves out the sentence they share") {
  TempDir tmp;
  // Passages of ~500 characters, each sharing its last sentence with the next. The first half
  // names the query's words twice a sentence, the second half once: the first passage ranks
  // first, and the second one's densest window would be the sentence it shares with it.
  std::string body;
  for (int i = 0; i < 15; ++i) body += std::to_string(i) + "번째 소식: 스케일AI 지분, 메타가 스케일AI 지분을 샀다. ";
  for (int i = 15; i < 30; ++i) body += std::to_string(i) + "번째 소식: 메타가 스케일AI 지분을 더 샀다고 밝혔다. ";
  {
    Indexer indexer(tmp / "idx");
    indexer.add({"a", "기사", body, ""});
    indexer.commit();
  }
  Searcher s(tmp / "idx");
  SearchOptions o;
  o.escape_html = false;
  o.highlight_open = "[";
  o.highlight_close = "]";
  const auto r = s.search("스케일AI 지분", o);
  REQUIRE(r.hits.size() >= 2);
  REQUIRE(r.hits[0].passage_id == "a#0");
  REQUIRE(r.hits[1].passage_id == "a#1");
  const std::size_t shared = shared_length(r.hits[0].text, r.hits[1].text);
  REQUIRE(shared > 0);
  const std::string shared_text = r.hits[1].text.substr(0, shared);
  CAPTURE(shared_text);
  CAPTURE(r.hits[1].snippet);
  // The second result's window starts after the shared sentence (which ends in `샀다.` before
  // `14번째`), and still shows the query's words.
  const std::string shared_end = "샀다. 14번째";
  CHECK(shared_text.find("13번째") == 0);
  CHECK(r.hits[1].snippet.find(shared_end) == std::string::npos);
  CHECK(r.hits[1].snippet.find("[스케일AI]") != std::string::npos);
  // Shown alone (the second page), its densest window takes in the shared sentence.
  o.offset = 1;
  o.k = 1;
  const auto second = s.search("스케일AI 지분", o);
  REQUIRE(second.hits.size() == 1);
  CAPTURE(second.hits[0].snippet);
  CHECK(second.hits[0].snippet.find(shared_end) != std::string::npos);
}
