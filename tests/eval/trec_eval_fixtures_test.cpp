// kosearch_eval against what trec_eval 10.0-rc3 printed (../shared/eval-fixtures): every
// number of every `trec_eval-<flags>.txt`, per topic and `all`, to the 4 printed decimals.

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
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
