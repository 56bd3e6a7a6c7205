#include "kosearch/eval/systems.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "kosearch/eval/html_report.hpp"

namespace kosearch {

std::string count_of(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string nothing_judged_warning(const Run& run, const Qrels& qrels, const std::string& name,
                                   bool passages) {
  std::size_t retrieved = 0;
  for (const auto& [qid, docs] : run) {
    const auto judged = qrels.find(qid);
    if (judged == qrels.end()) continue;
    for (const auto& d : docs) {
      if (judged->second.count(d.doc_id) > 0) return {};
      ++retrieved;
    }
  }
  if (retrieved == 0) return {};
  return fmt::format("none of the {} documents retrieved by {} has a judgment{}", retrieved, name,
                     passages ? "; with --passages the qrels must name passages (<doc_id>#<n>)"
                              : "; do the qrels use the same document ids as the index?");
}

namespace {

void topic_set_warnings(const EvalResult& r, const std::string& source, bool complete,
                        std::vector<std::string>& warnings) {
  if (!r.unjudged_topics.empty()) {
    warnings.push_back(fmt::format("{} of {} without judgments ignored (e.g. '{}')",
                                   count_of(r.unjudged_topics.size(), "topic"), source,
                                   r.unjudged_topics.front()));
  }
  if (!r.missing_topics.empty() && !complete) {
    warnings.push_back(fmt::format(
        "{} without results in {} skipped (e.g. '{}'); add -c to count them as 0",
        count_of(r.missing_topics.size(), "judged topic"), source, r.missing_topics.front()));
  }
}

}  // namespace

std::vector<std::string> score_systems(std::vector<EvalSystem>& systems, const EvalOptions& options,
                                       const Qrels& qrels, const AnswerSource* answers) {
  std::vector<std::string> warnings;
  std::uint32_t answer_depth = 0;
  for (const auto& m : options.measures) {
    if (m.kind == MeasureKind::AnswerHit) answer_depth = std::max(answer_depth, m.cutoff);
  }
  if (options.max_docs_per_topic > 0) answer_depth = std::min(answer_depth, options.max_docs_per_topic);
  for (auto& sys : systems) {
    if (answers != nullptr) {
      AnswerSearch found =
          find_answer_ranks(sys.run, *answers->answers, answers->texts->texts(), answer_depth);
      if (!found.topics_without_answers.empty()) {
        warnings.push_back(fmt::format(
            "{} of {} without answers in {} (no answer hit; e.g. '{}')",
            count_of(found.topics_without_answers.size(), "topic"), sys.name, answers->answers_path,
            found.topics_without_answers.front()));
      }
      if (found.unknown_ids > 0) {
        warnings.push_back(fmt::format(
            "{} retrieved by {} not in the index {} (e.g. '{}'): no text to look for answers in; "
            "is it the index the run was made from?",
            count_of(found.unknown_ids, "id"), sys.name, answers->index_dir, found.unknown_example));
      }
      sys.answer_ranks = std::move(found.ranks);
    }
    sys.result = evaluate(sys.run, qrels, options, answers != nullptr ? &sys.answer_ranks : nullptr);
    // With a search the missing topics were reported there (judged topics without query text).
    if (sys.from_file) topic_set_warnings(sys.result, sys.name, options.complete, warnings);
  }
  return warnings;
}

MultiComparison compare_systems(const std::vector<EvalSystem>& systems,
                                const CompareOptions& options, std::vector<std::string>& warnings) {
  std::vector<EvalResult> results;
  std::vector<std::string> names;
  for (const auto& sys : systems) {
    results.push_back(sys.result);
    names.push_back(sys.name);
  }
  MultiComparison many = compare_many(results, names, options);
  std::size_t unpaired = 0;
  for (const auto& o : many.others) {
    unpaired += systems.front().result.topics.size() - o.comparison.topics.size();
  }
  if (unpaired > 0) {
    warnings.push_back(fmt::format(
        "topics evaluated for the baseline but not for another system left out of its comparison "
        "({} in all); add -c to pair every judged topic",
        unpaired));
  }
  return many;
}

std::string systems_html_report(const std::vector<EvalSystem>& systems, const MultiComparison* many,
                                const EvalOptions& options, const std::string& focus_measure,
                                const Qrels& qrels, const std::vector<Topic>& topics,
                                const Answers* answers, IndexTexts* texts) {
  HtmlReportInput in;
  for (const auto& sys : systems) {
    in.systems.push_back({sys.name, &sys.run, &sys.result, answers != nullptr ? &sys.answer_ranks : nullptr});
  }
  in.comparison = many;
  in.qrels = &qrels;
  in.relevance_level = options.relevance_level;
  for (const auto& t : topics) in.queries.emplace(t.id, t.text);
  in.focus_measure = focus_measure;
  if (texts != nullptr) {
    in.passage = [texts](std::string_view id) { return texts->report_passage(id); };
    if (answers != nullptr) {
      in.holds_answer = [texts, answers](std::string_view topic, std::string_view id) {
        const auto a = answers->find(topic);
        return a != answers->end() && texts->holds_any(id, a->second);
      };
    }
  }
  return format_html_report(in);
}

}  // namespace kosearch
