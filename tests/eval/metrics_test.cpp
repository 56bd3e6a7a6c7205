// Each measure against values computed by hand on a toy qrels/run pair.

#include "kosearch/eval/metrics.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"

namespace {

// t1: relevant d1 (1), d3 (2), d4 (1); judged non-relevant d2, d5; d6 in the pool, unjudged.
// t2: judged, but nothing relevant.  t3: judged, absent from the run.
constexpr const char* kQrels =
    "t1 0 d1 1\n"
    "t1 0 d2 0\n"
    "t1 0 d3 2\n"
    "t1 0 d4 1\n"
    "t1 0 d5 0\n"
    "t1 0 d6 -1\n"
    "t2 0 x1 0\n"
    "t3 0 y1 1\n";

// t1 ranks (by score): d9 (not judged), d1 (rel 1), d2 (non-rel), d3 (rel 2), d6 (unjudged).
// The rank column is deliberately scrambled: only scores count.
constexpr const char* kRun =
    "t1 Q0 d2 1 3.0 r\n"
    "t1 Q0 d9 2 5.0 r\n"
    "t1 Q0 d3 3 2.0 r\n"
    "t1 Q0 d1 4 4.0 r\n"
    "t1 Q0 d6 5 1.0 r\n"
    "t2 Q0 x1 1 1.0 r\n"
    "t2 Q0 x2 2 0.5 r\n"
    "tx Q0 z1 1 1.0 r\n";

kosearch::EvalResult eval_toy(const std::vector<std::string>& measures,
                              kosearch::EvalOptions options = {}) {
  options.measures = kosearch::parse_measures(measures);
  return kosearch::evaluate(kosearch::parse_trec_run(kRun, "run"),
                            kosearch::parse_qrels(kQrels, "qrels"), options);
}

double topic_value(const kosearch::EvalResult& r, const std::string& topic,
                   const std::string& measure) {
  const auto t = r.topic_index(topic);
  const auto m = r.measure_index(measure);
  REQUIRE(t.has_value());
  REQUIRE(m.has_value());
  return r.value(*t, *m);
}

double all_value(const kosearch::EvalResult& r, const std::string& measure) {
  const auto m = r.measure_index(measure);
  REQUIRE(m.has_value());
  return r.aggregate[*m];
}

const double kLog3 = std::log2(3.0);
const double kLog5 = std::log2(5.0);

}  // namespace

TEST_CASE("each measure on the toy topic t1") {
  const auto r = eval_toy({"num_ret", "num_rel", "num_rel_ret", "map", "Rprec", "bpref",
                           "recip_rank", "P.1,2,5,10", "recall.2,5", "success.1,2", "ndcg",
                           "ndcg_cut.2,5", "judged.2,5,10"});
  CHECK(topic_value(r, "t1", "num_ret") == 5);
  CHECK(topic_value(r, "t1", "num_rel") == 3);
  CHECK(topic_value(r, "t1", "num_rel_ret") == 2);
  // Relevant at ranks 2 and 4: (1/2 + 2/4) / 3.
  CHECK(topic_value(r, "t1", "map") == doctest::Approx((0.5 + 0.5) / 3));
  // Top R = 3: d9, d1, d2 -> one relevant.
  CHECK(topic_value(r, "t1", "Rprec") == doctest::Approx(1.0 / 3));
  // d1: no non-relevant above -> 1; d3: one of min(2 nonrel, 3 rel) above -> 1 - 1/2.
  CHECK(topic_value(r, "t1", "bpref") == doctest::Approx((1.0 + 0.5) / 3));
  CHECK(topic_value(r, "t1", "recip_rank") == doctest::Approx(0.5));
  CHECK(topic_value(r, "t1", "P_1") == 0.0);
  CHECK(topic_value(r, "t1", "P_2") == doctest::Approx(0.5));
  CHECK(topic_value(r, "t1", "P_5") == doctest::Approx(0.4));
  // Missing ranks count as non-relevant: 2 / 10.
  CHECK(topic_value(r, "t1", "P_10") == doctest::Approx(0.2));
  CHECK(topic_value(r, "t1", "recall_2") == doctest::Approx(1.0 / 3));
  CHECK(topic_value(r, "t1", "recall_5") == doctest::Approx(2.0 / 3));
  CHECK(topic_value(r, "t1", "success_1") == 0.0);
  CHECK(topic_value(r, "t1", "success_2") == 1.0);
  // DCG: gain 1 at rank 2, gain 2 at rank 4; ideal gains 2, 1, 1 at ranks 1..3.
  const double dcg = 1 / kLog3 + 2 / kLog5;
  CHECK(topic_value(r, "t1", "ndcg") == doctest::Approx(dcg / (2 + 1 / kLog3 + 1 / 2.0)));
  CHECK(topic_value(r, "t1", "ndcg_cut_2") == doctest::Approx((1 / kLog3) / (2 + 1 / kLog3)));
  CHECK(topic_value(r, "t1", "ndcg_cut_5") == doctest::Approx(dcg / (2 + 1 / kLog3 + 1 / 2.0)));
  // Judged: d1, d2, d3 have grades >= 0; d9 is not in the qrels, d6 is -1.
  CHECK(topic_value(r, "t1", "judged_2") == doctest::Approx(0.5));
  CHECK(topic_value(r, "t1", "judged_5") == doctest::Approx(3.0 / 5));
  // Fewer than K retrieved: the share of what was retrieved.
  CHECK(topic_value(r, "t1", "judged_10") == doctest::Approx(3.0 / 5));
}

TEST_CASE("a judged topic without relevant documents is evaluated with zeros") {
  const auto r = eval_toy({"num_rel", "map", "Rprec", "bpref", "recip_rank", "P_5", "recall_5",
                           "ndcg", "ndcg_cut_5", "judged_5"});
  CHECK(topic_value(r, "t2", "num_rel") == 0);
  for (const char* m :
       {"map", "Rprec", "bpref", "recip_rank", "P_5", "recall_5", "ndcg", "ndcg_cut_5"}) {
    CAPTURE(m);
    CHECK(topic_value(r, "t2", m) == 0.0);
  }
  CHECK(topic_value(r, "t2", "judged_5") == doctest::Approx(0.5));
}

TEST_CASE("topic sets: unjudged run topics ignored, missing judged topics skipped or zero (-c)") {
  SUBCASE("without -c") {
    const auto r = eval_toy({"map", "num_rel", "num_ret", "num_q"});
    CHECK(r.topics == std::vector<std::string>{"t1", "t2"});
    CHECK(r.missing_topics == std::vector<std::string>{"t3"});
    CHECK(r.unjudged_topics == std::vector<std::string>{"tx"});
    CHECK(all_value(r, "map") == doctest::Approx((1.0 / 3) / 2));
    CHECK(all_value(r, "num_rel") == 3);  // summed
    CHECK(all_value(r, "num_ret") == 7);
    CHECK(all_value(r, "num_q") == 2);
  }
  SUBCASE("with -c") {
    kosearch::EvalOptions o;
    o.complete = true;
    const auto r = eval_toy({"map", "num_rel", "num_ret", "num_q", "recip_rank"}, o);
    CHECK(r.topics == std::vector<std::string>{"t1", "t2", "t3"});
    CHECK(topic_value(r, "t3", "num_rel") == 1);
    CHECK(topic_value(r, "t3", "num_ret") == 0);
    CHECK(topic_value(r, "t3", "map") == 0.0);
    CHECK(all_value(r, "map") == doctest::Approx((1.0 / 3) / 3));
    CHECK(all_value(r, "recip_rank") == doctest::Approx(0.5 / 3));
    CHECK(all_value(r, "num_rel") == 4);
    CHECK(all_value(r, "num_q") == 3);
  }
}

TEST_CASE("-M cuts the ranking before everything, NAME@N cuts for one measure") {
  kosearch::EvalOptions o;
  o.max_docs_per_topic = 2;
  const auto r = eval_toy({"num_ret", "num_rel_ret", "map", "recip_rank", "P_5", "ndcg"}, o);
  CHECK(topic_value(r, "t1", "num_ret") == 2);
  CHECK(topic_value(r, "t1", "num_rel_ret") == 1);
  CHECK(topic_value(r, "t1", "map") == doctest::Approx(0.5 / 3));
  CHECK(topic_value(r, "t1", "recip_rank") == doctest::Approx(0.5));
  CHECK(topic_value(r, "t1", "P_5") == doctest::Approx(0.2));
  CHECK(topic_value(r, "t1", "ndcg") == doctest::Approx((1 / kLog3) / (2 + 1 / kLog3 + 0.5)));

  const auto d = eval_toy({"RR@1", "recip_rank@2", "map@2", "map"});
  CHECK(topic_value(d, "t1", "RR@1") == 0.0);  // MRR@1: the first doc is not relevant
  CHECK(topic_value(d, "t1", "RR@2") == doctest::Approx(0.5));  // recip_rank@2 is named RR@2
  CHECK(topic_value(d, "t1", "map@2") == doctest::Approx(0.5 / 3));
  CHECK(topic_value(d, "t1", "map") == doctest::Approx(1.0 / 3));
}

TEST_CASE("relevance level (-l) changes binary measures but not nDCG") {
  kosearch::EvalOptions o;
  o.relevance_level = 2;
  const auto r = eval_toy({"num_rel", "map", "recip_rank", "bpref", "ndcg"}, o);
  CHECK(topic_value(r, "t1", "num_rel") == 1);                  // only d3
  CHECK(topic_value(r, "t1", "map") == doctest::Approx(0.25));  // d3 at rank 4
  CHECK(topic_value(r, "t1", "recip_rank") == doctest::Approx(0.25));
  // Non-relevant now d1, d2, d4, d5; d1 and d2 precede d3: 1 - min(2,1)/min(4,1) = 0.
  CHECK(topic_value(r, "t1", "bpref") == 0.0);
  CHECK(topic_value(r, "t1", "ndcg") ==
        doctest::Approx((1 / kLog3 + 2 / kLog5) / (2 + 1 / kLog3 + 0.5)));

  o.relevance_level = -1;
  CHECK_THROWS_AS(eval_toy({"map"}, o), kosearch::InvalidArgument);
}

TEST_CASE("ties: score descending, then doc id descending, the rank column is ignored") {
  // trec_eval's documented case: d1 (grade 1) and d3 (grade 2) tied -> d3 first.
  const auto qrels = kosearch::parse_qrels("q 0 d1 1\nq 0 d3 2\n", "qrels");
  const auto run = kosearch::parse_trec_run(
      "q Q0 d1 1 1.0 r\nq Q0 d3 2 1 r\n"
      "q Q0 d0 3 1.00 r\n",
      "run");
  kosearch::EvalOptions o;
  o.measures =
      kosearch::parse_measures(std::vector<std::string>{"ndcg_cut_1", "recip_rank", "P_1"});
  const auto r = kosearch::evaluate(run, qrels, o);
  CHECK(r.value(0, *r.measure_index("ndcg_cut_1")) == doctest::Approx(1.0));
  CHECK(r.value(0, *r.measure_index("recip_rank")) == 1.0);

  // A doc id is compared byte-wise: "d10" < "d9", so d9 ranks first among equals.
  const auto q2 = kosearch::parse_qrels("q 0 d10 1\n", "qrels");
  const auto r2 = kosearch::evaluate(
      kosearch::parse_trec_run("q Q0 d10 1 2.5 r\nq Q0 d9 2 2.5 r\n", "run"), q2, o);
  CHECK(r2.value(0, *r2.measure_index("recip_rank")) == doctest::Approx(0.5));
}

TEST_CASE("a topic present in the run with no documents counts even without -c") {
  kosearch::Run run;
  run["t1"] = {};
  run["t2"] = {{"x1", 1.0}};
  const auto qrels = kosearch::parse_qrels(kQrels, "qrels");
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"num_q", "map"});
  const auto r = kosearch::evaluate(run, qrels, o);
  CHECK(r.topics == std::vector<std::string>{"t1", "t2"});
  CHECK(r.aggregate[*r.measure_index("num_q")] == 2);
}

TEST_CASE("no topic in common is an error naming both id styles") {
  const auto qrels = kosearch::parse_qrels("q1 0 d1 1\n", "qrels");
  const auto run = kosearch::parse_trec_run("Q-1 Q0 d1 1 1.0 r\n", "run");
  try {
    (void)kosearch::evaluate(run, qrels);
    FAIL("expected InvalidInput");
  } catch (const kosearch::InvalidInput& e) {
    const std::string what = e.what();
    CHECK(what.find("'Q-1'") != std::string::npos);
    CHECK(what.find("'q1'") != std::string::npos);
  }
  // With -c the judged topic counts as zero instead.
  kosearch::EvalOptions o;
  o.complete = true;
  const auto r = kosearch::evaluate(run, qrels, o);
  CHECK(r.num_q() == 1);
}

TEST_CASE("measure names: trec_eval names, -m syntax, defaults, @depth, errors") {
  using V = std::vector<std::string>;
  const auto names = [](const std::vector<kosearch::Measure>& ms) {
    V out;
    for (const auto& m : ms) out.push_back(m.name);
    return out;
  };
  CHECK(names(kosearch::parse_measures(V{"P.5,10", "ndcg_cut_10", "recip_rank@10", "P_5"})) ==
        V{"P_5", "P_10", "ndcg_cut_10", "RR@10"});
  CHECK(names(kosearch::parse_measures(V{"RR@10", "recip_rank"})) == V{"RR@10", "recip_rank"});
  CHECK(names(kosearch::parse_measures(V{"answer_hit"})) ==
        V{"answer_hit@1", "answer_hit@5", "answer_hit@10", "answer_hit@20", "answer_hit@100"});
  CHECK(kosearch::parse_measures(V{"answer_hit@20"})[0].cutoff == 20);
  CHECK(names(kosearch::parse_measures(V{"success"})) == V{"success_1", "success_5", "success_10"});
  CHECK(names(kosearch::parse_measures(V{"ndcg_cut"})).size() == 9);
  CHECK(names(kosearch::parse_measures(V{"judged"})) == V{"judged_5", "judged_10", "judged_20"});
  const auto defaults = kosearch::default_measures();
  CHECK(names(defaults) ==
        V{"ndcg_cut_10", "RR@10", "recall_100", "map", "P_10", "judged_10", "num_q"});
  CHECK(defaults[1].depth == 10);  // MRR@10, not under trec_eval's full-depth name
  CHECK(kosearch::parse_measures(V{"ndcg_cut_10"})[0].cutoff == 10);
  CHECK(kosearch::parse_measures(V{"num_ret"})[0].is_count());
  CHECK_FALSE(kosearch::parse_measures(V{"map"})[0].is_count());

  for (const char* bad :
       {"foo", "P_0", "P_x", "map.5", "recip_rank@0", "P.5,,10", "ndcg_cut_", "map_5", "", "RR",
        "answer_hit_5", "answer_hit@0"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(kosearch::parse_measures(V{bad}), kosearch::InvalidArgument);
  }
  try {
    (void)kosearch::parse_measures(V{"nDCG@10"});
  } catch (const kosearch::InvalidArgument& e) {
    CHECK(std::string(e.what()).find("ndcg_cut_K") != std::string::npos);  // lists valid names
  }
}

TEST_CASE("results list measures in trec_eval order, an empty list means the defaults") {
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(
      std::vector<std::string>{"success_1", "ndcg_cut_10", "P_10", "P_5", "map", "num_ret"});
  const auto r = kosearch::evaluate(kosearch::parse_trec_run(kRun, "run"),
                                    kosearch::parse_qrels(kQrels, "qrels"), o);
  std::vector<std::string> order;
  for (const auto& m : r.measures) order.push_back(m.name);
  CHECK(order ==
        std::vector<std::string>{"num_ret", "map", "P_5", "P_10", "ndcg_cut_10", "success_1"});
  const auto d = kosearch::evaluate(kosearch::parse_trec_run(kRun, "run"),
                                    kosearch::parse_qrels(kQrels, "qrels"));
  CHECK(d.measures.size() == kosearch::default_measures().size());
  CHECK(d.measure_index("RR@10").has_value());
  CHECK_FALSE(d.measure_index("recip_rank").has_value());
}

TEST_CASE("answer_hit@K: 1 when the first answer-holding document is within the top K") {
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"answer_hit", "map"});
  const auto run = kosearch::parse_trec_run(kRun, "run");
  const auto qrels = kosearch::parse_qrels(kQrels, "qrels");
  CHECK_THROWS_AS(kosearch::evaluate(run, qrels, o), kosearch::InvalidArgument);  // no ranks
  const kosearch::AnswerRanks ranks{{"t1", 4}, {"t2", 0}};
  const auto r = kosearch::evaluate(run, qrels, o, &ranks);
  CHECK(topic_value(r, "t1", "answer_hit@1") == 0.0);
  CHECK(topic_value(r, "t1", "answer_hit@5") == 1.0);
  CHECK(topic_value(r, "t1", "answer_hit@100") == 1.0);
  CHECK(topic_value(r, "t2", "answer_hit@100") == 0.0);
  CHECK(all_value(r, "answer_hit@5") == doctest::Approx(0.5));
  // -M cuts below the answer's rank: no hit.
  o.max_docs_per_topic = 3;
  const auto m = kosearch::evaluate(run, qrels, o, &ranks);
  CHECK(topic_value(m, "t1", "answer_hit@5") == 0.0);
}
