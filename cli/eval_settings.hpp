#pragma once
// Internal: the command line of `kosearch eval` (eval_settings.cpp), read and checked before any
// file is opened.

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/report.hpp"
#include "kosearch/eval/significance.hpp"

namespace kosearch::cli {


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

// Reads and checks the command line; nullopt after --help. Measures are parsed here: a typo
// should fail before a long search.
std::optional<Settings> parse_settings(const std::vector<std::string>& args);

}  // namespace kosearch::cli
