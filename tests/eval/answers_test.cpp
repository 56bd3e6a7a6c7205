// --answers: answer strings read, normalized (NFKC, case folding, no whitespace) and looked for
// in the passages a run ranked, over a small index written here; then answer_hit@K through
// evaluate() and compare().

#include "kosearch/eval/answers.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/index_texts.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/passage_reader.hpp"
#include "test_util.hpp"

namespace {

using kosearch::test::TempDir;

// Three articles; `haig` is cut into passages of one sentence each (no overlap), the answer
// only in its second one.
struct AnswerIndex {
  TempDir tmp;
  AnswerIndex() {
    kosearch::IndexerOptions o;
    o.passages = kosearch::PassageOptions{10, 30, 0};
    kosearch::Indexer indexer(tmp / "idx", o);
    indexer.add({"haig", "군인", "그는 오래 군에서 복무한 사람이었다. 나중에 국무장관직을 맡아 외교를 이끌었다.", ""});
    indexer.add({"abc", "회사", "ＡＢＣ 회사는 1924년 12월 2일에 세워졌다.", ""});
    indexer.add({"rain", "날씨", "서울은 오늘 비가 온다.", ""});
    indexer.commit();
  }
  kosearch::PassageTexts texts() {
    reader = std::make_unique<kosearch::PassageReader>(tmp / "idx");
    return [this](std::string_view id) {
      std::vector<std::string> out;
      for (auto& p : reader->lookup(id)) out.push_back(std::move(p.text));
      return out;
    };
  }
  std::unique_ptr<kosearch::PassageReader> reader;
};

constexpr const char* kAnswers =
    R"({"_id": "q1", "answers": ["국무 장관직"]})"
    "\n"
    R"({"_id": "q2", "answers": ["1924년12월2일", "abc 회사"]})"
    "\n"
    R"({"_id": "q3", "answers": ["대통령"]})"
    "\n";

constexpr const char* kQrels = "q1 0 haig 1\nq2 0 abc 1\nq3 0 rain 1\n";

}  // namespace

TEST_CASE("answers: read and normalized as NFKC, case-folded, without whitespace") {
  const kosearch::Answers a = kosearch::parse_answers(kAnswers, "answers.jsonl");
  REQUIRE(a.size() == 3);
  CHECK(a.at("q1") == std::vector<std::string>{"국무장관직"});
  CHECK(a.at("q2") == std::vector<std::string>{"1924년12월2일", "abc회사"});
  const kosearch::AnswerNormalizer normalize;
  CHECK(normalize("ＡＢＣ\u3000회사 Ⅻ") == "abc회사xii");
  for (const char* bad : {"{\"_id\": \"q\"}", "{\"_id\": \"q\", \"answers\": [1]}", "[1]", "{",
                          "{\"_id\": \"q\", \"answers\": []}\n{\"_id\": \"q\", \"answers\": []}"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(kosearch::parse_answers(bad, "a.jsonl"), kosearch::InvalidInput);
  }
  try {
    (void)kosearch::parse_answers("{\"_id\": \"q\", \"answers\": [1]}", "a.jsonl");
  } catch (const kosearch::InvalidInput& e) {
    CHECK(std::string(e.what()).find("a.jsonl:1") != std::string::npos);
  }
}

TEST_CASE("passage reader: an article's passages, or one passage by its id") {
  AnswerIndex idx;
  kosearch::PassageReader reader(idx.tmp / "idx");
  const auto haig = reader.lookup("haig");
  REQUIRE(haig.size() == 2);
  CHECK(haig[0].passage_id == "haig#0");
  CHECK(haig[1].passage_id == "haig#1");
  CHECK(haig[1].title == "군인");
  CHECK(haig[1].text.find("국무장관직") != std::string::npos);
  const auto one = reader.lookup("haig#1");
  REQUIRE(one.size() == 1);
  CHECK(one[0].text == haig[1].text);
  CHECK(reader.lookup("haig#7").empty());
  CHECK(reader.lookup("nope").empty());
  CHECK_THROWS_AS(kosearch::PassageReader(idx.tmp / "missing"), kosearch::IndexNotFound);
}

TEST_CASE("answer_hit@K over a document run and a passage run of a small index") {
  AnswerIndex idx;
  const kosearch::Answers answers = kosearch::parse_answers(kAnswers, "answers.jsonl");
  const kosearch::Qrels qrels = kosearch::parse_qrels(kQrels, "qrels");
  // Documents: q1 ranks rain, then haig (its second passage holds the answer): rank 2.
  // q2: abc first (NFKC + case folding + spaces). q3: no answer anywhere. `nope` is unknown.
  const kosearch::Run docs = kosearch::parse_trec_run(
      "q1 Q0 rain 1 3 a\nq1 Q0 haig 2 2 a\nq2 Q0 abc 1 5 a\nq3 Q0 nope 1 2 a\nq3 Q0 rain 2 1 a\n",
      "docs.trec");
  const kosearch::AnswerSearch found = kosearch::find_answer_ranks(docs, answers, idx.texts(), 100);
  CHECK(found.ranks.at("q1") == 2);
  CHECK(found.ranks.at("q2") == 1);
  CHECK(found.ranks.at("q3") == 0);
  CHECK(found.unknown_ids == 1);
  CHECK(found.unknown_example == "nope");
  // Passages: haig#0 (no answer) first, then abc#0, then haig#1: rank 3 for q1.
  const kosearch::Run passages = kosearch::parse_trec_run(
      "q1 Q0 haig#0 1 3 p\nq1 Q0 abc#0 2 2 p\nq1 Q0 haig#1 3 1 p\nq2 Q0 rain#0 1 1 p\n",
      "passages.trec");
  const kosearch::AnswerSearch pf = kosearch::find_answer_ranks(passages, answers, idx.texts(), 100);
  CHECK(pf.ranks.at("q1") == 3);
  CHECK(pf.ranks.at("q2") == 0);
  // The depth bounds the search.
  CHECK(kosearch::find_answer_ranks(passages, answers, idx.texts(), 2).ranks.at("q1") == 0);

  kosearch::EvalOptions o;
  o.complete = true;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"answer_hit", "recip_rank"});
  const kosearch::EvalResult a = kosearch::evaluate(docs, qrels, o, &found.ranks);
  const auto all = [](const kosearch::EvalResult& r, const char* m) { return r.aggregate[*r.measure_index(m)]; };
  CHECK(all(a, "answer_hit@1") == doctest::Approx(1.0 / 3));
  CHECK(all(a, "answer_hit@5") == doctest::Approx(2.0 / 3));
  CHECK(all(a, "answer_hit@100") == doctest::Approx(2.0 / 3));
  const kosearch::EvalResult b = kosearch::evaluate(passages, qrels, o, &pf.ranks);
  CHECK(all(b, "answer_hit@1") == 0.0);
  CHECK(all(b, "answer_hit@5") == doctest::Approx(1.0 / 3));

  // Compared like any other measure.
  const kosearch::Comparison c = kosearch::compare(a, b);
  bool seen = false;
  for (const auto& mc : c.measures) {
    if (mc.measure.name != "answer_hit@5") continue;
    seen = true;
    CHECK(mc.stats.diff == doctest::Approx(-1.0 / 3));
    CHECK(mc.stats.losses == 1);
  }
  CHECK(seen);
}

TEST_CASE("index texts: a run id's passages remembered, for answers and the report") {
  AnswerIndex idx;
  kosearch::IndexTexts texts(idx.tmp / "idx", 1);  // one entry: every other lookup refills
  CHECK(texts.lookup("haig").size() == 2);
  CHECK(texts.lookup("haig#0").size() == 1);
  CHECK(texts.lookup("haig").size() == 2);
  CHECK(texts.texts()("abc").size() == 1);
  const kosearch::ReportPassage p = texts.report_passage("haig");
  CHECK(p.title == "군인");
  CHECK(p.text.find(" … ") != std::string::npos);  // two passages joined
  CHECK(texts.holds_any("haig", {"국무장관직"}));
  CHECK_FALSE(texts.holds_any("haig#0", {"국무장관직"}));
  CHECK_FALSE(texts.holds_any("nope", {"국무장관직"}));
}
