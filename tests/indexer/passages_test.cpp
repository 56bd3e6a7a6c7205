#include <doctest/doctest.h>

#include <string>

#include "kosearch/core/utf8.hpp"
#include "kosearch/indexer/passages.hpp"

using namespace kosearch;

namespace {
std::string sentences(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    s += "이것은 " + std::to_string(i) + "번째 문장으로 적당한 길이를 가지고 있습니다. ";
  }
  return s;
}
}  // namespace

TEST_CASE("a short document stays one passage") {
  PassageSplitter splitter;
  const std::string text = sentences(3);
  const auto spans = splitter.split(text);
  REQUIRE(spans.size() == 1);
  CHECK(spans[0].begin == 0);
  CHECK(spans[0].end == text.size());
  CHECK(splitter.split("   \n ").empty());
}

TEST_CASE("long text becomes overlapping sentence windows near the target length") {
  PassageOptions o;
  o.target_chars = 200;
  o.max_chars = 400;
  o.overlap_sentences = 1;
  PassageSplitter splitter(o);
  const std::string text = sentences(40);
  const auto spans = splitter.split(text);
  REQUIRE(spans.size() > 5);
  CHECK(spans.front().begin == 0);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto len = utf8::length(std::string_view(text).substr(spans[i].begin, spans[i].end - spans[i].begin));
    CHECK(len <= 400);
    if (i + 1 < spans.size()) {
      CHECK(len >= 150);
      CHECK(spans[i + 1].begin < spans[i].end);   // overlap
      CHECK(spans[i + 1].begin > spans[i].begin);  // progress
    }
  }
  CHECK(spans.back().end >= text.size() - 1);
}

TEST_CASE("text without sentence punctuation falls back to character windows") {
  PassageOptions o;
  o.target_chars = 100;
  o.max_chars = 200;
  PassageSplitter splitter(o);
  std::string text;
  for (int i = 0; i < 300; ++i) text += "낱말 ";
  const auto spans = splitter.split(text);
  REQUIRE(spans.size() >= 8);
  for (const auto& s : spans) {
    CHECK(utf8::length(std::string_view(text).substr(s.begin, s.end - s.begin)) <= 200);
    // Cuts land on character boundaries.
    CHECK((static_cast<unsigned char>(text[s.begin]) & 0xC0) != 0x80);
  }
  CHECK(spans.back().end == text.size());
}
