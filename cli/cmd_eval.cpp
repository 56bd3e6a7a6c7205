// kosearch eval: scores a run against qrels exactly as trec_eval does, or searches an index
// with the judged queries and scores that; compares two systems with paired tests.

#include <fmt/core.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "search_sets.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/eval/batch_search.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/queries.hpp"
#include "kosearch/eval/report.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/eval/significance.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

namespace {

constexpr const char* kSynopsis =
    R"(kosearch eval: score rankings against relevance judgments (trec_eval-exact)

Usage:
  kosearch eval --run RUN --qrels QRELS [options]        score a TREC run, like trec_eval
  kosearch eval QRELS RUN [options]                      the same, trec_eval's argument order
  kosearch eval --index DIR --queries Q --qrels QRELS [--run OUT] [options]
                                                         search every judged query, then score
Compare two systems (paired t-test, randomization test, win/tie/loss):
  kosearch eval --run A.trec --compare B.trec --qrels QRELS
  kosearch eval --index DIR --queries Q --qrels QRELS --set proximity=0 --b-set proximity=1

Rankings follow trec_eval: score descending, ties by doc id descending; the rank column is
ignored. With --index, documents are articles (`doc_id`, best passage per article = MaxP),
or passages (`passage_id`) with --passages.
)";

constexpr const char* kDefaultMeasuresNote =
    "Default measures: ndcg_cut_10 recip_rank recall_100 map P_10 judged_10 num_q, where\n"
    "recip_rank is MRR@10 (computed on the top 10 only; ask for -m recip_rank for trec_eval's\n"
    "full-depth value).\n";

// A command-line mistake: exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Settings {
  std::string qrels_path;
  std::string run_path;
  std::string index_dir;
  std::string queries_path;
  std::string compare_path;
  std::string run_b_path;
  std::string tag = "kosearch";
  std::int64_t k = 100;  // signed: Boost would read `-k -1` as 4294967295
  bool passages = false;
  bool allow_missing_shards = false;
  std::vector<std::string> measures;
  std::vector<std::string> set_a;
  std::vector<std::string> set_b;
  bool per_query = false;
  EvalOptions eval;
  CompareOptions compare;
  std::optional<ReportFormat> format;
};

SearchOptions search_options(const Settings& s, const std::vector<std::string>& sets,
                             const char* option) {
  SearchOptions o;
  o.k = static_cast<std::uint32_t>(s.k);
  o.one_per_article = !s.passages;
  o.snippets = false;
  o.fetch_text = false;  // ids and scores are all a run needs
  apply_sets(sets, o, option);
  return o;
}

// "1 topic", "3 topics".
std::string count_of(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
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

void warn_topic_sets(const EvalResult& r, const std::string& source, bool complete) {
  if (!r.unjudged_topics.empty()) {
    fmt::print(stderr, "kosearch: warning: {} of {} without judgments ignored (e.g. '{}')\n",
               count_of(r.unjudged_topics.size(), "topic"), source, r.unjudged_topics.front());
  }
  if (!r.missing_topics.empty() && !complete) {
    fmt::print(stderr,
               "kosearch: warning: {} without results in {} skipped (e.g. '{}'); add -c to "
               "count them as 0\n",
               count_of(r.missing_topics.size(), "judged topic"), source, r.missing_topics.front());
  }
}

// A run whose retrieved ids are all unknown to the qrels usually means mismatched id kinds.
void warn_if_nothing_judged(const Run& run, const Qrels& qrels, const std::string& name,
                            bool passages) {
  std::size_t retrieved = 0;
  for (const auto& [qid, docs] : run) {
    const auto judged = qrels.find(qid);
    if (judged == qrels.end()) continue;
    for (const auto& d : docs) {
      if (judged->second.count(d.doc_id) > 0) return;
      ++retrieved;
    }
  }
  if (retrieved == 0) return;
  fmt::print(stderr,
             "kosearch: warning: none of the {} documents retrieved by {} has a judgment{}\n",
             retrieved, name,
             passages ? "; with --passages the qrels must name passages (<doc_id>#<n>)"
                      : "; do the qrels use the same document ids as the index?");
}

std::uint32_t deepest_cutoff(const std::vector<Measure>& measures) {
  std::uint32_t deepest = 0;
  for (const auto& m : measures) deepest = std::max({deepest, m.cutoff, m.depth});
  return deepest;
}

void note_default_measures(const Settings& s) {
  if (s.measures.empty() && s.format != ReportFormat::Json) {
    fmt::print(stderr,
               "kosearch: note: recip_rank is MRR@10 in the default measures; "
               "-m recip_rank gives the full-depth value\n");
  }
}

int eval_main(const std::vector<std::string>& args) {
  Settings s;
  // clang-format off
  po::options_description input("Input");
  input.add_options()
      ("qrels", po::value(&s.qrels_path),
       "relevance judgments: TREC `qid iter docno rel` or BEIR TSV (header query-id, "
       "corpus-id, score)")
      ("run", po::value(&s.run_path),
       "without --index: the TREC run to score; with --index: write the run of the search here")
      ("index,i", po::value(&s.index_dir),
       "search this index (or sharded index: directory with XAPIANDB, or the stub) with the "
       "judged queries")
      ("allow-missing-shards", po::bool_switch(&s.allow_missing_shards),
       "search the shards that are up when some are down (warned)")
      ("queries", po::value(&s.queries_path),
       "queries for --index: BEIR queries.jsonl {\"_id\",\"text\"} or `qid<TAB>text`")
      ("k,k", po::value(&s.k)->default_value(100), "hits per query when searching")
      ("passages", po::bool_switch(&s.passages),
       "rank passages (passage_id) instead of articles (doc_id, best passage per article)")
      ("set", po::value(&s.set_a)->composing(),
       "KEY=VALUE search option of system A, repeatable (k1, b, proximity, variants, ...)")
      ("tag", po::value(&s.tag)->default_value("kosearch"), "run tag written to --run");
  po::options_description measure_options("Measures (as trec_eval)");
  measure_options.add_options()
      ("measure,m", po::value(&s.measures)->composing(),
       "measure to compute, repeatable: map, ndcg_cut_10, P.5,10, recip_rank@10, ... (see the "
       "list below)")
      ("per-query,q", po::bool_switch(&s.per_query), "also print each topic's values")
      ("complete,c", po::bool_switch(&s.eval.complete),
       "count judged topics missing from the run as 0 (without it they are skipped)")
      ("max-docs,M", po::value(&s.eval.max_docs_per_topic)->default_value(0),
       "cut each ranking at N documents before anything else (0 = no cut)")
      ("relevance-level,l", po::value(&s.eval.relevance_level)->default_value(1),
       "minimum grade of a relevant document (nDCG always uses the grades)");
  po::options_description comparison_options(
      "Comparison (system A = --run or --index, system B below)");
  comparison_options.add_options()
      ("compare", po::value(&s.compare_path), "system B is this TREC run")
      ("b-set", po::value(&s.set_b)->composing(),
       "system B is the same index with this KEY=VALUE search option (repeatable); A uses --set")
      ("run-b", po::value(&s.run_b_path), "with --b-set: write system B's run here")
      ("permutations", po::value(&s.compare.permutations)->default_value(10000),
       "permutations of the randomization test")
      ("seed", po::value(&s.compare.seed)->default_value(42), "seed of the randomization test");
  po::options_description output("Output (stdout; progress and warnings go to stderr)");
  output.add_options()
      ("json",
       "one JSON object: {\"<measure>\": value, ..., \"num_q\": n} (+ \"per_query\" with -q); "
       "for comparisons mean_a, mean_b, diff, p-values, wins/ties/losses per measure")
      ("markdown", "a Markdown table")
      ("table", "an aligned text table")
      ("format", po::value<std::string>(), "trec_eval (default), table, json or markdown")
      ("help,h", "show this help");
  // clang-format on
  po::options_description visible;
  visible.add(input).add(measure_options).add(comparison_options).add(output);
  const auto parsed = parse_command_line(
      args, visible,
      {.positional = "positional",  // QRELS [RUN]
       .help_header = kSynopsis,
       .help_footer = "Measures:\n" + measure_help() + "\n" + kDefaultMeasuresNote});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;

  // trec_eval's order: QRELS RUN.
  if (vm.count("positional")) {
    const auto& pos = vm["positional"].as<std::vector<std::string>>();
    if (pos.size() > 2) throw UsageError("too many arguments: expected at most QRELS and RUN");
    if (!s.qrels_path.empty() || (pos.size() == 2 && !s.run_path.empty())) {
      throw UsageError("give the qrels and the run either as options or as arguments, not both");
    }
    s.qrels_path = pos[0];
    if (pos.size() == 2) s.run_path = pos[1];
  }

  const bool index_mode = !s.index_dir.empty();
  if (s.qrels_path.empty()) throw UsageError("--qrels is required");
  if (index_mode) {
    if (s.queries_path.empty()) throw UsageError("--index needs --queries (the query texts)");
  } else {
    if (s.run_path.empty()) {
      throw UsageError("give --run RUN to score a run, or --index DIR --queries Q to search");
    }
    if (!s.queries_path.empty()) throw UsageError("--queries is only used with --index");
    if (!s.set_a.empty() || !s.set_b.empty()) {
      throw UsageError("--set and --b-set configure a search: they need --index");
    }
  }
  if (!s.compare_path.empty() && !s.set_b.empty()) {
    throw UsageError("use either --compare RUN_B or --b-set, not both");
  }
  if (!s.run_b_path.empty() && s.set_b.empty()) throw UsageError("--run-b needs --b-set");
  if (s.k < 1 || s.k > std::numeric_limits<std::uint32_t>::max()) throw UsageError("-k must be between 1 and 4294967295, got " + std::to_string(s.k));
  if (s.compare.permutations == 0) throw UsageError("--permutations must be at least 1");
  if (s.eval.relevance_level < 0) throw UsageError("-l must be >= 0");

  int format_flags = 0;
  if (vm.count("json")) {
    s.format = ReportFormat::Json;
    ++format_flags;
  }
  if (vm.count("markdown")) {
    s.format = ReportFormat::Markdown;
    ++format_flags;
  }
  if (vm.count("table")) {
    s.format = ReportFormat::Table;
    ++format_flags;
  }
  if (vm.count("format")) {
    s.format = parse_report_format(vm["format"].as<std::string>());
    ++format_flags;
  }
  if (format_flags > 1) throw UsageError("choose one of --json, --markdown, --table, --format");

  // Measures first: a typo should fail before a long search.
  s.eval.measures = s.measures.empty() ? default_measures() : parse_measures(s.measures);
  const bool comparing = !s.compare_path.empty() || !s.set_b.empty();
  // A comparison lists measures in the order asked for, and the largest changes on the first.
  for (const auto& m : s.eval.measures) {
    s.compare.measure_order.push_back(m.name);
    if (s.compare.focus_measure.empty() && !m.is_count()) s.compare.focus_measure = m.name;
  }

  const Qrels qrels = read_qrels(s.qrels_path);

  Run run_a;
  Run run_b;
  std::string name_a;
  std::string name_b;
  if (index_mode) {
    const SearchOptions options_a = search_options(s, s.set_a, "--set");
    std::optional<SearchOptions> options_b;
    if (!s.set_b.empty()) options_b = search_options(s, s.set_b, "--b-set");
    const std::uint32_t deepest = deepest_cutoff(s.eval.measures);
    if (deepest > options_a.k || (options_b && deepest > options_b->k)) {
      fmt::print(stderr,
                 "kosearch: warning: a measure looks at the top {} but only {} hits are "
                 "retrieved per query; raise -k\n",
                 deepest, std::min(options_a.k, options_b ? options_b->k : options_a.k));
    }
    const std::vector<Topic> all_topics = read_queries(s.queries_path);
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
    std::optional<std::ofstream> out_a;
    std::optional<std::ofstream> out_b;
    if (!s.run_path.empty()) out_a = open_output(s.run_path);
    if (!s.run_b_path.empty()) out_b = open_output(s.run_b_path);

    SearcherOptions searcher_options;
    searcher_options.allow_missing_shards = s.allow_missing_shards;
    Searcher searcher(s.index_dir, searcher_options);
    for (const auto& w : searcher.warnings()) fmt::print(stderr, "kosearch: warning: {}\n", w);
    run_a = search_topics(searcher, judged, options_a, s.passages, options_b ? "A: " : "");
    name_a = system_name(s, s.set_a);
    if (out_a) write_run(*out_a, s.run_path, run_a, s.tag);
    warn_if_nothing_judged(run_a, qrels, name_a, s.passages);
    if (options_b) {
      run_b = search_topics(searcher, judged, *options_b, s.passages, "B: ");
      name_b = system_name(s, s.set_b);
      if (out_b) write_run(*out_b, s.run_b_path, run_b, s.tag);
      warn_if_nothing_judged(run_b, qrels, name_b, s.passages);
    }
  } else {
    run_a = read_trec_run(s.run_path);
    name_a = s.run_path;
  }
  if (!s.compare_path.empty()) {
    run_b = read_trec_run(s.compare_path);
    name_b = s.compare_path;
  }

  const EvalResult result_a = evaluate(run_a, qrels, s.eval);
  // With --index the missing topics were reported above (judged topics without query text).
  if (!index_mode) warn_topic_sets(result_a, s.run_path, s.eval.complete);
  if (!comparing) {
    std::cout << format_eval(result_a, s.format.value_or(ReportFormat::TrecEval), s.per_query);
    std::cout.flush();
    note_default_measures(s);
    return std::cout ? kExitOk : kExitError;
  }

  const EvalResult result_b = evaluate(run_b, qrels, s.eval);
  if (!s.compare_path.empty()) warn_topic_sets(result_b, name_b, s.eval.complete);
  s.compare.name_a = name_a;
  s.compare.name_b = name_b;
  const Comparison comparison = kosearch::compare(result_a, result_b, s.compare);
  const std::size_t unpaired =
      result_a.topics.size() + result_b.topics.size() - 2 * comparison.topics.size();
  if (unpaired > 0) {
    fmt::print(stderr,
               "kosearch: warning: {} evaluated for only one system left out of the "
               "comparison; add -c to pair every judged topic\n",
               count_of(unpaired, "topic"));
  }
  if (s.per_query) {
    fmt::print(stderr,
               "kosearch: note: -q has no effect on a comparison; the largest "
               "per-topic changes are listed instead\n");
  }
  std::cout << format_comparison(comparison, s.format.value_or(ReportFormat::Table));
  std::cout.flush();
  note_default_measures(s);
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
