#include "kosearch/eval/report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"

namespace kosearch {

namespace {

using Json = nlohmann::ordered_json;

struct FormatName {
  std::string_view name;
  ReportFormat format;
};

// The format registry: --help and the "unknown format" error both list it.
constexpr std::array<FormatName, 4> kFormats{{
    {"trec_eval", ReportFormat::TrecEval},
    {"table", ReportFormat::Table},
    {"json", ReportFormat::Json},
    {"markdown", ReportFormat::Markdown},
}};

std::string format_value(const Measure& m, double v) {
  if (m.is_count()) return fmt::format("{}", static_cast<std::int64_t>(std::llround(v)));
  return fmt::format("{:.4f}", v);
}

Json json_value(const Measure& m, double v) {
  if (m.is_count()) return static_cast<std::int64_t>(std::llround(v));
  return v;
}

// A table of text cells rendered either as aligned columns or as Markdown.
class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header, std::vector<bool> right_aligned)
      : right_(std::move(right_aligned)) {
    rows_.push_back(std::move(header));
  }
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

  std::string render(bool markdown) const {
    const std::size_t ncol = rows_.front().size();
    std::vector<std::size_t> width(ncol, 0);
    for (const auto& row : rows_) {
      for (std::size_t c = 0; c < ncol; ++c) width[c] = std::max(width[c], display_width(row[c]));
    }
    std::string out;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      const auto& row = rows_[r];
      if (markdown) out += "|";
      for (std::size_t c = 0; c < ncol; ++c) {
        const std::size_t pad = width[c] - display_width(row[c]);
        if (markdown) {
          out += " ";
        } else if (c > 0) {
          out += "  ";
        }
        if (right_[c]) out.append(pad, ' ');
        out += row[c];
        // Aligned text has no trailing blanks on the last column.
        if (!right_[c] && (markdown || c + 1 < ncol)) out.append(pad, ' ');
        if (markdown) out += " |";
      }
      out += "\n";
      if (markdown && r == 0) {
        out += "|";
        for (std::size_t c = 0; c < ncol; ++c) {
          const std::size_t dashes = std::max<std::size_t>(width[c], 3);
          out += right_[c] ? " " + std::string(dashes - 1, '-') + ": |"
                           : " " + std::string(dashes, '-') + " |";
        }
        out += "\n";
      }
    }
    return out;
  }

 private:
  // Code points, so Hangul topic ids line up as well as a monospace font allows.
  static std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (const char ch : s) {
      if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
    }
    return n;
  }

  std::vector<std::vector<std::string>> rows_;
  std::vector<bool> right_;
};

// Markdown cells must not contain a bare '|'.
std::string md_escape(std::string s, bool markdown) {
  if (!markdown) return s;
  std::string out;
  for (const char ch : s) {
    if (ch == '|') out += '\\';
    out += ch;
  }
  return out;
}

std::string format_trec_eval(const EvalResult& r, bool per_query) {
  fmt::memory_buffer buf;
  auto out = std::back_inserter(buf);
  const auto line = [&](const Measure& m, std::string_view qid, double v) {
    if (m.is_count()) {
      fmt::format_to(out, "{:<22}\t{}\t{}\n", m.name, qid,
                     static_cast<std::int64_t>(std::llround(v)));
    } else {
      fmt::format_to(out, "{:<22}\t{}\t{:6.4f}\n", m.name, qid, v);
    }
  };
  if (per_query) {
    for (std::size_t t = 0; t < r.topics.size(); ++t) {
      for (std::size_t j = 0; j < r.measures.size(); ++j) {
        // trec_eval prints num_q for `all` only.
        if (r.measures[j].kind == MeasureKind::NumQ) continue;
        line(r.measures[j], r.topics[t], r.value(t, j));
      }
    }
  }
  for (std::size_t j = 0; j < r.measures.size(); ++j) line(r.measures[j], "all", r.aggregate[j]);
  return fmt::to_string(buf);
}

std::string format_eval_json(const EvalResult& r, bool per_query) {
  Json obj = Json::object();
  for (std::size_t j = 0; j < r.measures.size(); ++j) {
    obj[r.measures[j].name] = json_value(r.measures[j], r.aggregate[j]);
  }
  if (!obj.contains("num_q")) obj["num_q"] = r.num_q();
  if (per_query) {
    Json topics = Json::object();
    for (std::size_t t = 0; t < r.topics.size(); ++t) {
      Json row = Json::object();
      for (std::size_t j = 0; j < r.measures.size(); ++j) {
        if (r.measures[j].kind == MeasureKind::NumQ) continue;
        row[r.measures[j].name] = json_value(r.measures[j], r.value(t, j));
      }
      topics[r.topics[t]] = std::move(row);
    }
    obj["per_query"] = std::move(topics);
  }
  return obj.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string format_eval_table(const EvalResult& r, bool per_query, bool markdown) {
  if (!per_query) {
    TextTable table({"measure", "all"}, {false, true});
    for (std::size_t j = 0; j < r.measures.size(); ++j) {
      table.add({r.measures[j].name, format_value(r.measures[j], r.aggregate[j])});
    }
    return table.render(markdown);
  }
  std::vector<std::string> header{"topic"};
  std::vector<bool> right{false};
  std::vector<std::size_t> columns;
  for (std::size_t j = 0; j < r.measures.size(); ++j) {
    if (r.measures[j].kind == MeasureKind::NumQ) continue;
    header.push_back(r.measures[j].name);
    right.push_back(true);
    columns.push_back(j);
  }
  TextTable table(std::move(header), std::move(right));
  for (std::size_t t = 0; t < r.topics.size(); ++t) {
    std::vector<std::string> row{md_escape(r.topics[t], markdown)};
    for (const std::size_t j : columns) row.push_back(format_value(r.measures[j], r.value(t, j)));
    table.add(std::move(row));
  }
  std::vector<std::string> all{fmt::format("all ({} topics)", r.num_q())};
  for (const std::size_t j : columns) all.push_back(format_value(r.measures[j], r.aggregate[j]));
  table.add(std::move(all));
  return table.render(markdown);
}

std::string format_p(double p) {
  if (p > 0.0 && p < 0.0001) return "<0.0001";
  return fmt::format("{:.4f}", p);
}

std::string format_signed(double v) { return fmt::format("{:+.4f}", v); }

Json json_number(double v) {
  // JSON has no infinity; an undefined statistic is null.
  if (!std::isfinite(v)) return nullptr;
  return v;
}

std::string format_comparison_json(const Comparison& c) {
  Json obj = Json::object();
  obj["system_a"] = c.name_a;
  obj["system_b"] = c.name_b;
  obj["num_q"] = c.topics.size();
  obj["permutations"] = c.permutations;
  obj["seed"] = c.seed;
  Json measures = Json::object();
  for (const auto& mc : c.measures) {
    const PairedStats& s = mc.stats;
    measures[mc.measure.name] = Json{
        {"mean_a", s.mean_a},    {"mean_b", s.mean_b},     {"diff", s.diff},
        {"t", json_number(s.t)}, {"t_test_p", s.t_test_p}, {"randomization_p", s.randomization_p},
        {"wins", s.wins},        {"ties", s.ties},         {"losses", s.losses}};
  }
  obj["measures"] = std::move(measures);
  Json topics = Json::array();
  for (const auto& ch : c.largest_changes) {
    topics.push_back(Json{{"topic", ch.topic}, {"a", ch.a}, {"b", ch.b}, {"diff", ch.b - ch.a}});
  }
  obj["largest_changes"] = Json{{"measure", c.focus_measure}, {"topics", std::move(topics)}};
  return obj.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string format_comparison_text(const Comparison& c, bool markdown) {
  std::string out;
  const std::string a_label = md_escape(c.name_a, markdown);
  const std::string b_label = md_escape(c.name_b, markdown);
  if (markdown) {
    out += fmt::format("**A**: {}  \n**B**: {}  \n", a_label, b_label);
    out += fmt::format(
        "{} paired topics; p-values: two-sided paired t-test and randomization test "
        "({} permutations, seed {}); win/tie/loss counts topics where B is better/equal/worse.\n\n",
        c.topics.size(), c.permutations, c.seed);
  } else {
    out += fmt::format("A: {}\nB: {}\n", a_label, b_label);
    out += fmt::format(
        "{} paired topics; p-values: two-sided paired t-test and randomization test\n"
        "({} permutations, seed {}); win/tie/loss counts topics where B is better/equal/worse.\n\n",
        c.topics.size(), c.permutations, c.seed);
  }
  TextTable table({"measure", "A", "B", "B-A", "t-test p", "rand. p", "win/tie/loss"},
                  {false, true, true, true, true, true, true});
  for (const auto& mc : c.measures) {
    const PairedStats& s = mc.stats;
    const bool count = mc.measure.is_count();
    table.add({mc.measure.name,
               count ? fmt::format("{:.2f}", s.mean_a) : fmt::format("{:.4f}", s.mean_a),
               count ? fmt::format("{:.2f}", s.mean_b) : fmt::format("{:.4f}", s.mean_b),
               count ? fmt::format("{:+.2f}", s.diff) : format_signed(s.diff), format_p(s.t_test_p),
               format_p(s.randomization_p), fmt::format("{}/{}/{}", s.wins, s.ties, s.losses)});
  }
  out += table.render(markdown);
  if (!c.focus_measure.empty()) {
    out += "\n";
    if (c.largest_changes.empty()) {
      out += fmt::format("No topic changed on {}.\n", c.focus_measure);
    } else {
      out += fmt::format("{} largest changes in {} (B - A):\n", c.largest_changes.size(),
                         c.focus_measure);
      if (markdown) out += "\n";
      TextTable changes({"topic", "A", "B", "B-A"}, {false, true, true, true});
      for (const auto& ch : c.largest_changes) {
        changes.add({md_escape(ch.topic, markdown), fmt::format("{:.4f}", ch.a),
                     fmt::format("{:.4f}", ch.b), format_signed(ch.b - ch.a)});
      }
      out += changes.render(markdown);
    }
  }
  return out;
}

// The value of measure `m` in a multi-system table cell.
std::string format_mean(const Measure& m, double v) {
  return m.is_count() ? fmt::format("{:.2f}", v) : fmt::format("{:.4f}", v);
}

std::string format_multi_json(const MultiComparison& mc) {
  Json obj = Json::object();
  obj["baseline"] = mc.baseline;
  obj["num_q"] = mc.baseline_num_q;
  obj["permutations"] = mc.permutations;
  obj["seed"] = mc.seed;
  obj["correction"] = "holm";
  Json names = Json::array();
  for (const auto& m : mc.measures) names.push_back(m.name);
  obj["measures"] = std::move(names);
  Json systems = Json::array();
  Json base = Json::object();
  for (std::size_t j = 0; j < mc.measures.size(); ++j) {
    base[mc.measures[j].name] = Json{{"mean", mc.baseline_means[j]}};
  }
  systems.push_back(Json{{"name", mc.baseline}, {"baseline", true}, {"measures", std::move(base)}});
  for (const auto& o : mc.others) {
    Json ms = Json::object();
    for (std::size_t j = 0; j < o.comparison.measures.size(); ++j) {
      const PairedStats& st = o.comparison.measures[j].stats;
      ms[o.comparison.measures[j].measure.name] =
          Json{{"mean", st.mean_b},
               {"baseline_mean", st.mean_a},
               {"diff", st.diff},
               {"t", json_number(st.t)},
               {"t_test_p", st.t_test_p},
               {"t_test_p_holm", o.t_test_p_holm[j]},
               {"randomization_p", st.randomization_p},
               {"randomization_p_holm", o.randomization_p_holm[j]},
               {"wins", st.wins},
               {"ties", st.ties},
               {"losses", st.losses}};
    }
    systems.push_back(Json{{"name", o.name},
                           {"baseline", false},
                           {"num_q", o.comparison.topics.size()},
                           {"measures", std::move(ms)}});
  }
  obj["systems"] = std::move(systems);
  return obj.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string format_multi_text(const MultiComparison& mc, bool markdown) {
  std::string out;
  const std::size_t family = mc.others.size();
  out += fmt::format(
      "{} topics; the first system is the baseline. Each other system: mean (difference from the\n"
      "baseline) and p = paired randomization test ({} permutations, seed {}), Holm–Bonferroni-\n"
      "adjusted over the {} comparison{} with the baseline{}; * marks p < 0.05.\n\n",
      mc.baseline_num_q, mc.permutations, mc.seed, family, family == 1 ? "" : "s",
      " (t-test p-values in --json)");
  std::vector<std::string> header{"system"};
  std::vector<bool> right{false};
  for (const auto& m : mc.measures) {
    header.push_back(m.name);
    header.push_back("p");
    right.push_back(true);
    right.push_back(true);
  }
  header.push_back("win/tie/loss");
  right.push_back(true);
  TextTable table(std::move(header), std::move(right));
  std::vector<std::string> base{md_escape(mc.baseline, markdown) + " (baseline)"};
  for (std::size_t j = 0; j < mc.measures.size(); ++j) {
    base.push_back(format_mean(mc.measures[j], mc.baseline_means[j]));
    base.push_back("");
  }
  base.push_back("");
  table.add(std::move(base));
  for (const auto& o : mc.others) {
    std::vector<std::string> row{md_escape(o.name, markdown)};
    for (std::size_t j = 0; j < o.comparison.measures.size(); ++j) {
      const auto& mcmp = o.comparison.measures[j];
      const PairedStats& st = mcmp.stats;
      const bool count = mcmp.measure.is_count();
      row.push_back(format_mean(mcmp.measure, st.mean_b) + " (" +
                    (count ? fmt::format("{:+.2f}", st.diff) : format_signed(st.diff)) + ")");
      const double p = o.randomization_p_holm[j];
      row.push_back(format_p(p) + (p < 0.05 ? "*" : ""));
    }
    // Win/tie/loss on the first measure, the one the table leads with.
    const PairedStats& first = o.comparison.measures.front().stats;
    row.push_back(fmt::format("{}/{}/{}", first.wins, first.ties, first.losses));
    table.add(std::move(row));
  }
  out += table.render(markdown);
  if (!mc.measures.empty()) {
    out += fmt::format("\nwin/tie/loss: topics where the system is better/equal/worse than the\n"
                       "baseline on {}.\n",
                       mc.measures.front().name);
  }
  return out;
}

}  // namespace

ReportFormat parse_report_format(std::string_view name) {
  for (const auto& f : kFormats) {
    if (f.name == name) return f.format;
  }
  std::string valid;
  for (const auto& f : kFormats) {
    if (!valid.empty()) valid += ", ";
    valid += f.name;
  }
  throw InvalidArgument("unknown output format '" + std::string(name) + "'; valid: " + valid);
}

std::vector<std::string> report_format_names() {
  std::vector<std::string> names;
  for (const auto& f : kFormats) names.emplace_back(f.name);
  return names;
}

std::string format_eval(const EvalResult& result, ReportFormat format, bool per_query) {
  switch (format) {
    case ReportFormat::TrecEval:
      return format_trec_eval(result, per_query);
    case ReportFormat::Json:
      return format_eval_json(result, per_query);
    case ReportFormat::Table:
      return format_eval_table(result, per_query, false);
    case ReportFormat::Markdown:
      return format_eval_table(result, per_query, true);
  }
  return {};
}

std::string format_comparison(const Comparison& comparison, ReportFormat format) {
  switch (format) {
    case ReportFormat::Json:
      return format_comparison_json(comparison);
    case ReportFormat::Markdown:
      return format_comparison_text(comparison, true);
    case ReportFormat::TrecEval:
    case ReportFormat::Table:
      return format_comparison_text(comparison, false);
  }
  return {};
}

std::string format_multi_comparison(const MultiComparison& comparison, ReportFormat format) {
  switch (format) {
    case ReportFormat::Json:
      return format_multi_json(comparison);
    case ReportFormat::Markdown:
      return format_multi_text(comparison, true);
    case ReportFormat::TrecEval:
    case ReportFormat::Table:
      return format_multi_text(comparison, false);
  }
  return {};
}

}  // namespace kosearch
