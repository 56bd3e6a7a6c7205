#include "kosearch/eval/significance.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"

namespace kosearch {

namespace {

// Continued fraction of the incomplete beta function (DLMF 8.17.22), evaluated with the
// modified Lentz method. Converges fast for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr int kMaxIterations = 1000;
  constexpr double kEpsilon = 1e-15;
  constexpr double kTiny = 1e-300;
  const auto guard = [](double v) { return std::fabs(v) < kTiny ? kTiny : v; };

  double c = 1.0;
  double d = 1.0 / guard(1.0 - (a + b) * x / (a + 1.0));
  double f = d;
  for (int m = 1; m <= kMaxIterations; ++m) {
    const double dm = m;
    // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double coefficient = dm * (b - dm) * x / ((a + 2.0 * dm - 1.0) * (a + 2.0 * dm));
    d = 1.0 / guard(1.0 + coefficient * d);
    c = guard(1.0 + coefficient / c);
    f *= d * c;
    // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    coefficient = -(a + dm) * (a + b + dm) * x / ((a + 2.0 * dm) * (a + 2.0 * dm + 1.0));
    d = 1.0 / guard(1.0 + coefficient * d);
    c = guard(1.0 + coefficient / c);
    const double delta = d * c;
    f *= delta;
    if (std::fabs(delta - 1.0) < kEpsilon) break;
  }
  return f;
}

void require_same_size(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) {
    throw InvalidArgument("paired test needs equally many values, got " + std::to_string(a.size()) +
                          " and " + std::to_string(b.size()));
  }
}

struct TTest {
  double t = 0.0;
  double p = 1.0;
};

TTest t_test(std::span<const double> a, std::span<const double> b) {
  require_same_size(a, b);
  const std::size_t n = a.size();
  if (n < 2) return {};
  double sum = 0.0;
  for (std::size_t i = 0; i < n; ++i) sum += b[i] - a[i];
  const double mean = sum / static_cast<double>(n);
  double squares = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dev = (b[i] - a[i]) - mean;
    squares += dev * dev;
  }
  const double sd = std::sqrt(squares / static_cast<double>(n - 1));
  // Exactly equal differences: no variance to test against.
  if (sd <= 1e-15 * std::max(1.0, std::fabs(mean))) {
    if (std::fabs(mean) <= 1e-15) return {};
    return {mean > 0 ? std::numeric_limits<double>::infinity()
                     : -std::numeric_limits<double>::infinity(),
            0.0};
  }
  const double t = mean / (sd / std::sqrt(static_cast<double>(n)));
  const double df = static_cast<double>(n - 1);
  // Two-sided tail: P(|T| >= |t|) = I_{df / (df + t^2)}(df / 2, 1 / 2).
  const double p = regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
  return {t, std::clamp(p, 0.0, 1.0)};
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0.0) || !(b > 0.0) || !(x >= 0.0) || !(x <= 1.0)) {
    throw InvalidArgument("regularized_incomplete_beta: need a > 0, b > 0 and 0 <= x <= 1");
  }
  if (x == 0.0) return 0.0;
  if (x == 1.0) return 1.0;
  const double log_front =
      std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  const double front = std::exp(log_front);
  if (x < (a + 1.0) / (a + b + 2.0)) return front * beta_continued_fraction(a, b, x) / a;
  return 1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b;
}

double student_t_cdf(double t, double df) {
  if (!(df > 0.0)) throw InvalidArgument("student_t_cdf: degrees of freedom must be > 0");
  if (std::isinf(t)) return t > 0 ? 1.0 : 0.0;
  const double tail = 0.5 * regularized_incomplete_beta(df / 2.0, 0.5, df / (df + t * t));
  return t > 0 ? 1.0 - tail : tail;
}

double paired_t_test_p(std::span<const double> a, std::span<const double> b) {
  return t_test(a, b).p;
}

double randomization_test_p(std::span<const double> a, std::span<const double> b,
                            std::uint32_t permutations, std::uint64_t seed) {
  require_same_size(a, b);
  if (permutations == 0) throw InvalidArgument("randomization test needs permutations > 0");
  // Zero differences do not change any permuted sum: leave them out.
  std::vector<double> diffs;
  double observed = 0.0;
  double magnitude = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double d = b[i] - a[i];
    if (d == 0.0) continue;
    diffs.push_back(d);
    observed += d;
    magnitude += std::fabs(d);
  }
  observed = std::fabs(observed);
  // Sums equal in exact arithmetic may differ in the last bits after reordering.
  const double threshold = observed - 1e-12 * (1.0 + magnitude);
  std::mt19937_64 rng(seed);
  std::uint64_t at_least_as_extreme = 0;
  for (std::uint32_t p = 0; p < permutations; ++p) {
    double sum = 0.0;
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < diffs.size(); ++i) {
      if (i % 64 == 0) bits = rng();
      sum += (bits & 1u) ? diffs[i] : -diffs[i];
      bits >>= 1;
    }
    if (std::fabs(sum) >= threshold) ++at_least_as_extreme;
  }
  return static_cast<double>(at_least_as_extreme + 1) / (static_cast<double>(permutations) + 1.0);
}

PairedStats paired_stats(std::span<const double> a, std::span<const double> b,
                         const CompareOptions& options) {
  require_same_size(a, b);
  PairedStats s;
  s.n = a.size();
  if (s.n == 0) return s;
  double sum_a = 0.0;
  double sum_b = 0.0;
  for (std::size_t i = 0; i < s.n; ++i) {
    sum_a += a[i];
    sum_b += b[i];
    const double d = b[i] - a[i];
    if (d > options.tie_epsilon) {
      ++s.wins;
    } else if (d < -options.tie_epsilon) {
      ++s.losses;
    } else {
      ++s.ties;
    }
  }
  s.mean_a = sum_a / static_cast<double>(s.n);
  s.mean_b = sum_b / static_cast<double>(s.n);
  s.diff = s.mean_b - s.mean_a;
  const TTest t = t_test(a, b);
  s.t = t.t;
  s.t_test_p = t.p;
  s.randomization_p = randomization_test_p(a, b, options.permutations, options.seed);
  return s;
}

Comparison compare(const EvalResult& a, const EvalResult& b, const CompareOptions& options) {
  Comparison c;
  c.name_a = options.name_a;
  c.name_b = options.name_b;
  c.permutations = options.permutations;
  c.seed = options.seed;
  std::set_intersection(a.topics.begin(), a.topics.end(), b.topics.begin(), b.topics.end(),
                        std::back_inserter(c.topics));
  if (c.topics.empty()) {
    throw InvalidInput(
        "the two systems share no evaluated topic; evaluate both against the "
        "same qrels (with -c to pair every judged topic)");
  }
  std::vector<std::size_t> rows_a;
  std::vector<std::size_t> rows_b;
  for (const auto& topic : c.topics) {
    rows_a.push_back(*a.topic_index(topic));
    rows_b.push_back(*b.topic_index(topic));
  }

  std::vector<double> va(c.topics.size());
  std::vector<double> vb(c.topics.size());
  const auto fill = [&](std::size_t ma, std::size_t mb) {
    for (std::size_t i = 0; i < c.topics.size(); ++i) {
      va[i] = a.value(rows_a[i], ma);
      vb[i] = b.value(rows_b[i], mb);
    }
  };
  for (std::size_t ma = 0; ma < a.measures.size(); ++ma) {
    const Measure& m = a.measures[ma];
    if (m.kind == MeasureKind::NumQ) continue;
    const auto mb = b.measure_index(m.name);
    if (!mb) {
      throw InvalidArgument("system " + options.name_b + " was not evaluated with measure " +
                            m.name);
    }
    fill(ma, *mb);
    c.measures.push_back({m, paired_stats(va, vb, options)});
  }

  if (!options.measure_order.empty()) {
    const auto rank = [&](const MeasureComparison& mc) {
      const auto it =
          std::find(options.measure_order.begin(), options.measure_order.end(), mc.measure.name);
      return static_cast<std::size_t>(it - options.measure_order.begin());
    };
    std::stable_sort(
        c.measures.begin(), c.measures.end(),
        [&](const MeasureComparison& x, const MeasureComparison& y) { return rank(x) < rank(y); });
  }

  c.focus_measure = options.focus_measure;
  if (c.focus_measure.empty()) {
    for (const auto& m : a.measures) {
      if (!m.is_count()) {
        c.focus_measure = m.name;
        break;
      }
    }
  }
  if (!c.focus_measure.empty()) {
    const auto ma = a.measure_index(c.focus_measure);
    const auto mb = b.measure_index(c.focus_measure);
    if (!ma || !mb) {
      throw InvalidArgument("focus measure '" + c.focus_measure +
                            "' was not computed for both systems");
    }
    fill(*ma, *mb);
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < c.topics.size(); ++i) {
      if (std::fabs(vb[i] - va[i]) > options.tie_epsilon) order.push_back(i);
    }
    // Topics are sorted, so a stable sort keeps equal changes in topic order.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      return std::fabs(vb[x] - va[x]) > std::fabs(vb[y] - va[y]);
    });
    if (order.size() > options.top_changes) order.resize(options.top_changes);
    for (const std::size_t i : order) c.largest_changes.push_back({c.topics[i], va[i], vb[i]});
  }
  return c;
}

std::vector<double> holm_adjust(std::span<const double> p) {
  const std::size_t m = p.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return p[x] < p[y]; });
  std::vector<double> adjusted(m);
  double running = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    const double scaled = std::min(1.0, static_cast<double>(m - i) * p[order[i]]);
    running = std::max(running, scaled);  // step-down: never below an earlier, smaller p
    adjusted[order[i]] = running;
  }
  return adjusted;
}

MultiComparison compare_many(std::span<const EvalResult> results,
                             std::span<const std::string> names, const CompareOptions& options) {
  if (results.size() < 2) throw InvalidArgument("comparing systems needs at least two");
  if (names.size() != results.size()) {
    throw InvalidArgument("compare_many: one name per system expected");
  }
  MultiComparison mc;
  mc.baseline = names[0];
  mc.permutations = options.permutations;
  mc.seed = options.seed;
  const EvalResult& base = results[0];
  mc.baseline_num_q = base.num_q();
  for (std::size_t i = 1; i < results.size(); ++i) {
    CompareOptions o = options;
    o.name_a = names[0];
    o.name_b = names[i];
    mc.others.push_back({names[i], compare(base, results[i], o), {}, {}});
  }
  // The measure order of the comparisons (num_q left out: baseline_num_q has it).
  for (const auto& m : mc.others.front().comparison.measures) mc.measures.push_back(m.measure);
  // Means for every measure, counts too (their aggregate is a sum), as in the comparisons.
  for (const auto& m : mc.measures) {
    const double v = base.aggregate[*base.measure_index(m.name)];
    mc.baseline_means.push_back(m.is_count() ? v / static_cast<double>(base.num_q()) : v);
  }
  const std::size_t nm = mc.others.front().comparison.measures.size();
  std::vector<double> pt(mc.others.size());
  std::vector<double> pr(mc.others.size());
  for (auto& o : mc.others) {
    o.t_test_p_holm.resize(nm);
    o.randomization_p_holm.resize(nm);
  }
  for (std::size_t j = 0; j < nm; ++j) {
    for (std::size_t s = 0; s < mc.others.size(); ++s) {
      pt[s] = mc.others[s].comparison.measures[j].stats.t_test_p;
      pr[s] = mc.others[s].comparison.measures[j].stats.randomization_p;
    }
    const std::vector<double> at = holm_adjust(pt);
    const std::vector<double> ar = holm_adjust(pr);
    for (std::size_t s = 0; s < mc.others.size(); ++s) {
      mc.others[s].t_test_p_holm[j] = at[s];
      mc.others[s].randomization_p_holm[j] = ar[s];
    }
  }
  return mc;
}

}  // namespace kosearch
