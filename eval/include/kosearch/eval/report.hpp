#pragma once
/// @file Formatting of evaluations and comparisons: trec_eval text, JSON, aligned text tables
/// and Markdown. Output is byte-identical for identical input.

#include <string>
#include <string_view>
#include <vector>

#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/significance.hpp"

namespace kosearch {

/// Output formats, looked up by name with parse_report_format().
enum class ReportFormat {
  TrecEval,  ///< `trec_eval`: trec_eval's lines (`%-22s\t%s\t%6.4f`, counts as integers)
  Table,     ///< `table`: aligned text columns
  Json,      ///< `json`: one JSON object
  Markdown,  ///< `markdown`: a GitHub-flavoured Markdown table
};

/// Looks a format up by name (`trec_eval`, `table`, `json`, `markdown`). Throws
/// InvalidArgument listing the valid names.
ReportFormat parse_report_format(std::string_view name);

/// The valid format names, in ReportFormat order.
std::vector<std::string> report_format_names();

/// Formats an evaluation; `per_query` adds per-topic values (trec_eval -q).
/// - TrecEval: trec_eval's exact lines, per-topic blocks first (without num_q, as trec_eval),
///   then the `all` block.
/// - Json: `{"<measure>": value, ..., "num_q": n}` (counts as integers, other values at full
///   double precision) plus `"per_query": {"<topic>": {"<measure>": value, ...}}` with
///   `per_query`.
/// - Table / Markdown: one row per measure (`measure`, `all`), or with `per_query` one row
///   per topic plus `all`, one column per measure; values with 4 decimals.
std::string format_eval(const EvalResult& result, ReportFormat format, bool per_query = false);

/// Formats a comparison. TrecEval is treated as Table. Table and Markdown print, per measure,
/// mean A, mean B, B - A, the t-test and randomization p-values and win/tie/loss (B vs A),
/// then the topics that changed most on the focus measure. Json gives
/// `{"system_a", "system_b", "num_q", "permutations", "seed",
///   "measures": {"<measure>": {"mean_a", "mean_b", "diff", "t", "t_test_p",
///   "randomization_p", "wins", "ties", "losses"}},
///   "largest_changes": {"measure", "topics": [{"topic", "a", "b", "diff"}]}}`.
std::string format_comparison(const Comparison& comparison, ReportFormat format);

/// Formats a comparison of several systems with a baseline as one table. TrecEval is treated as
/// Table. Table and Markdown: one row per system (the baseline first), per measure its mean
/// (others: and the difference from the baseline) and the Holm-adjusted randomization p-value
/// (`*` below 0.05), then win/tie/loss on the first measure. Json gives
/// `{"baseline", "num_q", "permutations", "seed", "correction": "holm", "measures": [names],
///   "systems": [{"name", "baseline": true, "measures": {"<m>": {"mean"}}},
///               {"name", "baseline": false, "num_q", "measures": {"<m>": {"mean",
///                "baseline_mean", "diff", "t", "t_test_p", "t_test_p_holm", "randomization_p",
///                "randomization_p_holm", "wins", "ties", "losses"}}}, ...]}`.
std::string format_multi_comparison(const MultiComparison& comparison, ReportFormat format);

}  // namespace kosearch
