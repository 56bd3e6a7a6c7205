// The HTML report: well-formed, self-contained, and its summary numbers are --json's.

#include "kosearch/eval/html_report.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/report.hpp"
#include "test_util.hpp"

namespace {

// A minimal well-formedness check: every element opened is closed in order, void elements
// excepted, attributes quoted, no stray '<'. Returns "" or what is wrong.
std::string check_well_formed(const std::string& html) {
  static const std::vector<std::string> kVoid{"meta", "br", "hr", "img", "input", "link"};
  std::vector<std::string> stack;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string::npos) {
    if (html.compare(pos, 9, "<!DOCTYPE") == 0) {
      pos = html.find('>', pos);
      continue;
    }
    const std::size_t end = html.find('>', pos);
    if (end == std::string::npos) return "unterminated tag at " + std::to_string(pos);
    std::string tag = html.substr(pos + 1, end - pos - 1);
    if (tag.find('<') != std::string::npos) return "'<' inside a tag at " + std::to_string(pos);
    // Quotes balanced inside the tag.
    if (std::count(tag.begin(), tag.end(), '"') % 2 != 0) return "unbalanced quotes: <" + tag + ">";
    const bool closing = !tag.empty() && tag[0] == '/';
    const bool self_closing = !tag.empty() && tag.back() == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" /\t\n"));
    if (name.empty()) return "empty tag at " + std::to_string(pos);
    if (closing) {
      if (stack.empty() || stack.back() != name) {
        return "</" + name + "> closes <" + (stack.empty() ? std::string("nothing") : stack.back()) + ">";
      }
      stack.pop_back();
    } else if (!self_closing && std::find(kVoid.begin(), kVoid.end(), name) == kVoid.end()) {
      stack.push_back(name);
    }
    pos = end + 1;
  }
  if (!stack.empty()) return "<" + stack.back() + "> never closed";
  return "";
}

// data-system="S" data-measure="M">VALUE< cells of the summary table.
std::vector<std::tuple<int, std::string, std::string>> summary_cells(const std::string& html) {
  std::vector<std::tuple<int, std::string, std::string>> out;
  const std::regex cell(R"re(data-system="(\d+)" data-measure="([^"]+)">([^<]*)<)re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), cell); it != std::sregex_iterator(); ++it) {
    out.emplace_back(std::stoi((*it)[1]), (*it)[2], (*it)[3]);
  }
  return out;
}

constexpr const char* kQrels = "q1 0 a 1\nq2 0 b 1\nq3 0 c 1\nq4 0 d 1\n";

struct Fixture {
  kosearch::Qrels qrels = kosearch::parse_qrels(kQrels, "qrels");
  kosearch::Run base = kosearch::parse_trec_run(
      "q1 Q0 x 1 3 r\nq1 Q0 a 2 2 r\nq2 Q0 b 1 3 r\nq3 Q0 y 1 3 r\nq3 Q0 c 2 2 r\nq4 Q0 z 1 1 r\n", "base");
  kosearch::Run better = kosearch::parse_trec_run(
      "q1 Q0 a 1 3 r\nq1 Q0 x 2 2 r\nq2 Q0 b 1 3 r\nq3 Q0 c 1 3 r\nq4 Q0 z 1 1 r\n", "better");
  kosearch::Run worse = kosearch::parse_trec_run(
      "q1 Q0 x 1 3 r\nq2 Q0 y 1 3 r\nq2 Q0 b 2 2 r\nq3 Q0 c 1 3 r\nq4 Q0 z 1 1 r\n", "worse");
  std::vector<kosearch::EvalResult> results;
  std::vector<std::string> names{"base <A>", "better", "worse"};
  Fixture() {
    kosearch::EvalOptions o;
    o.complete = true;
    for (const auto* r : {&base, &better, &worse}) results.push_back(kosearch::evaluate(*r, qrels, o));
  }
};

}  // namespace

TEST_CASE("HTML report: well-formed, self-contained, summary numbers equal --json's") {
  Fixture f;
  kosearch::CompareOptions co;
  co.permutations = 500;
  const kosearch::MultiComparison mc = kosearch::compare_many(f.results, f.names, co);
  kosearch::HtmlReportInput in;
  in.systems = {{f.names[0], &f.base, &f.results[0]},
                {f.names[1], &f.better, &f.results[1]},
                {f.names[2], &f.worse, &f.results[2]}};
  in.comparison = &mc;
  in.qrels = &f.qrels;
  in.queries = {{"q1", "메타 지분은 얼마인가"}, {"q2", "스케일AI대표는"}, {"q3", "짧은 질문"}, {"q4", "다른 질문 하나"}};
  in.passage = [](std::string_view id) {
    return kosearch::ReportPassage{"제목 " + std::string(id), "본문 <b>&</b> " + std::string(id)};
  };
  const kosearch::AnswerRanks ranks{{"q1", 2}};
  in.systems[0].answer_ranks = &ranks;
  in.holds_answer = [](std::string_view topic, std::string_view id) { return topic == "q1" && id == "a"; };
  const std::string html = kosearch::format_html_report(in);
  CHECK(check_well_formed(html) == "");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("first answer at rank 2") != std::string::npos);
  CHECK(html.find("(holds an answer)") != std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find(" src=") == std::string::npos);
  CHECK(html.find(" href=") == std::string::npos);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("base &lt;A&gt;") != std::string::npos);  // names escaped
  CHECK(html.find("본문 &lt;b&gt;&amp;&lt;/b&gt; a") != std::string::npos);
  CHECK(html.find("judged passage at rank 2") != std::string::npos);  // q1 in the baseline
  CHECK(html.find("without spaces") != std::string::npos);            // breakdown
  CHECK(html.find("1–10 characters") != std::string::npos);

  const auto j = nlohmann::json::parse(kosearch::format_multi_comparison(mc, kosearch::ReportFormat::Json));
  const auto cells = summary_cells(html);
  CHECK(cells.size() == 3 * mc.measures.size());
  std::size_t compared = 0;
  for (const auto& [system, measure, text] : cells) {
    CAPTURE(measure);
    const auto& m = j["systems"][static_cast<std::size_t>(system)]["measures"];
    if (!m.contains(measure)) continue;
    CHECK(fmt::format("{:.4f}", m[measure]["mean"].get<double>()) == text);
    ++compared;
  }
  CHECK(compared == cells.size());

  // python3's own HTML parser, when there is one, finds the same structure.
  kosearch::test::TempDir tmp;
  kosearch::test::write_file(tmp / "r.html", html);
  const std::string cmd = "python3 -c \"import html.parser,sys; p=html.parser.HTMLParser(); "
                          "p.feed(open(sys.argv[1],encoding='utf-8').read()); p.close()\" '" +
                          (tmp / "r.html").string() + "' 2>/dev/null";
  if (std::system("python3 -c '' 2>/dev/null") == 0) CHECK(std::system(cmd.c_str()) == 0);
}

TEST_CASE("HTML report of one system: the numbers of format_eval's JSON, no comparison") {
  Fixture f;
  kosearch::HtmlReportInput in;
  in.systems = {{"only", &f.base, &f.results[0]}};
  in.qrels = &f.qrels;
  const std::string html = kosearch::format_html_report(in);
  CHECK(check_well_formed(html) == "");
  CHECK(html.find("against the baseline") == std::string::npos);
  CHECK(html.find("Query texts not given") != std::string::npos);
  const auto j = nlohmann::json::parse(kosearch::format_eval(f.results[0], kosearch::ReportFormat::Json));
  const auto cells = summary_cells(html);
  REQUIRE(!cells.empty());
  for (const auto& [system, measure, text] : cells) {
    CAPTURE(measure);
    const double v = j[measure].get<double>();
    const bool count = j[measure].is_number_integer();
    CHECK((count ? fmt::format("{}", static_cast<long long>(v)) : fmt::format("{:.4f}", v)) == text);
  }
  in.focus_measure = "nope";
  CHECK_THROWS_AS(kosearch::format_html_report(in), kosearch::InvalidArgument);
  in.systems.clear();
  CHECK_THROWS_AS(kosearch::format_html_report(in), kosearch::InvalidArgument);
}
