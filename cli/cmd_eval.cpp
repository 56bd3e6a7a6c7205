// kosearch eval: scores runs against qrels exactly as trec_eval does, or searches an index
// with the judged queries and scores that; answer accuracy (--answers), comparisons of two or
// more systems with paired tests (Holm-adjusted for several), and an HTML report.

#include <fmt/core.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "commands.hpp"
#include "eval_settings.hpp"
#include "search_sets.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/eval/answers.hpp"
#include "kosearch/eval/batch_search.hpp"
#include "kosearch/eval/html_report.hpp"
#include "kosearch/eval/index_texts.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/queries.hpp"
#include "kosearch/eval/report.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"
#include "kosearch/eval/systems.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

namespace {

SearchOptions search_options(const Settings& s, const std::vector<std::string>& sets,
                             const char* option) {
  SearchOptions o;
  // By the option table's names, as --set would: --set then overrides them.
  apply_search_option(o, "k", std::to_string(s.k));
  apply_search_option(o, "one_per_article", s.passages ? "0" : "1");
  apply_search_option(o, "snippets", "0");
  apply_search_option(o, "text", "0");  // ids and scores are all a run needs
  apply_sets(sets, o, option);
  return o;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::string system_name(const Settings& s, const std::vector<std::string>& sets) {
  std::string name = "index " + s.index_dir;
  if (s.passages) name += " (passages)";
  if (!sets.empty()) name += " [" + join(sets, " ") + "]";
  return name;
}

// Opens an output file before the (possibly long) search, so a bad path fails at once.
std::ofstream open_output(const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    throw IoError("cannot write " + path + ": check that the folder exists and is writable");
  return out;
}

void write_run(std::ofstream& out, const std::string& path, const Run& run,
               const std::string& tag) {
  try {
    write_trec_run(out, run, tag);
  } catch (const InvalidArgument& e) {
    // An id the TREC format cannot hold is a data problem, not a usage error.
    throw InvalidInput(path + ": " + e.what());
  }
  out.close();
  if (!out) throw IoError("cannot write " + path + ": the disk may be full");
}

std::uint32_t deepest_cutoff(const std::vector<Measure>& measures) {
  std::uint32_t deepest = 0;
  for (const auto& m : measures) deepest = std::max({deepest, m.cutoff, m.depth});
  return deepest;
}

// Searches every topic (eval/batch_search) with progress and failures on stderr.
Run search_topics(Searcher& searcher, const std::vector<const Topic*>& topics,
                  const SearchOptions& options, bool passages, std::string_view label) {
  const BatchSearch batch = kosearch::search_topics(
      searcher, topics, options, passages, [&](std::size_t done, std::size_t total, double seconds) {
        fmt::print(stderr, "kosearch: eval: {}{}/{} queries ({:.0f} queries/s)\n", label, done,
                   total, static_cast<double>(done) / std::max(seconds, 1e-9));
      });
  for (const auto& f : batch.failed) {
    fmt::print(stderr, "kosearch: warning: query {} not run ({}); it counts as 0\n", f.topic,
               f.message);
  }
  const std::size_t done = topics.size();
  fmt::print(stderr, "kosearch: eval: {}searched {} queries in {:.2f} s ({:.1f} queries/s){}\n",
             label, done, batch.seconds, static_cast<double>(done) / std::max(batch.seconds, 1e-9),
             batch.failed.empty() ? std::string()
                                  : fmt::format(", {} failed", batch.failed.size()));
  return batch.run;
}


// The systems: searched on the index (search mode) or read from run files, then --compare.
std::vector<EvalSystem> make_systems(const Settings& s, const Qrels& qrels,
                                 const std::vector<Topic>& all_topics) {
  std::vector<EvalSystem> systems;
  if (s.search_mode) {
    std::vector<SearchOptions> options;
    for (std::size_t i = 0; i < s.configs.size(); ++i) {
      const char* option = !s.systems.empty() ? "--system" : i == 0 ? "--set" : "--b-set";
      options.push_back(search_options(s, s.configs[i], option));
    }
    const std::uint32_t deepest = deepest_cutoff(s.eval.measures);
    if (deepest > static_cast<std::uint64_t>(s.k)) {
      fmt::print(stderr,
                 "kosearch: warning: a measure looks at the top {} but only {} hits are "
                 "retrieved per query; raise -k\n",
                 deepest, s.k);
    }
    std::vector<const Topic*> judged;
    for (const auto& t : all_topics) {
      if (qrels.find(t.id) != qrels.end()) judged.push_back(&t);
    }
    if (judged.empty()) {
      throw InvalidInput("none of the " + std::to_string(all_topics.size()) + " queries of " +
                         s.queries_path + " has judgments in " + s.qrels_path +
                         " (query ids look like '" + all_topics.front().id +
                         "', qrels topics like '" + qrels.begin()->first +
                         "'); check that the files belong together");
    }
    if (judged.size() < qrels.size()) {
      fmt::print(stderr, "kosearch: warning: {} without query text in {}: {}\n",
                 count_of(qrels.size() - judged.size(), "judged topic"), s.queries_path,
                 s.eval.complete ? "counted as 0 (-c)" : "skipped (add -c to count them as 0)");
    }
    std::vector<std::string> out_paths = s.run_paths;
    if (!s.run_b_path.empty()) {
      out_paths.resize(2);
      out_paths[1] = s.run_b_path;
    }
    std::vector<std::optional<std::ofstream>> outs(out_paths.size());
    for (std::size_t i = 0; i < out_paths.size(); ++i) {
      if (!out_paths[i].empty()) outs[i] = open_output(out_paths[i]);
    }

    SearcherOptions searcher_options;
    searcher_options.allow_missing_shards = s.allow_missing_shards;
    Searcher searcher(s.index_dir, searcher_options);
    for (const auto& w : searcher.warnings()) fmt::print(stderr, "kosearch: warning: {}\n", w);
    for (std::size_t i = 0; i < s.configs.size(); ++i) {
      const std::string label =
          s.configs.size() == 1 ? std::string() : fmt::format("{}: ", !s.systems.empty() ? std::to_string(i + 1) : std::string(i == 0 ? "A" : "B"));
      EvalSystem sys;
      sys.run = search_topics(searcher, judged, options[i], s.passages, label);
      sys.name = system_name(s, s.configs[i]);
      if (i < outs.size() && outs[i]) write_run(*outs[i], out_paths[i], sys.run, s.tag);
      if (const std::string w = nothing_judged_warning(sys.run, qrels, sys.name, s.passages); !w.empty()) {
        fmt::print(stderr, "kosearch: warning: {}\n", w);
      }
      systems.push_back(std::move(sys));
    }
  } else {
    for (const auto& path : s.run_paths) {
      EvalSystem sys;
      sys.run = read_trec_run(path);
      sys.name = path;
      sys.from_file = true;
      systems.push_back(std::move(sys));
    }
  }
  if (!s.compare_path.empty()) {
    EvalSystem sys;
    sys.run = read_trec_run(s.compare_path);
    sys.name = s.compare_path;
    sys.from_file = true;
    systems.push_back(std::move(sys));
  }
  return systems;
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) fmt::print(stderr, "kosearch: warning: {}\n", w);
}

int eval_main(const std::vector<std::string>& args) {
  const std::optional<Settings> parsed = parse_settings(args);
  if (!parsed) return kExitOk;
  const Settings& s = *parsed;
  const Qrels qrels = read_qrels(s.qrels_path);
  const Answers answers = s.answers_wanted ? read_answers(s.answers_path) : Answers{};
  std::vector<Topic> topics;
  if (!s.queries_path.empty()) topics = read_queries(s.queries_path);
  std::optional<std::ofstream> report_out;  // opened before the search: a bad path fails at once
  if (!s.report_path.empty()) report_out = open_output(s.report_path);

  std::vector<EvalSystem> systems = make_systems(s, qrels, topics);
  std::optional<IndexTexts> texts;
  if (!s.index_dir.empty() && (s.answers_wanted || report_out)) texts.emplace(s.index_dir);
  const AnswerSource answer_source{&answers, texts ? &*texts : nullptr, s.answers_path, s.index_dir};
  print_warnings(score_systems(systems, s.eval, qrels, s.answers_wanted ? &answer_source : nullptr));
  std::optional<MultiComparison> many;
  if (systems.size() >= 2) {
    std::vector<std::string> warnings;
    many = compare_systems(systems, s.compare, warnings);
    print_warnings(warnings);
    if (s.per_query) {
      fmt::print(stderr,
                 "kosearch: note: -q has no effect on a comparison; the largest "
                 "per-topic changes are listed instead\n");
    }
  }

  if (report_out) {
    *report_out << systems_html_report(systems, many ? &*many : nullptr, s.eval,
                                       s.compare.focus_measure, qrels, topics,
                                       s.answers_wanted ? &answers : nullptr,
                                       texts ? &*texts : nullptr);
    report_out->close();
    if (!*report_out) throw IoError("cannot write " + s.report_path + ": the disk may be full");
    fmt::print(stderr, "kosearch: eval: report written to {}\n", s.report_path);
  }

  if (systems.size() == 1) {
    std::cout << format_eval(systems.front().result, s.format.value_or(ReportFormat::TrecEval), s.per_query);
  } else if (systems.size() == 2) {
    std::cout << format_comparison(many->others.front().comparison, s.format.value_or(ReportFormat::Table));
  } else {
    std::cout << format_multi_comparison(*many, s.format.value_or(ReportFormat::Table));
  }
  std::cout.flush();
  return std::cout ? kExitOk : kExitError;
}

}  // namespace

int run_eval(const std::vector<std::string>& args) {
  try {
    return eval_main(args);
  } catch (const UsageError& e) {
    fmt::print(stderr, "kosearch: error: {}. Run `kosearch eval --help`.\n", e.what());
    return kExitUsage;
  } catch (const po::error& e) {
    fmt::print(stderr, "kosearch: error: {}. Run `kosearch eval --help`.\n", e.what());
    return kExitUsage;
  } catch (const InvalidArgument& e) {
    fmt::print(stderr, "kosearch: error: {}\n", e.what());
    return kExitUsage;
  } catch (const Error& e) {
    fmt::print(stderr, "kosearch: error: {}\n", e.what());
    return kExitError;
  } catch (const std::exception& e) {
    fmt::print(stderr, "kosearch: error: {}\n", e.what());
    return kExitError;
  }
}

}  // namespace kosearch::cli
