// Significance tests against closed forms, a textbook example and exhaustive enumeration.

#include "kosearch/eval/significance.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"

namespace {

// Student's sleep data (Cushny & Peebles 1905, as in R's `sleep`): extra hours of sleep of
// 10 patients under two drugs. R: t.test(group2, group1, paired = TRUE) gives t = 4.0621,
// df = 9, p-value = 0.002833.
const std::vector<double> kDrug1{0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
const std::vector<double> kDrug2{1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};

// Exact two-sided sign-flip p-value by enumerating all 2^n patterns.
double exact_randomization_p(const std::vector<double>& a, const std::vector<double>& b) {
  const std::size_t n = a.size();
  double observed = 0.0;
  for (std::size_t i = 0; i < n; ++i) observed += b[i] - a[i];
  std::uint64_t extreme = 0;
  for (std::uint64_t mask = 0; mask < (std::uint64_t{1} << n); ++mask) {
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) sum += ((mask >> i) & 1u) ? b[i] - a[i] : a[i] - b[i];
    if (std::fabs(sum) >= std::fabs(observed) - 1e-9) ++extreme;
  }
  return static_cast<double>(extreme) / static_cast<double>(std::uint64_t{1} << n);
}

}  // namespace

TEST_CASE("regularized incomplete beta: closed forms") {
  for (const double x : {0.0, 0.1, 0.37, 0.5, 0.9, 1.0}) {
    CAPTURE(x);
    CHECK(kosearch::regularized_incomplete_beta(1, 1, x) == doctest::Approx(x).epsilon(1e-12));
    CHECK(kosearch::regularized_incomplete_beta(3, 1, x) ==
          doctest::Approx(x * x * x).epsilon(1e-12));
    CHECK(kosearch::regularized_incomplete_beta(1, 4, x) ==
          doctest::Approx(1 - std::pow(1 - x, 4)).epsilon(1e-12));
  }
  CHECK(kosearch::regularized_incomplete_beta(7.5, 7.5, 0.5) == doctest::Approx(0.5));
  // Symmetry I_x(a, b) = 1 - I_{1-x}(b, a).
  CHECK(kosearch::regularized_incomplete_beta(2.5, 0.5, 0.3) ==
        doctest::Approx(1 - kosearch::regularized_incomplete_beta(0.5, 2.5, 0.7)));
  CHECK_THROWS_AS(kosearch::regularized_incomplete_beta(0, 1, 0.5), kosearch::InvalidArgument);
  CHECK_THROWS_AS(kosearch::regularized_incomplete_beta(1, 1, 1.5), kosearch::InvalidArgument);
}

TEST_CASE("Student t CDF: closed forms and table values") {
  CHECK(kosearch::student_t_cdf(0.0, 5) == doctest::Approx(0.5));
  // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t)/pi.
  CHECK(kosearch::student_t_cdf(1.0, 1) == doctest::Approx(0.75));
  CHECK(kosearch::student_t_cdf(-3.0, 1) ==
        doctest::Approx(0.5 + std::atan(-3.0) / std::numbers::pi));
  // df = 2: F(t) = 1/2 + t / (2 sqrt(t^2 + 2)).
  CHECK(kosearch::student_t_cdf(2.0, 2) == doctest::Approx(0.5 + 2.0 / (2 * std::sqrt(6.0))));
  // Critical values from the t table: 97.5% at df 9 is 2.262, 95% at df 10 is 1.812,
  // 99.5% at df 20 is 2.845.
  CHECK(kosearch::student_t_cdf(2.262, 9) == doctest::Approx(0.975).epsilon(1e-4));
  CHECK(kosearch::student_t_cdf(1.812, 10) == doctest::Approx(0.95).epsilon(1e-4));
  CHECK(kosearch::student_t_cdf(2.845, 20) == doctest::Approx(0.995).epsilon(1e-4));
  // Large df approaches the normal: Phi(1.96) = 0.9750.
  CHECK(kosearch::student_t_cdf(1.96, 1e6) == doctest::Approx(0.9750021).epsilon(1e-6));
}

TEST_CASE("paired t-test: the sleep data") {
  CHECK(kosearch::paired_t_test_p(kDrug1, kDrug2) == doctest::Approx(0.002833).epsilon(1e-3));
  const auto s = kosearch::paired_stats(kDrug1, kDrug2);
  CHECK(s.n == 10);
  CHECK(s.t == doctest::Approx(4.0621).epsilon(1e-4));
  CHECK(s.mean_a == doctest::Approx(0.75));
  CHECK(s.mean_b == doctest::Approx(2.33));
  CHECK(s.diff == doctest::Approx(1.58));
  CHECK(s.wins == 9);  // drug 2 better for 9 patients, equal for one
  CHECK(s.ties == 1);
  CHECK(s.losses == 0);
  // Swapping the systems changes the sign, not the two-sided p.
  CHECK(kosearch::paired_t_test_p(kDrug2, kDrug1) ==
        doctest::Approx(kosearch::paired_t_test_p(kDrug1, kDrug2)));
}

TEST_CASE("identical systems give p = 1 and all ties") {
  const std::vector<double> v{0.1, 0.5, 0.0, 1.0, 0.25};
  CHECK(kosearch::paired_t_test_p(v, v) == 1.0);
  CHECK(kosearch::randomization_test_p(v, v) == 1.0);
  const auto s = kosearch::paired_stats(v, v);
  CHECK(s.t_test_p == 1.0);
  CHECK(s.randomization_p == 1.0);
  CHECK(s.ties == 5);
  CHECK(s.wins + s.losses == 0);
  // A constant non-zero shift has no variance: certain, p = 0.
  const std::vector<double> shifted{0.2, 0.6, 0.1, 1.1, 0.35};
  CHECK(kosearch::paired_t_test_p(v, shifted) == 0.0);
  // Too few pairs to test.
  CHECK(kosearch::paired_t_test_p(std::vector<double>{1.0}, std::vector<double>{2.0}) == 1.0);
  CHECK_THROWS_AS(kosearch::paired_t_test_p(v, std::vector<double>{1.0}),
                  kosearch::InvalidArgument);
}

TEST_CASE("randomization test: close to exhaustive enumeration, deterministic by seed") {
  const double exact = exact_randomization_p(kDrug1, kDrug2);
  const double p = kosearch::randomization_test_p(kDrug1, kDrug2);
  CHECK(p == doctest::Approx(exact).epsilon(0.003));  // relative: exact is ~0.004
  CHECK(std::fabs(p - exact) < 0.002);
  // Three equal improvements: only all-plus and all-minus are as extreme, 2 of 8.
  const std::vector<double> a{0, 0, 0};
  const std::vector<double> b{1, 1, 1};
  CHECK(std::fabs(kosearch::randomization_test_p(a, b) - 0.25) < 0.02);
  CHECK(kosearch::randomization_test_p(kDrug1, kDrug2, 10000, 42) ==
        kosearch::randomization_test_p(kDrug1, kDrug2, 10000, 42));
  CHECK(kosearch::randomization_test_p(a, b, 1, 42) >= 0.5);  // (count + 1) / (1 + 1)
  CHECK_THROWS_AS(kosearch::randomization_test_p(a, b, 0, 42), kosearch::InvalidArgument);
}

TEST_CASE("compare: pairs shared topics, lists the largest changes of the focus measure") {
  const auto qrels =
      kosearch::parse_qrels("q1 0 a 1\nq2 0 a 1\nq3 0 a 1\nq4 0 a 1\nq5 0 a 1\n", "qrels");
  // A finds `a` at rank 1, 2, 1, 3 and never for q5; B at rank 1, 1, 2, 3, 1.
  const auto run_a = kosearch::parse_trec_run(
      "q1 Q0 a 1 9 A\n"
      "q2 Q0 x 1 9 A\nq2 Q0 a 2 8 A\n"
      "q3 Q0 a 1 9 A\n"
      "q4 Q0 x 1 9 A\nq4 Q0 y 2 8 A\nq4 Q0 a 3 7 A\n"
      "q5 Q0 x 1 9 A\n",
      "a");
  const auto run_b = kosearch::parse_trec_run(
      "q1 Q0 a 1 9 B\n"
      "q2 Q0 a 1 9 B\n"
      "q3 Q0 x 1 9 B\nq3 Q0 a 2 8 B\n"
      "q4 Q0 x 1 9 B\nq4 Q0 y 2 8 B\nq4 Q0 a 3 7 B\n"
      "q5 Q0 a 1 9 B\n",
      "b");
  kosearch::EvalOptions o;
  o.measures = kosearch::parse_measures(std::vector<std::string>{"recip_rank", "num_q", "P_1"});
  const auto ea = kosearch::evaluate(run_a, qrels, o);
  const auto eb = kosearch::evaluate(run_b, qrels, o);
  kosearch::CompareOptions co;
  co.name_a = "bm25";
  co.name_b = "bm25+prox";
  co.top_changes = 2;
  const auto c = kosearch::compare(ea, eb, co);
  CHECK(c.topics.size() == 5);
  REQUIRE(c.measures.size() == 2);  // num_q is left out
  CHECK(c.measures[0].measure.name == "recip_rank");
  const auto& s = c.measures[0].stats;
  CHECK(s.mean_a == doctest::Approx((1 + 0.5 + 1 + 1.0 / 3 + 0) / 5));
  CHECK(s.mean_b == doctest::Approx((1 + 1 + 0.5 + 1.0 / 3 + 1) / 5));
  CHECK(s.wins == 2);
  CHECK(s.ties == 2);
  CHECK(s.losses == 1);
  CHECK(s.t_test_p > 0.0);
  CHECK(s.t_test_p < 1.0);
  // Focus defaults to the first non-count measure; q5 (+1) first, then q2 (+0.5) before q3
  // (-0.5) by topic id.
  CHECK(c.focus_measure == "recip_rank");
  REQUIRE(c.largest_changes.size() == 2);
  CHECK(c.largest_changes[0].topic == "q5");
  CHECK(c.largest_changes[0].b - c.largest_changes[0].a == doctest::Approx(1.0));
  CHECK(c.largest_changes[1].topic == "q2");

  // Listed in the order asked for.
  co.measure_order = {"P_1", "recip_rank"};
  const auto ordered = kosearch::compare(ea, eb, co);
  REQUIRE(ordered.measures.size() == 2);
  CHECK(ordered.measures[0].measure.name == "P_1");
  CHECK(ordered.focus_measure == "recip_rank");  // still the first non-count of A

  co.focus_measure = "nope";
  CHECK_THROWS_AS(kosearch::compare(ea, eb, co), kosearch::InvalidArgument);

  // Only shared topics are paired.
  kosearch::EvalOptions partial = o;
  const auto e_partial = kosearch::evaluate(
      kosearch::parse_trec_run("q1 Q0 a 1 9 C\nq2 Q0 a 1 9 C\n", "c"), qrels, partial);
  const auto c2 = kosearch::compare(ea, e_partial);
  CHECK(c2.topics == std::vector<std::string>{"q1", "q2"});
}
