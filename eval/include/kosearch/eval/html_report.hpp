#pragma once
/// @file A self-contained HTML page about one or more evaluated systems: the summary table,
/// per-topic differences (topic-delta chart), score distributions, win/tie/loss, the topics that
/// changed most with each system's top passages, and a breakdown by query length and spacing.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"

namespace kosearch {

/// What a run's id shows in the report: a title and a text excerpt (empty if unknown).
struct ReportPassage {
  std::string title;
  std::string text;
};

/// One system of the report.
struct ReportSystem {
  std::string name;
  const Run* run = nullptr;            ///< its ranking (for top passages and the judged rank)
  const EvalResult* result = nullptr;  ///< its evaluation
  /// Rank of the first answer-holding document per topic (--answers); null: not shown.
  const AnswerRanks* answer_ranks = nullptr;
};

/// Everything the page shows. Pointers must outlive format_html_report().
struct HtmlReportInput {
  std::string title = "kosearch eval report";
  /// The systems, the first the baseline. At least one.
  std::vector<ReportSystem> systems;
  /// The comparison of systems 2..n with the first (compare_many); null with one system.
  const MultiComparison* comparison = nullptr;
  const Qrels* qrels = nullptr;
  int relevance_level = 1;
  /// Topic id -> query text; without it the query-length breakdown is left out.
  std::map<std::string, std::string, std::less<>> queries;
  /// Looks up a run's id for the top passages; without it only ids are shown.
  std::function<ReportPassage(std::string_view id)> passage;
  /// Whether document `id` holds an answer of `topic` (marks top passages); may be empty.
  std::function<bool(std::string_view topic, std::string_view id)> holds_answer;
  /// Measure of the charts and of "changed most"; empty = the first non-count measure.
  std::string focus_measure;
  /// How many changed topics to list per comparison. Default: 20.
  std::size_t changed_topics = 20;
  /// Passages shown per system and topic. Default: 3.
  std::size_t top_passages = 3;
};

/// Renders the page: HTML5, inline CSS and SVG, no script, no external resource. Summary
/// values appear as `<td data-system="I" data-measure="NAME">0.1234</td>` (4 decimals, the
/// numbers --json gives), so tools can read them back. Throws InvalidArgument for no system, a
/// null run/result, or an unknown focus measure.
std::string format_html_report(const HtmlReportInput& input);

}  // namespace kosearch
