// Spelling variants (--variants) do bounded work however long the query's words are: the
// index look-ups of spelling_variants counted over a real index.

#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "expansion.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

namespace {

using kosearch::detail::IndexLookup;
using kosearch::detail::spelling_variants;
using kosearch::detail::VariantBudget;

// A run of 30 syllables that one passage holds as one word: every prefix and suffix of it
// occurs, so nothing prunes its candidates (the worst case for the budget).
const std::string kLongRun = "가나다라마바사아자차카타파하거너더러머버서어저처커터퍼허고노";

struct CountingIndex {
  explicit CountingIndex(const std::filesystem::path& dir) : db(dir.string()) {}
  Xapian::Database db;
  std::size_t lookups = 0;  // has_term calls + terms of co_occur calls

  IndexLookup lookup() {
    IndexLookup l;
    l.has_term = [this](const std::string& t) {
      ++lookups;
      return db.term_exists(t);
    };
    l.co_occur = [this](const std::vector<std::string>& terms) {
      lookups += terms.size();
      Xapian::Enquire e(db);
      e.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                static_cast<Xapian::termcount>(terms.size())));
      e.set_weighting_scheme(Xapian::BoolWeight());
      return !e.get_mset(0, 1).empty();
    };
    return l;
  }
};

std::u32string u32(const std::string& s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) out.push_back(kosearch::utf8::decode(s, pos));
  return out;
}

kosearch::Document doc(std::string id, std::string text) {
  kosearch::Document d;
  d.id = std::move(id);
  d.text = std::move(text);
  return d;
}

struct VariantIndex {
  kosearch::test::TempDir tmp;
  std::filesystem::path path = tmp / "idx";
  VariantIndex() {
    kosearch::Indexer w(path);
    w.add(doc("zu", "저커버그가 메타의 새 연구소를 소개했다."));
    w.add(doc("ju", "주커버그는 인공지능 투자를 늘린다고 말했다."));
    w.add(doc("run", "띄어쓰기 없이 적은 " + kLongRun + " 이 한 줄이다."));
    w.commit();
  }
};

std::string repeat(const std::string& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

}  // namespace

TEST_CASE("spelling variants: an ordinary word still finds its other spelling") {
  VariantIndex idx;
  CountingIndex index(idx.path);
  VariantBudget budget;
  const auto v = spelling_variants(u32("주커버그"), index.lookup(), budget);
  CHECK(std::find(v.begin(), v.end(), "저커버그") != v.end());
  CHECK_FALSE(budget.cut);

  kosearch::Searcher s(idx.path);
  kosearch::SearchOptions o;
  o.spelling_variants = true;
  bool found_other = false;
  for (const auto& h : s.search("주커버그", o).hits) found_other |= h.doc_id == "zu";
  CHECK(found_other);
}

TEST_CASE("spelling variants: an 800-syllable word is not expanded and costs no look-up") {
  VariantIndex idx;
  CountingIndex index(idx.path);
  VariantBudget budget;
  const std::string word = repeat(kLongRun, 27).substr(0, 800 * 3);
  REQUIRE(u32(word).size() == 800);
  CHECK(spelling_variants(u32(word), index.lookup(), budget).empty());
  CHECK(budget.cut);
  CHECK(index.lookups == 0);
  // Longest expanded word: kMaxVariantSyllables; one more is left out.
  const std::string longest = repeat(kLongRun, 2).substr(0, kosearch::detail::kMaxVariantSyllables * 3);
  VariantBudget b2;
  (void)spelling_variants(u32(longest), index.lookup(), b2);
  CHECK(index.lookups > 0);
  CHECK_FALSE(b2.cut);
  VariantBudget b3;
  (void)spelling_variants(u32(longest + "가"), index.lookup(), b3);
  CHECK(b3.cut);

  // The searcher takes such a query with variants on (its expansion is what is bounded).
  kosearch::Searcher s(idx.path);
  kosearch::SearchOptions o;
  o.spelling_variants = true;
  CHECK_NOTHROW((void)s.search(word, o));
}

TEST_CASE("spelling variants: a query's words share one budget of index look-ups") {
  VariantIndex idx;
  CountingIndex index(idx.path);
  VariantBudget budget;
  const auto lookup = index.lookup();
  // The indexed 30-syllable run, ten times in one query: ~2,500 look-ups each without a bound.
  for (int i = 0; i < 10; ++i) (void)spelling_variants(u32(kLongRun), lookup, budget);
  CHECK(budget.cut);
  CHECK(index.lookups <= kosearch::detail::kVariantLookups);
  CHECK(index.lookups + budget.lookups == kosearch::detail::kVariantLookups);
}

TEST_CASE("spelling variants: a long word the index does not hold is pruned, not tried whole") {
  VariantIndex idx;
  CountingIndex index(idx.path);
  VariantBudget budget;
  // 30 syllables whose bigrams are indexed one by one but never together: each of its 30 x 66
  // one-jamo changes was looked up before; only the syllables next to where the longest
  // indexed prefix and suffix end can be changed into a spelling that occurs.
  const std::string word = kLongRun.substr(0, 15 * 3) + "저커버그" + kLongRun.substr(15 * 3, 11 * 3);
  REQUIRE(u32(word).size() == 30);
  CHECK(spelling_variants(u32(word), index.lookup(), budget).empty());
  CHECK_FALSE(budget.cut);
  CHECK(index.lookups < 400);
}
