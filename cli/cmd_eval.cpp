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

#include "command_line.hpp"
#include "commands.hpp"
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
Compare systems (paired t-test, randomization test, win/tie/loss):
  kosearch eval --run A.trec --compare B.trec --qrels QRELS
  kosearch eval --index DIR --queries Q --qrels QRELS --set proximity=0 --b-set proximity=1
Many systems, the first as baseline, p-values Holm-adjusted, one table:
  kosearch eval --run A.trec --run B.trec --run C.trec --qrels QRELS
  kosearch eval --index DIR --queries Q --qrels QRELS --system '' --system 'k1=0.9 b=0.4' ...
Answer accuracy and a report page:
  kosearch eval ... --answers answers.jsonl [--index DIR] --report report.html

Rankings follow trec_eval: score descending, ties by doc id descending; the rank column is
ignored. With --index, documents are articles (`doc_id`, best passage per article = MaxP),
or passages (`passage_id`) with --passages. Run files with --index (and no --queries, or with
--score-runs) are scored as they are; the index gives the passages' texts.
)";

constexpr const char* kDefaultMeasuresNote =
    "Default measures: ndcg_cut_10 RR@10 recall_100 map P_10 judged_10 num_q (RR@10 is MRR@10;\n"
    "trec_eval's recip_rank is full depth: -m recip_rank). With --answers: + answer_hit@1,5,10,20,100.\n";

// A command-line mistake: exit status 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Settings {
  std::string qrels_path;
  std::vector<std::string> run_paths;
  std::string index_dir;
  std::string queries_path;
  std::string compare_path;
  std::string run_b_path;
  std::string answers_path;
  std::string report_path;
  std::string tag = "kosearch";
  std::int64_t k = 100;  // signed: Boost would read `-k -1` as 4294967295
  bool passages = false;
  bool allow_missing_shards = false;
  bool score_runs = false;
  std::vector<std::string> measures;
  std::vector<std::string> set_a;
  std::vector<std::string> set_b;
  std::vector<std::string> systems;
  bool per_query = false;
  EvalOptions eval;
  CompareOptions compare;
  std::optional<ReportFormat> format;
  // Derived from the above by parse_settings().
  bool search_mode = false;                       // --index and --queries, no --score-runs
  std::vector<std::vector<std::string>> configs;  // search mode: KEY=VALUEs per searched system
  bool answers_wanted = false;                    // an answer_hit measure is computed
};

// One system to evaluate: a run read from a file or made by a search.
struct System {
  std::string name;
  Run run;
  EvalResult result;
  AnswerRanks answer_ranks;
  bool from_file = false;
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

// "k1=0.9 b=0.4" or "k1=0.9,b=0.4" -> {"k1=0.9", "b=0.4"}; "" -> {} (the defaults).
std::vector<std::string> split_system(const std::string& spec) {
  std::vector<std::string> out;
  std::string cur;
  for (const char c : spec + " ") {
    if (c == ' ' || c == ',' || c == '\t') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  return out;
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

bool has_answer_measure(const std::vector<Measure>& measures) {
  return std::any_of(measures.begin(), measures.end(),
                     [](const Measure& m) { return m.kind == MeasureKind::AnswerHit; });
}

// Reads and checks the command line; nullopt after --help. Measures are parsed here: a typo
// should fail before a long search.
std::optional<Settings> parse_settings(const std::vector<std::string>& args) {
  Settings s;
  // clang-format off
  po::options_description input("Input");
  input.add_options()
      ("qrels", po::value(&s.qrels_path),
       "relevance judgments: TREC `qid iter docno rel` or BEIR TSV (header query-id, "
       "corpus-id, score)")
      ("run", po::value(&s.run_paths)->composing(),
       "a TREC run to score, repeatable (each one a system, the first the baseline); when "
       "searching: write the run of the search here (one per searched system)")
      ("index,i", po::value(&s.index_dir),
       "with --queries: search this index (or sharded index) with the judged queries; with run "
       "files: read the texts of the ranked passages (--answers, --report)")
      ("allow-missing-shards", po::bool_switch(&s.allow_missing_shards),
       "search the shards that are up when some are down (warned)")
      ("queries", po::value(&s.queries_path),
       "queries: BEIR queries.jsonl {\"_id\",\"text\"} or `qid<TAB>text` (searched with --index; "
       "the report's query texts)")
      ("score-runs", po::bool_switch(&s.score_runs),
       "score the --run files even with --index and --queries (no search)")
      ("k,k", po::value(&s.k)->default_value(100), "hits per query when searching")
      ("passages", po::bool_switch(&s.passages),
       "rank passages (passage_id) instead of articles (doc_id, best passage per article)")
      ("set", po::value(&s.set_a)->composing(),
       "KEY=VALUE search option of system A (of every --system), repeatable (k1, b, proximity, ...)")
      ("tag", po::value(&s.tag)->default_value("kosearch"), "run tag written to --run");
  po::options_description measure_options("Measures (as trec_eval)");
  measure_options.add_options()
      ("measure,m", po::value(&s.measures)->composing(),
       "measure to compute, repeatable: map, ndcg_cut_10, P.5,10, RR@10, answer_hit@5, ... (see "
       "the list below)")
      ("answers", po::value(&s.answers_path),
       "answer strings, JSONL {\"_id\", \"answers\": [...]}: adds answer_hit@1,5,10,20,100 (a "
       "top-K passage holds an answer after NFKC, case folding, whitespace removal); needs "
       "--index for the texts")
      ("per-query,q", po::bool_switch(&s.per_query), "also print each topic's values")
      ("complete,c", po::bool_switch(&s.eval.complete),
       "count judged topics missing from the run as 0 (without it they are skipped)")
      ("max-docs,M", po::value(&s.eval.max_docs_per_topic)->default_value(0),
       "cut each ranking at N documents before anything else (0 = no cut)")
      ("relevance-level,l", po::value(&s.eval.relevance_level)->default_value(1),
       "minimum grade of a relevant document (nDCG always uses the grades)");
  po::options_description comparison_options(
      "Comparison (the first system is the baseline A)");
  comparison_options.add_options()
      ("compare", po::value(&s.compare_path), "one more system: this TREC run")
      ("b-set", po::value(&s.set_b)->composing(),
       "system B is the same index with this KEY=VALUE search option (repeatable); A uses --set")
      ("run-b", po::value(&s.run_b_path), "with --b-set: write system B's run here")
      ("system", po::value(&s.systems)->composing(),
       "a searched system: 'KEY=VALUE KEY=VALUE' on top of --set ('' = the defaults), "
       "repeatable; the first is the baseline")
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
      ("report", po::value(&s.report_path),
       "also write a self-contained HTML page here (summary, per-topic differences, "
       "distributions, the topics that changed most with their top passages, breakdowns)")
      ("help,h", "show this help");
  // clang-format on
  po::options_description visible;
  visible.add(input).add(measure_options).add(comparison_options).add(output);
  const auto parsed = parse_command_line(
      args, visible,
      {.positional = "positional",  // QRELS [RUN]
       .help_header = kSynopsis,
       .help_footer = "Measures:\n" + measure_help() + "\n" + kDefaultMeasuresNote});
  if (!parsed) return std::nullopt;
  const po::variables_map& vm = *parsed;

  // trec_eval's order: QRELS RUN.
  if (vm.count("positional")) {
    const auto& pos = vm["positional"].as<std::vector<std::string>>();
    if (pos.size() > 2) throw UsageError("too many arguments: expected at most QRELS and RUN");
    if (!s.qrels_path.empty() || (pos.size() == 2 && !s.run_paths.empty())) {
      throw UsageError("give the qrels and the run either as options or as arguments, not both");
    }
    s.qrels_path = pos[0];
    if (pos.size() == 2) s.run_paths.push_back(pos[1]);
  }

  s.search_mode = !s.index_dir.empty() && !s.queries_path.empty() && !s.score_runs;
  if (s.qrels_path.empty()) throw UsageError("--qrels is required");
  if (s.search_mode) {
    if (!s.systems.empty() && !s.set_b.empty()) {
      throw UsageError("use either --system (several systems) or --b-set (system B), not both");
    }
    if (s.systems.empty()) {
      s.configs.push_back(s.set_a);
      if (!s.set_b.empty()) s.configs.push_back(s.set_b);
    } else {
      for (const auto& spec : s.systems) {
        std::vector<std::string> sets = s.set_a;
        for (auto& kv : split_system(spec)) sets.push_back(std::move(kv));
        s.configs.push_back(std::move(sets));
      }
    }
    if (s.run_paths.size() > s.configs.size()) {
      throw UsageError(fmt::format("{} --run outputs for {} searched system{}: give at most one per system "
                                   "(or --score-runs to score run files)",
                                   s.run_paths.size(), s.configs.size(), s.configs.size() == 1 ? "" : "s"));
    }
  } else {
    if (s.run_paths.empty()) {
      throw UsageError(s.index_dir.empty() ? "give --run RUN to score a run, or --index DIR --queries Q to search"
                                           : "--index needs --queries (the query texts) to search, or "
                                             "--run files to score");
    }
    if (!s.set_a.empty() || !s.set_b.empty() || !s.systems.empty()) {
      throw UsageError("--set, --b-set and --system configure a search: they need --index and --queries");
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

  s.eval.measures = s.measures.empty() ? default_measures() : parse_measures(s.measures);
  if (!s.answers_path.empty() && !has_answer_measure(s.eval.measures)) {
    for (auto& m : parse_measures(std::vector<std::string>{"answer_hit"})) s.eval.measures.push_back(std::move(m));
  }
  s.answers_wanted = has_answer_measure(s.eval.measures);
  if (s.answers_wanted && s.answers_path.empty()) throw UsageError("answer_hit needs --answers FILE");
  if (s.answers_wanted && s.index_dir.empty()) {
    throw UsageError("--answers needs --index DIR: the answers are looked for in the texts of the "
                     "ranked passages, which the index holds");
  }
  // A comparison lists measures in the order asked for, and the largest changes on the first.
  for (const auto& m : s.eval.measures) {
    s.compare.measure_order.push_back(m.name);
    if (s.compare.focus_measure.empty() && !m.is_count()) s.compare.focus_measure = m.name;
  }
  return s;
}

// The systems: searched on the index (search mode) or read from run files, then --compare.
std::vector<System> make_systems(const Settings& s, const Qrels& qrels,
                                 const std::vector<Topic>& all_topics) {
  std::vector<System> systems;
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
      System sys;
      sys.run = search_topics(searcher, judged, options[i], s.passages, label);
      sys.name = system_name(s, s.configs[i]);
      if (i < outs.size() && outs[i]) write_run(*outs[i], out_paths[i], sys.run, s.tag);
      warn_if_nothing_judged(sys.run, qrels, sys.name, s.passages);
      systems.push_back(std::move(sys));
    }
  } else {
    for (const auto& path : s.run_paths) {
      System sys;
      sys.run = read_trec_run(path);
      sys.name = path;
      sys.from_file = true;
      systems.push_back(std::move(sys));
    }
  }
  if (!s.compare_path.empty()) {
    System sys;
    sys.run = read_trec_run(s.compare_path);
    sys.name = s.compare_path;
    sys.from_file = true;
    systems.push_back(std::move(sys));
  }
  return systems;
}

// Answer ranks (with --answers) and the evaluation of each system.
void score_systems(std::vector<System>& systems, const Settings& s, const Qrels& qrels,
                   const Answers& answers, IndexTexts* texts) {
  std::uint32_t answer_depth = 0;
  for (const auto& m : s.eval.measures) {
    if (m.kind == MeasureKind::AnswerHit) answer_depth = std::max(answer_depth, m.cutoff);
  }
  if (s.eval.max_docs_per_topic > 0) answer_depth = std::min(answer_depth, s.eval.max_docs_per_topic);
  for (auto& sys : systems) {
    if (s.answers_wanted) {
      AnswerSearch found = find_answer_ranks(sys.run, answers, texts->texts(), answer_depth);
      if (!found.topics_without_answers.empty()) {
        fmt::print(stderr, "kosearch: warning: {} of {} without answers in {} (no answer hit; e.g. '{}')\n",
                   count_of(found.topics_without_answers.size(), "topic"), sys.name, s.answers_path,
                   found.topics_without_answers.front());
      }
      if (found.unknown_ids > 0) {
        fmt::print(stderr,
                   "kosearch: warning: {} retrieved by {} not in the index {} (e.g. '{}'): no text to "
                   "look for answers in; is it the index the run was made from?\n",
                   count_of(found.unknown_ids, "id"), sys.name, s.index_dir, found.unknown_example);
      }
      sys.answer_ranks = std::move(found.ranks);
    }
    sys.result = evaluate(sys.run, qrels, s.eval, s.answers_wanted ? &sys.answer_ranks : nullptr);
    // With a search the missing topics were reported there (judged topics without query text).
    if (sys.from_file) warn_topic_sets(sys.result, sys.name, s.eval.complete);
  }
}

// Systems 2..n against the first, with the warnings a comparison needs.
MultiComparison compare_systems(const std::vector<System>& systems, const Settings& s) {
  std::vector<EvalResult> results;
  std::vector<std::string> names;
  for (const auto& sys : systems) {
    results.push_back(sys.result);
    names.push_back(sys.name);
  }
  MultiComparison many = compare_many(results, names, s.compare);
  std::size_t unpaired = 0;
  for (const auto& o : many.others) {
    unpaired += systems.front().result.topics.size() - o.comparison.topics.size();
  }
  if (unpaired > 0) {
    fmt::print(stderr,
               "kosearch: warning: topics evaluated for the baseline but not for another system left "
               "out of its comparison ({} in all); add -c to pair every judged topic\n",
               unpaired);
  }
  if (s.per_query) {
    fmt::print(stderr,
               "kosearch: note: -q has no effect on a comparison; the largest "
               "per-topic changes are listed instead\n");
  }
  return many;
}

std::string html_report(const std::vector<System>& systems, const MultiComparison* many,
                        const Settings& s, const Qrels& qrels, const std::vector<Topic>& topics,
                        const Answers& answers, IndexTexts* texts) {
  HtmlReportInput in;
  for (const auto& sys : systems) {
    in.systems.push_back({sys.name, &sys.run, &sys.result, s.answers_wanted ? &sys.answer_ranks : nullptr});
  }
  in.comparison = many;
  in.qrels = &qrels;
  in.relevance_level = s.eval.relevance_level;
  for (const auto& t : topics) in.queries.emplace(t.id, t.text);
  in.focus_measure = s.compare.focus_measure;
  if (texts != nullptr) {
    in.passage = [texts](std::string_view id) { return texts->report_passage(id); };
    if (s.answers_wanted) {
      in.holds_answer = [texts, &answers](std::string_view topic, std::string_view id) {
        const auto a = answers.find(topic);
        return a != answers.end() && texts->holds_any(id, a->second);
      };
    }
  }
  return format_html_report(in);
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

  std::vector<System> systems = make_systems(s, qrels, topics);
  std::optional<IndexTexts> texts;
  if (!s.index_dir.empty() && (s.answers_wanted || report_out)) texts.emplace(s.index_dir);
  score_systems(systems, s, qrels, answers, texts ? &*texts : nullptr);
  std::optional<MultiComparison> many;
  if (systems.size() >= 2) many = compare_systems(systems, s);

  if (report_out) {
    *report_out << html_report(systems, many ? &*many : nullptr, s, qrels, topics, answers,
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
