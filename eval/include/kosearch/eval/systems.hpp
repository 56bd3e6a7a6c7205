#pragma once
/// @file The systems of one evaluation (a run searched or read from a file), scored, compared
/// and put into a report: the library half of `kosearch eval`. Warnings are returned as text
/// (the caller prints them), never written here.

#include <string>
#include <vector>

#include "kosearch/eval/answers.hpp"
#include "kosearch/eval/index_texts.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/queries.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"

namespace kosearch {

/// One system to evaluate: a run read from a file or made by a search.
struct EvalSystem {
  std::string name;
  Run run;
  EvalResult result;
  AnswerRanks answer_ranks;
  bool from_file = false;
};

/// "1 topic", "3 topics".
std::string count_of(std::size_t n, std::string_view noun);

/// A warning when `run` retrieved documents for judged topics but none of them has a judgment
/// (mismatched id kinds, e.g. passage ids against article qrels); empty otherwise.
std::string nothing_judged_warning(const Run& run, const Qrels& qrels, const std::string& name,
                                   bool passages);

/// Where answer_hit looks (with --answers): the answers, the texts of the index at
/// `index_dir`, and the file names the warnings give.
struct AnswerSource {
  const Answers* answers = nullptr;
  IndexTexts* texts = nullptr;
  std::string answers_path;
  std::string index_dir;
};

/// Evaluates every system with `options` (answer ranks first when `answers` is given); returns
/// the warnings, in order: topics without answers, unknown ids, and for a system read from a
/// file its unjudged and missing topics.
std::vector<std::string> score_systems(std::vector<EvalSystem>& systems, const EvalOptions& options,
                                       const Qrels& qrels, const AnswerSource* answers);

/// Systems 2..n against the first (compare_many); `warnings` gets one when topics of the
/// baseline are missing from another system's comparison.
MultiComparison compare_systems(const std::vector<EvalSystem>& systems,
                                const CompareOptions& options, std::vector<std::string>& warnings);

/// The HTML report of the systems (format_html_report): `topics` give the query texts, `texts`
/// (may be null) the passages shown, `answers` (may be null) the answer marks.
std::string systems_html_report(const std::vector<EvalSystem>& systems, const MultiComparison* many,
                                const EvalOptions& options, const std::string& focus_measure,
                                const Qrels& qrels, const std::vector<Topic>& topics,
                                const Answers* answers, IndexTexts* texts);

}  // namespace kosearch
