// Several systems against one baseline: Holm–Bonferroni adjustment and the one-table formats.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/report.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"

namespace {

// Ten topics, one relevant document each (dK for topic tK).
kosearch::Qrels ten_topics() {
  std::string q;
  for (int t = 0; t < 10; ++t) q += "t" + std::to_string(t) + " 0 d" + std::to_string(t) + " 1\n";
  return kosearch::parse_qrels(q, "qrels");
}

// A run that ranks the relevant document at rank rank_of(t) (0: not at all) behind fillers.
template <class F>
kosearch::Run run_with(F rank_of) {
  std::string r;
  for (int t = 0; t < 10; ++t) {
    const int rank = rank_of(t);
    for (int i = 1; i <= 5; ++i) {
      const std::string doc = i == rank ? "d" + std::to_string(t) : "x" + std::to_string(i);
      r += "t" + std::to_string(t) + " Q0 " + doc + " " + std::to_string(i) + " " +
           std::to_string(10 - i) + " r\n";
    }
  }
  return kosearch::parse_trec_run(r, "run");
}

}  // namespace

TEST_CASE("holm_adjust: step-down Bonferroni, monotone, capped at 1, in input order") {
  const std::vector<double> p{0.01, 0.04, 0.03, 0.005};
  const std::vector<double> a = kosearch::holm_adjust(p);
  REQUIRE(a.size() == 4);
  CHECK(a[3] == doctest::Approx(0.02));  // smallest x 4
  CHECK(a[0] == doctest::Approx(0.03));  // second x 3
  CHECK(a[2] == doctest::Approx(0.06));  // third x 2
  CHECK(a[1] == doctest::Approx(0.06));  // 0.04 x 1, raised to the earlier 0.06
  CHECK(kosearch::holm_adjust(std::vector<double>{0.5, 0.9}) == std::vector<double>{1.0, 1.0});
  CHECK(kosearch::holm_adjust(std::vector<double>{0.2}) == std::vector<double>{0.2});
  CHECK(kosearch::holm_adjust(std::vector<double>{}).empty());
}

TEST_CASE("compare_many: every system against the first, p-values adjusted per measure") {
  const kosearch::Qrels qrels = ten_topics();
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"recip_rank", "P_1", "num_q"});
  std::vector<kosearch::EvalResult> results{
      kosearch::evaluate(run_with([](int) { return 2; }), qrels, o),
      kosearch::evaluate(run_with([](int t) { return t < 8 ? 1 : 2; }), qrels, o),
      kosearch::evaluate(run_with([](int t) { return t < 3 ? 1 : 2; }), qrels, o),
      kosearch::evaluate(run_with([](int t) { return t < 1 ? 1 : 2; }), qrels, o)};
  const std::vector<std::string> names{"base", "good", "some", "same-ish"};
  kosearch::CompareOptions co;
  co.permutations = 2000;
  const kosearch::MultiComparison mc = kosearch::compare_many(results, names, co);
  CHECK(mc.baseline == "base");
  CHECK(mc.baseline_num_q == 10);
  REQUIRE(mc.others.size() == 3);
  REQUIRE(mc.measures.size() == 2);  // num_q is not compared
  CHECK(mc.measures[0].name == "recip_rank");
  CHECK(mc.baseline_means[0] == doctest::Approx(0.5));
  for (std::size_t j = 0; j < mc.measures.size(); ++j) {
    std::vector<double> raw_t;
    std::vector<double> raw_r;
    for (const auto& s : mc.others) {
      raw_t.push_back(s.comparison.measures[j].stats.t_test_p);
      raw_r.push_back(s.comparison.measures[j].stats.randomization_p);
    }
    const auto at = kosearch::holm_adjust(raw_t);
    const auto ar = kosearch::holm_adjust(raw_r);
    for (std::size_t s = 0; s < mc.others.size(); ++s) {
      CHECK(mc.others[s].t_test_p_holm[j] == at[s]);
      CHECK(mc.others[s].randomization_p_holm[j] == ar[s]);
      CHECK(mc.others[s].randomization_p_holm[j] >= raw_r[s]);
    }
  }
  CHECK(mc.others[0].comparison.measures[0].stats.mean_b == doctest::Approx(0.9));
  CHECK(mc.others[0].comparison.measures[0].stats.wins == 8);

  const std::string table = kosearch::format_multi_comparison(mc, kosearch::ReportFormat::Table);
  CHECK(table.find("base (baseline)") != std::string::npos);
  CHECK(table.find("0.9000 (+0.4000)") != std::string::npos);
  CHECK(table.find("Holm") != std::string::npos);
  const std::string md = kosearch::format_multi_comparison(mc, kosearch::ReportFormat::Markdown);
  CHECK(md.find("| base (baseline) |") != std::string::npos);
  CHECK(md.find("| system ") != std::string::npos);
  CHECK(md.find(" recip_rank ") != std::string::npos);
  const auto j = nlohmann::json::parse(kosearch::format_multi_comparison(mc, kosearch::ReportFormat::Json));
  CHECK(j["baseline"] == "base");
  CHECK(j["correction"] == "holm");
  REQUIRE(j["systems"].size() == 4);
  CHECK(j["systems"][0]["baseline"] == true);
  CHECK(j["systems"][1]["name"] == "good");
  CHECK(j["systems"][1]["measures"]["recip_rank"]["mean"].get<double>() == doctest::Approx(0.9));
  CHECK(j["systems"][1]["measures"]["recip_rank"]["randomization_p_holm"].get<double>() ==
        mc.others[0].randomization_p_holm[0]);
  CHECK(j["systems"][3]["measures"]["P_1"]["t_test_p_holm"].get<double>() ==
        mc.others[2].t_test_p_holm[1]);

  CHECK_THROWS_AS(kosearch::compare_many(std::span(results).first(1), std::span(names).first(1)),
                  kosearch::InvalidArgument);
}
