// kosearch_eval against what trec_eval 10.0-rc3 printed (../shared/eval-fixtures): every
// number of every `trec_eval-<flags>.txt`, per topic and `all`, to the 4 printed decimals.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/report.hpp"
#include "kosearch/eval/run.hpp"

namespace fs = std::filesystem;

namespace {

struct ExpectedLine {
  std::string measure;
  std::string topic;
  std::string value;  // as printed
};

struct Flags {
  bool per_query = false;
  kosearch::EvalOptions options;
};

// "trec_eval-q-c-M10.txt" -> -q -c -M 10 (also -l N as "lN").
Flags parse_flags(const std::string& file_name) {
  Flags flags;
  std::string stem = fs::path(file_name).stem().string();
  REQUIRE(stem.rfind("trec_eval", 0) == 0);
  std::stringstream parts(stem.substr(std::string("trec_eval").size()));
  std::string flag;
  while (std::getline(parts, flag, '-')) {
    if (flag.empty()) continue;
    if (flag == "q") {
      flags.per_query = true;
    } else if (flag == "c") {
      flags.options.complete = true;
    } else if (flag[0] == 'M') {
      flags.options.max_docs_per_topic = static_cast<std::uint32_t>(std::stoul(flag.substr(1)));
    } else if (flag[0] == 'l') {
      flags.options.relevance_level = std::stoi(flag.substr(1));
    } else {
      FAIL("unknown trec_eval flag '" << flag << "' in " << file_name);
    }
  }
  return flags;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<ExpectedLine> parse_expected(const std::string& text) {
  std::vector<ExpectedLine> lines;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto t1 = line.find('\t');
    const auto t2 = line.find('\t', t1 + 1);
    REQUIRE(t1 != std::string::npos);
    REQUIRE(t2 != std::string::npos);
    std::string measure = line.substr(0, t1);
    measure.erase(measure.find_last_not_of(' ') + 1);
    lines.push_back({measure, line.substr(t1 + 1, t2 - t1 - 1), line.substr(t2 + 1)});
  }
  return lines;
}

std::vector<fs::path> sorted_entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

TEST_CASE("trec_eval fixtures: every printed number is reproduced") {
  const fs::path root = fs::path(KOSEARCH_SHARED_DIR) / "eval-fixtures";
  if (!fs::is_directory(root)) {
    MESSAGE("skipped: " << root.string()
                        << " not found (the shared fixtures sit beside the checkout)");
    return;
  }
  std::size_t files = 0;
  std::size_t numbers = 0;
  for (const fs::path& dir : sorted_entries(root)) {
    if (!fs::is_directory(dir)) continue;
    const kosearch::Qrels qrels = kosearch::read_qrels(dir / "qrels.trec");
    const kosearch::Run run = kosearch::read_trec_run(dir / "run.trec");
    for (const fs::path& file : sorted_entries(dir)) {
      const std::string name = file.filename().string();
      if (name.rfind("trec_eval", 0) != 0 || file.extension() != ".txt") continue;
      CAPTURE(file.string());
      const Flags flags = parse_flags(name);
      const std::string text = slurp(file);
      const std::vector<ExpectedLine> expected = parse_expected(text);
      REQUIRE(!expected.empty());

      std::vector<std::string> measure_names;
      for (const auto& e : expected) {
        if (std::find(measure_names.begin(), measure_names.end(), e.measure) ==
            measure_names.end()) {
          measure_names.push_back(e.measure);
        }
      }
      kosearch::EvalOptions options = flags.options;
      options.measures = kosearch::parse_measures(measure_names);
      const kosearch::EvalResult result = kosearch::evaluate(run, qrels, options);

      std::size_t topic_lines = 0;
      for (const auto& e : expected) {
        CAPTURE(e.measure);
        CAPTURE(e.topic);
        const auto m = result.measure_index(e.measure);
        REQUIRE(m.has_value());
        const kosearch::Measure& measure = result.measures[*m];
        double value = 0.0;
        if (e.topic == "all") {
          value = result.aggregate[*m];
        } else {
          ++topic_lines;
          const auto t = result.topic_index(e.topic);
          REQUIRE(t.has_value());
          value = result.value(*t, *m);
        }
        const std::string got = measure.is_count()
                                    ? fmt::format("{}", static_cast<long long>(value))
                                    : fmt::format("{:6.4f}", value);
        CHECK(got == e.value);
        ++numbers;
      }
      if (flags.per_query) {
        // Every evaluated topic, and no other, is printed.
        CHECK(topic_lines == result.topics.size() * (result.measures.size()));
      } else {
        CHECK(topic_lines == 0);
      }
      // The report is trec_eval's output byte for byte (same lines, same order).
      CHECK(kosearch::format_eval(result, kosearch::ReportFormat::TrecEval, flags.per_query) ==
            text);
      ++files;
    }
  }
  MESSAGE("compared " << numbers << " numbers in " << files << " trec_eval output files");
  CHECK(files > 0);
}

namespace {

// Every measure trec_eval 10.0 knows (te_trec_measures in its measures.c). A cutoff measure
// prints as NAME_K.
bool is_trec_eval_name(std::string name) {
  static const std::vector<std::string> kNames{
      "runid", "num_q", "num_ret", "num_rel", "num_rel_ret", "map", "gm_map", "Rprec", "bpref",
      "recip_rank", "iprec_at_recall", "P", "relstring", "recall", "infAP", "gm_bpref",
      "Rprec_mult", "utility", "11pt_avg", "binG", "G", "dcg", "ideal_dcg", "ndcg", "ndcg_rel",
      "Rndcg", "ndcg_cut", "map_cut", "relative_P", "success", "set_P", "set_relative_P",
      "set_recall", "set_map", "set_F", "num_nonrel_judged_ret", "prefs_num_prefs_poss",
      "prefs_num_prefs_ful", "prefs_num_prefs_ful_ret", "prefs_simp", "prefs_pair",
      "prefs_avgjg", "prefs_avgjg_Rnonrel", "prefs_simp_ret", "prefs_pair_ret",
      "prefs_avgjg_ret", "prefs_avgjg_Rnonrel_ret", "prefs_simp_imp", "prefs_pair_imp",
      "prefs_avgjg_imp", "map_avgjg", "P_avgjg", "Rprec_mult_avgjg", "yaap", "rbp", "rbp_resid"};
  const auto known = [&](const std::string& n) {
    return std::find(kNames.begin(), kNames.end(), n) != kNames.end();
  };
  if (known(name)) return true;
  const auto us = name.rfind('_');
  if (us == std::string::npos || us + 1 == name.size()) return false;
  const std::string k = name.substr(us + 1);
  if (k.find_first_not_of("0123456789.") != std::string::npos) return false;
  return known(name.substr(0, us));
}

// The lines of a trec_eval-format text whose measure is in `names`, in order.
std::string lines_of(const std::string& text, const std::vector<std::string>& names) {
  std::string out;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string measure = line.substr(0, line.find('\t'));
    measure.erase(measure.find_last_not_of(' ') + 1);
    if (std::find(names.begin(), names.end(), measure) != names.end()) out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("default measures: a trec_eval name prints trec_eval's number, the others a name "
          "trec_eval lacks") {
  const fs::path root = fs::path(KOSEARCH_SHARED_DIR) / "eval-fixtures";
  if (!fs::is_directory(root)) {
    MESSAGE("skipped: " << root.string() << " not found");
    return;
  }
  const std::vector<kosearch::Measure> defaults = kosearch::default_measures();
  std::size_t checked = 0;
  for (const fs::path& dir : sorted_entries(root)) {
    if (!fs::is_directory(dir)) continue;
    CAPTURE(dir.string());
    const kosearch::Qrels qrels = kosearch::read_qrels(dir / "qrels.trec");
    const kosearch::Run run = kosearch::read_trec_run(dir / "run.trec");
    kosearch::EvalOptions options;
    options.complete = true;  // the fixtures are all -c
    const kosearch::EvalResult r = kosearch::evaluate(run, qrels, options);  // the defaults
    const bool per_query = fs::exists(dir / "trec_eval-q-c.txt");
    const std::string full = slurp(dir / (per_query ? "trec_eval-q-c.txt" : "trec_eval-c.txt"));
    const std::string m10 = slurp(dir / "trec_eval-c-M10.txt");
    const std::vector<ExpectedLine> expected = parse_expected(full);
    const std::vector<ExpectedLine> expected_m10 = parse_expected(m10);
    const auto printed = [](const std::vector<ExpectedLine>& lines, const std::string& measure,
                            const std::string& topic) -> std::optional<std::string> {
      for (const auto& e : lines) {
        if (e.measure == measure && e.topic == topic) return e.value;
      }
      return std::nullopt;
    };

    std::vector<std::string> trec_named;
    for (std::size_t j = 0; j < r.measures.size(); ++j) {
      const kosearch::Measure& m = r.measures[j];
      CAPTURE(m.name);
      if (m.kind == kosearch::MeasureKind::NumQ) {
        // trec_eval -c evaluates every judged topic: one per topic of the qrels.
        CHECK(is_trec_eval_name(m.name));
        CHECK(r.aggregate[j] == static_cast<double>(qrels.size()));
        ++checked;
        continue;
      }
      if (!is_trec_eval_name(m.name)) {
        // A measure trec_eval lacks: RR@10 is trec_eval's recip_rank on the ranking cut at 10.
        if (m.kind == kosearch::MeasureKind::RecipRank) {
          CHECK(m.name == "RR@10");
          const auto v = printed(expected_m10, "recip_rank", "all");
          REQUIRE(v.has_value());
          CHECK(fmt::format("{:6.4f}", r.aggregate[j]) == *v);
          ++checked;
        } else {
          CHECK(m.kind == kosearch::MeasureKind::Judged);  // kosearch's own, no counterpart
        }
        continue;
      }
      bool seen = false;
      for (std::size_t t = 0; t < r.topics.size(); ++t) {
        if (const auto v = printed(expected, m.name, r.topics[t])) {
          CHECK(fmt::format("{:6.4f}", r.value(t, j)) == *v);
          seen = true;
          ++checked;
        }
      }
      if (const auto v = printed(expected, m.name, "all")) {
        CHECK(fmt::format("{:6.4f}", r.aggregate[j]) == *v);
        seen = true;
        ++checked;
      }
      if (per_query) CHECK(seen);  // every trec_eval-named default is in the case fixtures
      if (seen) trec_named.push_back(m.name);
    }
    // The trec_eval lines of the default output are trec_eval's, byte for byte.
    CHECK(lines_of(kosearch::format_eval(r, kosearch::ReportFormat::TrecEval, per_query),
                   trec_named) == lines_of(full, trec_named));
    // No default line claims trec_eval's full-depth recip_rank.
    CHECK_FALSE(r.measure_index("recip_rank").has_value());
  }
  CHECK(checked > 0);
  CHECK_FALSE(is_trec_eval_name("RR@10"));
  CHECK_FALSE(is_trec_eval_name("judged_10"));
  CHECK_FALSE(is_trec_eval_name("answer_hit@10"));
  CHECK(is_trec_eval_name("ndcg_cut_10"));
}
