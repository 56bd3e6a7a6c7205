// Report formats: trec_eval text, JSON, aligned table, Markdown; comparisons.

#include "kosearch/eval/report.hpp"

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"

namespace {

kosearch::EvalResult toy_result() {
  const auto qrels = kosearch::parse_qrels("q1 0 a 1\nq1 0 b 0\nq2 0 c 1\nq2 0 d 1\n", "qrels");
  const auto run = kosearch::parse_trec_run(
      "q1 Q0 b 1 2 r\nq1 Q0 a 2 1 r\nq2 Q0 c 1 5 r\nq2 Q0 x 2 4 r\n", "run");
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"map", "num_q", "num_rel", "P_1"});
  return kosearch::evaluate(run, qrels, o);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("trec_eval format: padded names, tabs, 4 decimals, integer counts") {
  const auto r = toy_result();
  // q1: relevant at rank 2 -> map 0.5; q2: one of two relevant at rank 1 -> map 0.5.
  CHECK(kosearch::format_eval(r, kosearch::ReportFormat::TrecEval) ==
        "num_q                 \tall\t2\n"
        "num_rel               \tall\t3\n"
        "map                   \tall\t0.5000\n"
        "P_1                   \tall\t0.5000\n");
  CHECK(kosearch::format_eval(r, kosearch::ReportFormat::TrecEval, true) ==
        "num_rel               \tq1\t1\n"
        "map                   \tq1\t0.5000\n"
        "P_1                   \tq1\t0.0000\n"
        "num_rel               \tq2\t2\n"
        "map                   \tq2\t0.5000\n"
        "P_1                   \tq2\t1.0000\n"
        "num_q                 \tall\t2\n"
        "num_rel               \tall\t3\n"
        "map                   \tall\t0.5000\n"
        "P_1                   \tall\t0.5000\n");
}

TEST_CASE("JSON: metric names as keys, num_q, per_query with -q") {
  const auto r = toy_result();
  const auto j = nlohmann::json::parse(kosearch::format_eval(r, kosearch::ReportFormat::Json));
  CHECK(j["map"].get<double>() == doctest::Approx(0.5));
  CHECK(j["num_q"].get<int>() == 2);
  CHECK(j["num_rel"].is_number_integer());
  CHECK_FALSE(j.contains("per_query"));
  const auto q =
      nlohmann::json::parse(kosearch::format_eval(r, kosearch::ReportFormat::Json, true));
  CHECK(q["per_query"]["q2"]["P_1"].get<double>() == 1.0);
  CHECK(q["per_query"]["q1"]["num_rel"].get<int>() == 1);
  CHECK_FALSE(q["per_query"]["q1"].contains("num_q"));

  // num_q is present even when not requested.
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"map"});
  const auto only_map = kosearch::evaluate(kosearch::parse_trec_run("q1 Q0 a 1 1 r\n", "run"),
                                           kosearch::parse_qrels("q1 0 a 1\n", "qrels"), o);
  const auto j2 =
      nlohmann::json::parse(kosearch::format_eval(only_map, kosearch::ReportFormat::Json));
  CHECK(j2["num_q"].get<int>() == 1);
}

TEST_CASE("table and Markdown") {
  const auto r = toy_result();
  CHECK(kosearch::format_eval(r, kosearch::ReportFormat::Table) ==
        "measure     all\n"
        "num_q         2\n"
        "num_rel       3\n"
        "map      0.5000\n"
        "P_1      0.5000\n");
  CHECK(kosearch::format_eval(r, kosearch::ReportFormat::Markdown) ==
        "| measure |    all |\n"
        "| ------- | -----: |\n"
        "| num_q   |      2 |\n"
        "| num_rel |      3 |\n"
        "| map     | 0.5000 |\n"
        "| P_1     | 0.5000 |\n");
  const std::string per_query = kosearch::format_eval(r, kosearch::ReportFormat::Table, true);
  CHECK(per_query ==
        "topic           num_rel     map     P_1\n"
        "q1                    1  0.5000  0.0000\n"
        "q2                    2  0.5000  1.0000\n"
        "all (2 topics)        3  0.5000  0.5000\n");
}

TEST_CASE("format names") {
  CHECK(kosearch::parse_report_format("json") == kosearch::ReportFormat::Json);
  CHECK(kosearch::parse_report_format("trec_eval") == kosearch::ReportFormat::TrecEval);
  CHECK(kosearch::report_format_names() ==
        std::vector<std::string>{"trec_eval", "table", "json", "markdown"});
  try {
    (void)kosearch::parse_report_format("csv");
    FAIL("expected InvalidArgument");
  } catch (const kosearch::InvalidArgument& e) {
    CHECK(contains(e.what(), "markdown"));
  }
}

TEST_CASE("comparison reports") {
  const auto qrels = kosearch::parse_qrels("q1 0 a 1\nq2 0 a 1\nq3 0 a 1\n", "qrels");
  const auto a = kosearch::parse_trec_run(
      "q1 Q0 a 1 1 A\nq2 Q0 x 1 2 A\nq2 Q0 a 2 1 A\n"
      "q3 Q0 x 1 1 A\n",
      "a");
  const auto b = kosearch::parse_trec_run("q1 Q0 a 1 1 B\nq2 Q0 a 1 1 B\nq3 Q0 a 1 1 B\n", "b");
  kosearch::EvalOptions o;
  o.complete = true;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"recip_rank", "P_1"});
  kosearch::CompareOptions co;
  co.name_a = "run-a.trec";
  co.name_b = "run|b";
  co.permutations = 1000;
  const auto c =
      kosearch::compare(kosearch::evaluate(a, qrels, o), kosearch::evaluate(b, qrels, o), co);
  const std::string table = kosearch::format_comparison(c, kosearch::ReportFormat::Table);
  CHECK(contains(table, "A: run-a.trec\nB: run|b\n"));
  CHECK(contains(table, "3 paired topics"));
  CHECK(contains(table, "1000 permutations, seed 42"));
  CHECK(contains(table, "measure"));
  CHECK(contains(table, "win/tie/loss"));
  CHECK(contains(table, "recip_rank  0.5000  1.0000  +0.5000"));
  CHECK(contains(table, "2/1/0"));
  CHECK(contains(table, "2 largest changes in recip_rank (B - A):"));
  CHECK(contains(table, "q3     0.0000  1.0000  +1.0000"));

  const std::string md = kosearch::format_comparison(c, kosearch::ReportFormat::Markdown);
  CHECK(contains(md, "**B**: run\\|b"));
  CHECK(contains(md, "| recip_rank | 0.5000 | 1.0000 | +0.5000 |"));

  const auto j =
      nlohmann::json::parse(kosearch::format_comparison(c, kosearch::ReportFormat::Json));
  CHECK(j["num_q"].get<int>() == 3);
  CHECK(j["seed"].get<int>() == 42);
  CHECK(j["measures"]["recip_rank"]["diff"].get<double>() == doctest::Approx(0.5));
  CHECK(j["measures"]["recip_rank"]["wins"].get<int>() == 2);
  CHECK(j["measures"]["P_1"]["randomization_p"].get<double>() > 0.0);
  CHECK(j["largest_changes"]["measure"] == "recip_rank");
  CHECK(j["largest_changes"]["topics"][0]["topic"] == "q3");
}
