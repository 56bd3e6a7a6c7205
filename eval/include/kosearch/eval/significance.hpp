#pragma once
/// @file Paired significance tests and system comparison over per-topic values.
///
/// All functions are pure and deterministic (the randomization test uses its own seeded
/// std::mt19937_64), and safe for concurrent use.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "kosearch/eval/metrics.hpp"

namespace kosearch {

/// Regularized incomplete beta function I_x(a, b), for a > 0, b > 0, 0 <= x <= 1 (continued
/// fraction, relative accuracy ~1e-14). Throws InvalidArgument outside that domain.
double regularized_incomplete_beta(double a, double b, double x);

/// CDF of Student's t distribution with `df` > 0 degrees of freedom.
double student_t_cdf(double t, double df);

/// Two-sided p-value of the paired t-test of b - a. Returns 1 when fewer than 2 pairs or when
/// every difference is 0; 0 when all differences are equal and non-zero. Throws
/// InvalidArgument if the spans differ in size.
double paired_t_test_p(std::span<const double> a, std::span<const double> b);

/// Two-sided p-value of the paired randomization (sign-flip permutation) test of the mean
/// of b - a: (1 + #permutations with |mean| >= |observed mean|) / (1 + permutations), with
/// each permutation flipping the sign of each difference with probability 1/2 from a
/// std::mt19937_64 seeded with `seed`. Identical systems give exactly 1. Throws
/// InvalidArgument if the spans differ in size or `permutations` is 0.
double randomization_test_p(std::span<const double> a, std::span<const double> b,
                            std::uint32_t permutations = 10000, std::uint64_t seed = 42);

/// Summary of one measure over paired topics.
struct PairedStats {
  std::size_t n = 0;  ///< number of paired topics
  double mean_a = 0.0;
  double mean_b = 0.0;
  double diff = 0.0;             ///< mean_b - mean_a
  double t = 0.0;                ///< t statistic of b - a (0 when undefined)
  double t_test_p = 1.0;         ///< two-sided paired t-test p-value
  double randomization_p = 1.0;  ///< two-sided paired randomization test p-value
  std::size_t wins = 0;          ///< topics where b > a (beyond `tie_epsilon`)
  std::size_t ties = 0;
  std::size_t losses = 0;  ///< topics where b < a
};

/// Options of compare() / paired_stats().
struct CompareOptions {
  /// Permutations of the randomization test. Must be > 0. Default: 10000.
  std::uint32_t permutations = 10000;
  /// Seed of the randomization test (re-seeded for each measure). Default: 42.
  std::uint64_t seed = 42;
  /// |b - a| <= tie_epsilon counts as a tie. Default: 1e-9.
  double tie_epsilon = 1e-9;
  /// How many topics to list in Comparison::largest_changes. Default: 5.
  std::size_t top_changes = 5;
  /// Measure whose largest per-topic changes are listed; empty = the first measure of A
  /// that is not a count. Default: empty.
  std::string focus_measure;
  /// Order of Comparison::measures by name (e.g. the order the user asked for); measures not
  /// named follow in A's order (trec_eval's). Default: empty = A's order.
  std::vector<std::string> measure_order;
  /// Display names of the two systems. Default: "A" and "B".
  std::string name_a = "A";
  std::string name_b = "B";
};

/// Computes PairedStats for equally long spans of per-topic values.
PairedStats paired_stats(std::span<const double> a, std::span<const double> b,
                         const CompareOptions& options = {});

/// One topic's value of the focus measure in both systems.
struct TopicChange {
  std::string topic;
  double a = 0.0;
  double b = 0.0;
};

/// One measure of a comparison.
struct MeasureComparison {
  Measure measure;
  PairedStats stats;
};

/// Result of compare().
struct Comparison {
  std::string name_a;
  std::string name_b;
  std::vector<std::string> topics;          ///< the paired topics (in both results)
  std::vector<MeasureComparison> measures;  ///< A's measures except num_q (see measure_order)
  std::string focus_measure;
  std::vector<TopicChange> largest_changes;  ///< by |b - a| descending, then topic id
  std::uint32_t permutations = 0;
  std::uint64_t seed = 0;
};

/// Compares two evaluations of the same measures over the topics they share (evaluate both
/// with the same qrels, and with `complete` to pair every judged topic). Throws
/// InvalidArgument if B lacks a measure of A or the focus measure is unknown, and
/// InvalidInput if the results share no topic.
Comparison compare(const EvalResult& a, const EvalResult& b, const CompareOptions& options = {});

/// Holm–Bonferroni step-down adjustment of a family of p-values (Holm 1979): sorted ascending,
/// the i-th smallest (0-based) becomes max over j <= i of min(1, (m - j) p_(j)). Rejecting the
/// adjusted p < alpha controls the family-wise error rate at alpha. Returns the adjusted values
/// in the input's order.
std::vector<double> holm_adjust(std::span<const double> p);

/// One system compared with the baseline, its p-values adjusted per measure over the family of
/// all systems compared with the baseline.
struct SystemVsBaseline {
  std::string name;
  Comparison comparison;  ///< baseline = A, this system = B
  /// Per entry of comparison.measures: Holm-adjusted t-test and randomization p-values.
  std::vector<double> t_test_p_holm;
  std::vector<double> randomization_p_holm;
};

/// Result of compare_many().
struct MultiComparison {
  std::string baseline;
  std::vector<Measure> measures;        ///< as in each comparison (CompareOptions::measure_order)
  std::vector<double> baseline_means;   ///< per measure, over the baseline's evaluated topics
  std::size_t baseline_num_q = 0;
  std::vector<SystemVsBaseline> others;  ///< systems 2..n, in order
  std::uint32_t permutations = 0;
  std::uint64_t seed = 0;
};

/// Compares systems 2..n of `results` with the first (the baseline), each over the topics it
/// shares with the baseline, then adjusts each measure's p-values over the n - 1 comparisons by
/// Holm–Bonferroni. `names` gives each system's name (same size as `results`); the options'
/// names are ignored. Throws InvalidArgument for fewer than two systems or mismatched sizes, and
/// what compare() throws.
MultiComparison compare_many(std::span<const EvalResult> results,
                             std::span<const std::string> names, const CompareOptions& options = {});

}  // namespace kosearch
