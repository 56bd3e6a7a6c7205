// kosearch eval's options: the option table, trec_eval's positional order, and the checks that
// turn a mistake into a usage error (exit 2) before any search.

#include "eval_settings.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <limits>

#include "command_line.hpp"

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
  kosearch eval --index DIR --queries Q --qrels QRELS --set rerank=16 --b-set rerank=0
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

bool has_answer_measure(const std::vector<Measure>& measures) {
  return std::any_of(measures.begin(), measures.end(),
                     [](const Measure& m) { return m.kind == MeasureKind::AnswerHit; });
}

}  // namespace

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
       "KEY=VALUE search option of system A (of every --system), repeatable (k1, b, rerank, ...)")
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

}  // namespace kosearch::cli
