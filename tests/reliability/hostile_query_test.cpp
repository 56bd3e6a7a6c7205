// Hostile queries against a real small index: each completes (no timing assertion) with a result
// or a kosearch::Error; the only error the documented limits allow is QuerySyntax.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "query_builder.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;

namespace {

constexpr std::size_t kLimit = kosearch::detail::kMaxQueryBytes;

struct SmallIndex {
  TempDir tmp;
  std::filesystem::path path = tmp / "idx";
  SmallIndex() {
    kosearch::IndexerOptions with_positions;  // so that spelling variants are phrase-checked
    with_positions.positions = true;
    kosearch::Indexer indexer(path, with_positions);
    const char* texts[] = {
        "메타가 스케일AI의 지분 49%를 143억 달러에 사들였다고 밝혔다.",
        "알렉산더 왕 창업자는 메타의 새 초지능 연구소를 이끌게 됐다.",
        "엔비디아가 새 인공지능 칩을 공개하며 반격에 나섰다. GPT-5와 Llama 4도 언급됐다.",
        "을 를 이 가 은 는 의 에 로 와 과 도 — 조사만 있는 이상한 문장.",
        "東京 中國 日本語 テスト 한자 漢字 混用 문장입니다.",
    };
    int i = 0;
    for (const char* t : texts) {
      kosearch::Document d;
      d.id = "h" + std::to_string(i++);
      d.title = "제목 " + std::to_string(i);
      d.text = t;
      indexer.add(d);
    }
    indexer.commit();
  }
};

// Runs `query` with several option sets. A QuerySyntax is accepted only when `may_be_rejected`.
void run_query(kosearch::Searcher& s, const std::string& query, bool may_be_rejected) {
  std::vector<kosearch::SearchOptions> variants(5);
  variants[1].one_per_article = true;
  variants[2].k = 1000000;
  variants[3].offset = std::numeric_limits<std::uint32_t>::max() - 5;
  variants[4].spelling_variants = true;
  variants[4].escape_html = false;
  for (const auto& o : variants) {
    try {
      const auto r = s.search(query, o);
      for (const auto& h : r.hits) {
        for (const auto& [b, e] : h.highlights) {
          CHECK(b < e);
          CHECK(e <= h.text.size());
        }
        CHECK(kosearch::utf8::find_invalid(h.snippet) == std::string::npos);
      }
      (void)s.explain(query, o);
    } catch (const kosearch::QuerySyntax& e) {
      CHECK_MESSAGE(may_be_rejected, "QuerySyntax for an acceptable query: " << e.what());
    } catch (const kosearch::Error& e) {
      FAIL_CHECK("unexpected kosearch error: " << e.what());
    }
  }
}

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("a query over the byte limit is a QuerySyntax that states the limit") {
  SmallIndex idx;
  kosearch::Searcher s(idx.path);
  const std::string big = repeat("메타 지분 ", 100 * 1024 / 14 + 1);  // > 100 KB
  REQUIRE(big.size() > 100 * 1024);
  try {
    (void)s.search(big);
    FAIL("a 100 KB query was accepted");
  } catch (const kosearch::QuerySyntax& e) {
    const std::string msg = e.what();
    CHECK_MESSAGE(msg.find(std::to_string(kLimit)) != std::string::npos, msg);
    CHECK_MESSAGE(msg.find("limit") != std::string::npos, msg);
  }
  CHECK_THROWS_AS(s.explain(big), kosearch::QuerySyntax);
}

TEST_CASE("many terms under the byte limit") {
  SmallIndex idx;
  kosearch::Searcher s(idx.path);
  // 10,000 terms (over the byte limit with separators: accepted or QuerySyntax).
  std::string ten_thousand;
  for (int i = 0; i < 10000; ++i) ten_thousand += std::to_string(i) + " ";
  run_query(s, ten_thousand, true);
  // As many distinct terms as fit under the limit: must be accepted.
  std::string many;
  for (int i = 0; many.size() + 8 < kLimit; ++i) many += "w" + std::to_string(i) + " ";
  REQUIRE(many.size() <= kLimit);
  run_query(s, many, false);
  // One Hangul run as long as the limit allows (thousands of bigrams).
  std::string run;
  while (run.size() + 3 <= kLimit) run += "메";
  run_query(s, run, false);
  std::string mixed;
  while (mixed.size() + 9 <= kLimit) mixed += "지분a1";
  run_query(s, mixed, false);
  // Every syllable distinct: thousands of distinct bigrams.
  std::string distinct;
  for (char32_t c = 0xAC00; distinct.size() + 3 <= kLimit; ++c) kosearch::utf8::append(distinct, c);
  run_query(s, distinct, false);
  // Operators: one phrase as long as the limit allows, thousands of phrases and exclusions,
  // quotes that never close.
  run_query(s, "\"" + run.substr(0, run.size() - 6) + "\"", false);
  run_query(s, "지분 \"" + distinct.substr(0, distinct.size() - 9) + "\"", false);
  run_query(s, repeat("\"메타 지분\" ", kLimit / 16), false);
  run_query(s, "지분 " + repeat("-메타 ", kLimit / 10), false);
  run_query(s, "지분 " + repeat("-\"a b\" ", kLimit / 10), false);
  run_query(s, repeat("\"", kLimit), false);
  run_query(s, repeat("\u201C", kLimit / 3), false);
  run_query(s, "\"" + repeat("a", 300) + "\"", false);
}

TEST_CASE("odd queries: punctuation, particles, control characters, invalid UTF-8, syntax") {
  SmallIndex idx;
  kosearch::Searcher s(idx.path);
  const std::vector<std::string> queries = {
      "",
      " ",
      "!!!???...,,,;;;:::---___***",
      "을 를 이 가",
      "을를이가은는의에",
      "\x01\x02\x03\t\n\r\x0b\x0c\x1b\x7f",
      "메타\x01지분\x7f",
      std::string("메타\0지분", 10),
      "\xFF\xFE\xFD",
      "\xC0\xAF\xED\xA0\x80\xF4\x90\x80\x80",
      "메\xFF타 지\xE2\x82분",
      "\xEA\xB0",  // a truncated syllable
      "\"스케일AI 지분\" AND NOT (메타 OR 엔비디아) title:메타 메타* ~지분 +칩 -왕",
      "메타 지분",                 // conjoining jamo
      "ＭＥＴＡ　스케일ＡＩ　４９％",  // full-width
      "👩‍👩‍👧‍👦 🇰🇷 메타👍지분",
      "\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8D\xEF\xBB\xBF",  // zero-width characters and BOM
      "\xCC\x81\xCC\x81\xCC\x81\xCC\x81 e\xCC\x81",        // combining marks alone
      repeat("a", 300),                                    // a word longer than any term
      repeat("1", 5000),
      repeat("가", 1) + repeat(" ", 10000) + "나",
      repeat("東", 2000),
      "ﷺ ﷽ ﬀ ß ǅ İ",  // expanding case folds and compatibility forms
  };
  for (const auto& q : queries) {
    CAPTURE(q);
    run_query(s, q, false);
  }
  // Random bytes (seeded): results or QuerySyntax, nothing else.
  std::mt19937 rng(42);
  for (int i = 0; i < 200; ++i) {
    std::string q(rng() % 200, '\0');
    for (auto& c : q) c = static_cast<char>(rng());
    run_query(s, q, false);
  }
}
