#include "kosearch/eval/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"

namespace kosearch {

namespace {

constexpr std::string_view kStyle = R"(body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.2em .5em;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f3f3f3}
.win{color:#1a7f37}.loss{color:#c62828}.small{font-size:85%;color:#555}
.passage{margin:.2em 0;font-size:85%}.wide{overflow-x:auto}.judged{background:#fff3c4}svg{background:#fafafa;border:1px solid #ddd})";

std::string esc(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < s.size(); ++n) utf8::decode(s, pos);
  return n;
}

// The first `max` code points of `s`, with an ellipsis when cut.
std::string excerpt(std::string_view s, std::size_t max) {
  std::size_t pos = 0;
  for (std::size_t n = 0; n < max && pos < s.size(); ++n) utf8::decode(s, pos);
  if (pos >= s.size()) return std::string(s);
  return std::string(s.substr(0, pos)) + "…";
}

std::string num(double v) { return fmt::format("{:.4f}", v); }

std::string p_text(double p) { return p > 0 && p < 0.0001 ? "&lt;0.0001" : num(p); }

std::string value_text(const Measure& m, double v) {
  return m.is_count() ? fmt::format("{:.2f}", v) : num(v);
}

// A system's value of measure `name` on `topic`, if evaluated.
std::optional<double> topic_value(const EvalResult& r, std::string_view topic, std::size_t measure) {
  const auto t = r.topic_index(topic);
  if (!t) return std::nullopt;
  return r.value(*t, measure);
}

std::vector<ScoredDoc> ranking(const Run& run, std::string_view topic) {
  const auto it = run.find(topic);
  if (it == run.end()) return {};
  std::vector<ScoredDoc> docs = it->second;
  sort_trec_order(docs);
  return docs;
}

// 1-based rank of the first relevant document, 0 if none retrieved.
std::size_t judged_rank(const std::vector<ScoredDoc>& docs, const TopicQrels* judgments, int level) {
  if (judgments == nullptr) return 0;
  for (std::size_t i = 0; i < docs.size(); ++i) {
    const auto g = judgments->find(docs[i].doc_id);
    if (g != judgments->end() && g->second >= level) return i + 1;
  }
  return 0;
}

// Topic-delta chart: one bar per paired topic, sorted from the largest gain to the largest loss.
std::string delta_chart(std::vector<double> deltas, const std::string& measure) {
  std::sort(deltas.begin(), deltas.end(), std::greater<>());
  constexpr double kWidth = 900;
  constexpr double kHeight = 240;
  constexpr double kMid = kHeight / 2;
  double max_abs = 0;
  for (const double d : deltas) max_abs = std::max(max_abs, std::fabs(d));
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\"><title>per-topic difference in {2}, sorted</title>",
      kWidth, kHeight + 20, esc(measure));
  svg += fmt::format("<line x1=\"0\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#888\"/>", kMid, kWidth);
  if (max_abs > 0 && !deltas.empty()) {
    const double w = kWidth / static_cast<double>(deltas.size());
    for (std::size_t i = 0; i < deltas.size(); ++i) {
      const double d = deltas[i];
      if (d == 0) continue;
      const double h = std::fabs(d) / max_abs * (kMid - 10);
      svg += fmt::format("<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"/>",
                         static_cast<double>(i) * w, d > 0 ? kMid - h : kMid, std::max(w, 0.5), h,
                         d > 0 ? "#1a7f37" : "#c62828");
    }
  }
  svg += fmt::format("<text x=\"4\" y=\"14\" font-size=\"12\">+{}</text>", num(max_abs));
  svg += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"12\">-{}</text>", kHeight - 4, num(max_abs));
  svg += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"12\">{} topics, sorted by difference</text>",
                     kHeight + 16, deltas.size());
  svg += "</svg>";
  return svg;
}

// Histogram of per-topic values in 10 bins over [0, 1], one colour per system side by side.
std::string distribution_chart(const std::vector<std::vector<double>>& values,
                               const std::vector<std::string>& names, const std::string& measure) {
  constexpr std::size_t kBins = 10;
  constexpr double kWidth = 900;
  constexpr double kHeight = 220;
  constexpr std::array<std::string_view, 6> kColours{"#546e7a", "#ef6c00", "#1565c0", "#6a1b9a",
                                                    "#2e7d32", "#ad1457"};
  std::vector<std::array<std::size_t, kBins>> counts(values.size());
  std::size_t max_count = 1;
  for (std::size_t s = 0; s < values.size(); ++s) {
    counts[s].fill(0);
    for (const double v : values[s]) {
      const auto bin = static_cast<std::size_t>(std::clamp(v, 0.0, 1.0) * kBins);
      ++counts[s][std::min(bin, kBins - 1)];
    }
    for (const std::size_t c : counts[s]) max_count = std::max(max_count, c);
  }
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" "
      "role=\"img\"><title>distribution of {2} per topic</title>",
      kWidth, kHeight + 40, esc(measure));
  const double bin_w = kWidth / kBins;
  const double bar_w = (bin_w - 8) / static_cast<double>(std::max<std::size_t>(values.size(), 1));
  for (std::size_t b = 0; b < kBins; ++b) {
    for (std::size_t s = 0; s < values.size(); ++s) {
      const double h = static_cast<double>(counts[s][b]) / static_cast<double>(max_count) * (kHeight - 20);
      svg += fmt::format(
          "<rect x=\"{:.2f}\" y=\"{:.2f}\" width=\"{:.2f}\" height=\"{:.2f}\" fill=\"{}\"><title>{}: {} "
          "topics in [{:.1f}, {:.1f}{}</title></rect>",
          static_cast<double>(b) * bin_w + 4 + static_cast<double>(s) * bar_w, kHeight - h, bar_w, h,
          kColours[s % kColours.size()], esc(names[s]), counts[s][b], static_cast<double>(b) / kBins,
          static_cast<double>(b + 1) / kBins, b + 1 == kBins ? "]" : ")");
    }
    svg += fmt::format("<text x=\"{:.2f}\" y=\"{}\" font-size=\"11\">{:.1f}–{:.1f}</text>",
                       static_cast<double>(b) * bin_w + 4, kHeight + 14, static_cast<double>(b) / kBins,
                       static_cast<double>(b + 1) / kBins);
  }
  for (std::size_t s = 0; s < values.size(); ++s) {
    svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/>"
                       "<text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
                       4 + s * 220, kHeight + 24, kColours[s % kColours.size()], 18 + s * 220,
                       kHeight + 33, esc(excerpt(names[s], 30)));
  }
  svg += "</svg>";
  return svg;
}

class Page {
 public:
  explicit Page(const HtmlReportInput& in) : in_(in) {
    if (in.systems.empty()) throw InvalidArgument("an HTML report needs at least one system");
    for (const auto& s : in.systems) {
      if (s.run == nullptr || s.result == nullptr) {
        throw InvalidArgument("HTML report: system '" + s.name + "' has no run or no result");
      }
    }
    const EvalResult& base = *in.systems.front().result;
    focus_ = in.focus_measure;
    if (focus_.empty()) {
      for (const auto& m : base.measures) {
        if (!m.is_count()) {
          focus_ = m.name;
          break;
        }
      }
    }
    for (const auto& s : in.systems) {
      const auto j = s.result->measure_index(focus_);
      if (!j) throw InvalidArgument("HTML report: focus measure '" + focus_ + "' not computed for " + s.name);
      focus_index_.push_back(*j);
    }
  }

  std::string render() {
    out_ += "<!DOCTYPE html>\n<html lang=\"ko\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
            esc(in_.title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n</head>\n<body>\n";
    out_ += "<h1>" + esc(in_.title) + "</h1>\n";
    summary();
    distributions();
    if (in_.comparison != nullptr) {
      for (std::size_t i = 0; i < in_.comparison->others.size(); ++i) comparison(i);
    }
    breakdown();
    out_ += "</body>\n</html>\n";
    return std::move(out_);
  }

 private:
  const EvalResult& result(std::size_t s) const { return *in_.systems[s].result; }

  void summary() {
    const EvalResult& base = result(0);
    out_ += fmt::format("<h2>Summary</h2>\n<p>{} topics evaluated for the baseline. Focus measure of the "
                        "charts: <b>{}</b>.</p>\n<div class=\"wide\"><table class=\"summary\">\n<thead><tr><th>system</th>",
                        base.num_q(), esc(focus_));
    // The comparison's order (the order asked for), else the evaluation's (trec_eval's).
    std::vector<const Measure*> shown;
    const std::vector<Measure>& order = in_.comparison != nullptr ? in_.comparison->measures : base.measures;
    for (const auto& m : order) {
      if (m.kind == MeasureKind::NumQ) continue;
      shown.push_back(&m);
      out_ += "<th>" + esc(m.name) + "</th>";
    }
    out_ += "</tr></thead>\n<tbody>\n";
    const MultiComparison* mc = in_.comparison;
    for (std::size_t s = 0; s < in_.systems.size(); ++s) {
      out_ += "<tr><th>" + esc(in_.systems[s].name) + (s == 0 ? " (baseline)" : "") + "</th>";
      for (const Measure* m : shown) {
        // With a comparison, the numbers of --json's comparison object; else the evaluation's.
        double v = 0;
        const auto j = result(s).measure_index(m->name);
        if (mc != nullptr) {
          const auto k = std::find_if(mc->measures.begin(), mc->measures.end(),
                                      [&](const Measure& x) { return x.name == m->name; });
          const std::size_t idx = static_cast<std::size_t>(k - mc->measures.begin());
          v = s == 0 ? mc->baseline_means[idx] : mc->others[s - 1].comparison.measures[idx].stats.mean_b;
        } else if (j) {
          v = result(s).aggregate[*j];
        }
        const std::string shown_value =
            mc == nullptr && m->is_count() ? fmt::format("{}", std::llround(v)) : value_text(*m, v);
        out_ += fmt::format("<td class=\"n\" data-system=\"{}\" data-measure=\"{}\">{}</td>", s,
                            esc(m->name), shown_value);
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table></div>\n";
    if (mc != nullptr) {
      out_ += fmt::format("<p class=\"small\">Other systems: means over the topics each shares with the "
                          "baseline. p-values below: paired t-test and randomization test ({} "
                          "permutations, seed {}), Holm–Bonferroni-adjusted over the {} "
                          "comparison{} with the baseline.</p>\n",
                          mc->permutations, mc->seed, mc->others.size(), mc->others.size() == 1 ? "" : "s");
    }
  }

  void distributions() {
    out_ += "<h2>Score distributions</h2>\n<p>Topics per value of " + esc(focus_) + ", per system.</p>\n";
    std::vector<std::vector<double>> values;
    std::vector<std::string> names;
    for (std::size_t s = 0; s < in_.systems.size(); ++s) {
      std::vector<double> v;
      for (std::size_t t = 0; t < result(s).topics.size(); ++t) v.push_back(result(s).value(t, focus_index_[s]));
      values.push_back(std::move(v));
      names.push_back(in_.systems[s].name);
    }
    out_ += distribution_chart(values, names, focus_) + "\n";
  }

  void passages_cell(std::size_t s, std::string_view topic, const TopicQrels* judgments) {
    const std::vector<ScoredDoc> docs = ranking(*in_.systems[s].run, topic);
    const std::size_t jr = judged_rank(docs, judgments, in_.relevance_level);
    out_ += "<td>";
    out_ += jr > 0 ? fmt::format("<div class=\"small\">judged passage at rank {}</div>", jr)
                   : std::string("<div class=\"small\">judged passage not retrieved</div>");
    if (const AnswerRanks* ranks = in_.systems[s].answer_ranks) {
      const auto a = ranks->find(topic);
      const std::uint32_t ar = a == ranks->end() ? 0 : a->second;
      out_ += ar > 0 ? fmt::format("<div class=\"small\">first answer at rank {}</div>", ar)
                     : std::string("<div class=\"small\">no answer in the ranking</div>");
    }
    for (std::size_t i = 0; i < docs.size() && i < in_.top_passages; ++i) {
      const auto g = judgments != nullptr ? judgments->find(docs[i].doc_id) : TopicQrels::const_iterator{};
      const bool relevant = judgments != nullptr && g != judgments->end() && g->second >= in_.relevance_level;
      const bool answer = in_.holds_answer && in_.holds_answer(topic, docs[i].doc_id);
      out_ += fmt::format("<div class=\"passage{}\"><b>{}.</b> <code>{}</code>{}{}", relevant ? " judged" : "",
                          i + 1, esc(docs[i].doc_id), relevant ? " (judged relevant)" : "",
                          answer ? " <span class=\"win\">(holds an answer)</span>" : "");
      if (in_.passage) {
        const ReportPassage p = in_.passage(docs[i].doc_id);
        if (!p.title.empty()) out_ += " <i>" + esc(p.title) + "</i>";
        if (!p.text.empty()) out_ += "<br>" + esc(excerpt(p.text, 240));
      }
      out_ += "</div>";
    }
    out_ += "</td>";
  }

  void comparison(std::size_t o) {
    const SystemVsBaseline& sys = in_.comparison->others[o];
    const Comparison& c = sys.comparison;
    const std::size_t s = o + 1;
    out_ += "<h2>" + esc(sys.name) + " against the baseline</h2>\n";
    out_ += "<table>\n<thead><tr><th>measure</th><th>baseline</th><th>system</th><th>difference</th>"
            "<th>t-test p (Holm)</th><th>randomization p (Holm)</th><th>win / tie / loss</th></tr></thead>\n<tbody>\n";
    for (std::size_t j = 0; j < c.measures.size(); ++j) {
      const PairedStats& st = c.measures[j].stats;
      out_ += fmt::format(
          "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n {}\">{:+.4f}</td>"
          "<td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">"
          "<span class=\"win\">{}</span> / {} / <span class=\"loss\">{}</span></td></tr>\n",
          esc(c.measures[j].measure.name), value_text(c.measures[j].measure, st.mean_a),
          value_text(c.measures[j].measure, st.mean_b), st.diff > 0 ? "win" : st.diff < 0 ? "loss" : "",
          st.diff, p_text(sys.t_test_p_holm[j]), p_text(sys.randomization_p_holm[j]), st.wins, st.ties,
          st.losses);
    }
    out_ += "</tbody>\n</table>\n";

    // Per-topic differences on the focus measure.
    std::vector<std::pair<double, std::string>> changes;
    std::vector<double> deltas;
    for (const auto& topic : c.topics) {
      const double a = *topic_value(result(0), topic, focus_index_[0]);
      const double b = *topic_value(result(s), topic, focus_index_[s]);
      deltas.push_back(b - a);
      if (std::fabs(b - a) > 1e-9) changes.emplace_back(b - a, topic);
    }
    out_ += "<h3>Per-topic differences in " + esc(focus_) + " (system − baseline)</h3>\n";
    out_ += delta_chart(deltas, focus_) + "\n";

    std::stable_sort(changes.begin(), changes.end(), [](const auto& x, const auto& y) {
      return std::fabs(x.first) > std::fabs(y.first);
    });
    if (changes.size() > in_.changed_topics) changes.resize(in_.changed_topics);
    out_ += fmt::format("<h3>The {} topics that changed most in {}</h3>\n", changes.size(), esc(focus_));
    if (changes.empty()) {
      out_ += "<p>No topic changed.</p>\n";
      return;
    }
    out_ += "<table>\n<thead><tr><th>topic</th><th>baseline</th><th>system</th><th>difference</th>"
            "<th>baseline's top passages</th><th>system's top passages</th></tr></thead>\n<tbody>\n";
    for (const auto& [delta, topic] : changes) {
      const TopicQrels* judgments = nullptr;
      if (in_.qrels != nullptr) {
        if (const auto q = in_.qrels->find(topic); q != in_.qrels->end()) judgments = &q->second;
      }
      out_ += "<tr><td><code>" + esc(topic) + "</code>";
      if (const auto q = in_.queries.find(topic); q != in_.queries.end()) out_ += "<br>" + esc(q->second);
      out_ += fmt::format("</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n {}\">{:+.4f}</td>",
                          num(*topic_value(result(0), topic, focus_index_[0])),
                          num(*topic_value(result(s), topic, focus_index_[s])), delta > 0 ? "win" : "loss",
                          delta);
      passages_cell(0, topic, judgments);
      passages_cell(s, topic, judgments);
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  // Mean of the focus measure per group of topics, per system.
  void breakdown() {
    out_ += "<h2>Breakdown by query</h2>\n";
    if (in_.queries.empty()) {
      out_ += "<p>Query texts not given (kosearch eval --queries FILE): no breakdown by query length.</p>\n";
      return;
    }
    struct Group {
      std::string label;
      std::function<bool(std::string_view)> member;
    };
    const auto length_in = [](std::size_t lo, std::size_t hi) {
      return [lo, hi](std::string_view q) {
        const std::size_t n = code_points(q);
        return n >= lo && n <= hi;
      };
    };
    const std::vector<Group> groups{
        {"1–10 characters", length_in(1, 10)},   {"11–20 characters", length_in(11, 20)},
        {"21–30 characters", length_in(21, 30)}, {"31–40 characters", length_in(31, 40)},
        {"41–60 characters", length_in(41, 60)}, {"over 60 characters", length_in(61, SIZE_MAX)},
        {"with spaces", [](std::string_view q) { return q.find(' ') != std::string_view::npos; }},
        {"without spaces", [](std::string_view q) { return q.find(' ') == std::string_view::npos; }},
    };
    out_ += "<p>Mean " + esc(focus_) + " over the baseline's topics in each group (length in characters "
            "of the query text).</p>\n<table>\n<thead><tr><th>queries</th><th>topics</th>";
    for (std::size_t s = 0; s < in_.systems.size(); ++s) {
      out_ += "<th>" + esc(in_.systems[s].name) + "</th>";
      if (s > 0) out_ += "<th>difference</th>";
    }
    out_ += "</tr></thead>\n<tbody>\n";
    for (const auto& g : groups) {
      std::vector<std::string> topics;
      for (const auto& t : result(0).topics) {
        const auto q = in_.queries.find(t);
        if (q != in_.queries.end() && g.member(q->second)) topics.push_back(t);
      }
      if (topics.empty()) continue;
      out_ += fmt::format("<tr><td>{}</td><td class=\"n\">{}</td>", esc(g.label), topics.size());
      double base_mean = 0;
      for (std::size_t s = 0; s < in_.systems.size(); ++s) {
        double sum = 0;
        for (const auto& t : topics) sum += topic_value(result(s), t, focus_index_[s]).value_or(0.0);
        const double mean = sum / static_cast<double>(topics.size());
        if (s == 0) base_mean = mean;
        out_ += "<td class=\"n\">" + num(mean) + "</td>";
        if (s > 0) out_ += fmt::format("<td class=\"n\">{:+.4f}</td>", mean - base_mean);
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n";
  }

  const HtmlReportInput& in_;
  std::string focus_;
  std::vector<std::size_t> focus_index_;
  std::string out_;
};

}  // namespace

std::string format_html_report(const HtmlReportInput& input) { return Page(input).render(); }

}  // namespace kosearch
