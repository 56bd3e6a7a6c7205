// The suggestion terms' particle stripping (indexer/src/suggest_terms.hpp): a golden table of
// words, alone and beside the other words of their article.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "suggest_terms.hpp"

using namespace kosearch::detail;

namespace {

// `word` as its article's suggestion terms see it, the article holding `others` too.
std::string stripped(std::string_view word, std::vector<std::string> others = {}) {
  others.emplace_back(word);
  ParticleEvidence evidence;
  for (const std::string& w : others) evidence.add(w, form_of(w));
  const auto bare = [&](std::string_view s) { return std::find(others.begin(), others.end(), s) != others.end(); };
  return std::string(strip_particle(word, form_of(word), evidence, bare));
}

}  // namespace

TEST_CASE("suggestion terms: a particle that seldom ends a noun goes, the longest first") {
  CHECK(stripped("지분을") == "지분");
  CHECK(stripped("서울에서는") == "서울");      // 에서는, not 는
  CHECK(stripped("스케일ai의") == "스케일ai");  // `의` after a Latin stem
  CHECK(stripped("ai는") == "ai");               // a stem of two letters
  CHECK(stripped("한국의") == "한국");
}

TEST_CASE("suggestion terms: what stays") {
  CHECK(stripped("나이") == "나이");          // the stem would be one syllable
  CHECK(stripped("에서") == "에서");          // only the particle
  CHECK(stripped("민주주의") == "민주주의");  // `의` of 주의, 회의 ... stays
  CHECK(stripped("스파이") == "스파이");      // `이` ends many nouns: the article must show the stem
  CHECK(stripped("국가") == "국가");
  CHECK(stripped("scale") == "scale");
  CHECK(stripped("a의") == "a의");            // too short to be a stem with a particle
  CHECK(stripped("") == "");
}

TEST_CASE("suggestion terms: a particle that also ends nouns goes when the article holds the stem") {
  CHECK(stripped("대통령이", {"대통령은"}) == "대통령");  // with another particle
  CHECK(stripped("대통령이", {"대통령"}) == "대통령");    // bare
  CHECK(stripped("대통령이", {"대통령이"}) == "대통령이");  // the same particle is no evidence
  CHECK(stripped("대통령이", {"대통령과의"}) == "대통령");
  CHECK(stripped("ab의") == "ab의");
  CHECK(stripped("ab의", {"ab"}) == "ab");
  CHECK(stripped("스케일이", {"스케일의"}) == "스케일");
}

TEST_CASE("suggestion terms: a word map keeps insertion order and finds every word past the first table size") {
  WordMap<int> counts;
  std::vector<std::string> words;
  for (int i = 0; i < 1000; ++i) words.push_back("단어" + std::to_string(i));  // grows the table four times
  for (int round = 0; round < 3; ++round) {
    for (std::size_t i = 0; i < words.size(); i += static_cast<std::size_t>(round) + 1) ++counts[words[i]];
  }
  REQUIRE(counts.size() == words.size());
  for (std::size_t i = 0; i < words.size(); ++i) {
    const auto& e = counts.entries()[i];
    CHECK(counts.word(e) == words[i]);
    CHECK(e.value == 1 + (i % 2 == 0) + (i % 3 == 0));
    REQUIRE(counts.find(words[i]) != nullptr);
    CHECK(counts.find(words[i]) == &e.value);
  }
  CHECK(counts.find("단어1000") == nullptr);
  CHECK(counts.find("") == nullptr);
}
