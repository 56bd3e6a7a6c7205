#include "kosearch/eval/metrics.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>

#include "kosearch/core/error.hpp"

namespace kosearch {

namespace {

// The measure registry: one row per family. `help` feeds --help and error messages.
struct MeasureFamily {
  std::string_view name;
  MeasureKind kind;
  bool has_cutoff;
  std::string_view help;
};

constexpr std::array<MeasureFamily, 15> kFamilies{{
    {"num_q", MeasureKind::NumQ, false, "number of evaluated topics (all only)"},
    {"num_ret", MeasureKind::NumRet, false, "documents retrieved (summed for all)"},
    {"num_rel", MeasureKind::NumRel, false, "relevant documents judged (summed for all)"},
    {"num_rel_ret", MeasureKind::NumRelRet, false, "relevant documents retrieved (summed)"},
    {"map", MeasureKind::Map, false, "mean average precision"},
    {"Rprec", MeasureKind::Rprec, false, "precision after R (= num_rel) documents"},
    {"bpref", MeasureKind::Bpref, false, "binary preference (judged documents only)"},
    {"recip_rank", MeasureKind::RecipRank, false,
     "reciprocal rank of the first relevant document, full depth (RR@10: MRR@10)"},
    {"P", MeasureKind::P, true, "precision at K"},
    {"recall", MeasureKind::Recall, true, "recall at K"},
    {"ndcg", MeasureKind::Ndcg, false, "nDCG of the whole ranking (linear gain = grade)"},
    {"ndcg_cut", MeasureKind::NdcgCut, true, "nDCG at K (linear gain = grade)"},
    {"success", MeasureKind::Success, true, "1 if a relevant document is in the top K"},
    {"judged", MeasureKind::Judged, true, "share of the top K that has a judgment (kosearch's)"},
    {"answer_hit", MeasureKind::AnswerHit, true,
     "1 if one of the top K holds an answer string (--answers)"},
}};

constexpr std::array<std::uint32_t, 9> kTrecCutoffs{5, 10, 15, 20, 30, 100, 200, 500, 1000};
constexpr std::array<std::uint32_t, 3> kSuccessCutoffs{1, 5, 10};
constexpr std::array<std::uint32_t, 3> kJudgedCutoffs{5, 10, 20};
constexpr std::array<std::uint32_t, 5> kAnswerCutoffs{1, 5, 10, 20, 100};

// ir_measures' name of reciprocal rank on a cut ranking: trec_eval has none (its recip_rank is
// full depth), so MRR@10 must not print as `recip_rank`.
constexpr std::string_view kRrAlias = "RR";

const MeasureFamily* find_family(std::string_view name) {
  for (const auto& f : kFamilies) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

[[noreturn]] void bad_measure(std::string_view spec, std::string_view why) {
  std::string valid = measure_help();
  while (!valid.empty() && valid.back() == '\n') valid.pop_back();
  throw InvalidArgument("unknown measure '" + std::string(spec) + "': " + std::string(why) +
                        ". Valid measures:\n" + valid);
}

bool parse_positive(std::string_view s, std::uint32_t& value) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && ptr == s.data() + s.size() && value > 0;
}

Measure make_measure(const MeasureFamily& family, std::uint32_t cutoff, std::uint32_t depth) {
  Measure m;
  m.kind = family.kind;
  m.cutoff = cutoff;
  m.depth = depth;
  m.name = std::string(family.name);
  if (family.kind == MeasureKind::AnswerHit) {
    m.name += "@" + std::to_string(cutoff);  // DPR's top-k accuracy; '@' is its cutoff here
  } else if (family.kind == MeasureKind::RecipRank && depth > 0) {
    m.name = std::string(kRrAlias) + "@" + std::to_string(depth);
  } else {
    if (family.has_cutoff) m.name += "_" + std::to_string(cutoff);
    if (depth > 0) m.name += "@" + std::to_string(depth);
  }
  return m;
}

void parse_one(const std::string& spec, std::vector<Measure>& out) {
  std::string_view s = spec;
  std::uint32_t depth = 0;
  if (const auto at = s.rfind('@'); at != std::string_view::npos) {
    if (!parse_positive(s.substr(at + 1), depth)) {
      bad_measure(spec, "the part after '@' must be a positive depth, as in RR@10");
    }
    s = s.substr(0, at);
    if (s == "answer_hit") {  // answer_hit@K: K is the cutoff
      out.push_back(make_measure(*find_family(s), depth, 0));
      return;
    }
    if (s == kRrAlias) s = "recip_rank";
  } else if (s == kRrAlias) {
    bad_measure(spec, "RR needs a depth (RR@10); the full-depth value is recip_rank");
  }
  // trec_eval -m syntax: family.K1,K2,...
  if (const auto dot = s.find('.'); dot != std::string_view::npos) {
    const MeasureFamily* family = find_family(s.substr(0, dot));
    if (family == nullptr) bad_measure(spec, "no such measure family");
    if (!family->has_cutoff) bad_measure(spec, "this measure takes no cutoff");
    std::string_view list = s.substr(dot + 1);
    while (true) {
      const auto comma = list.find(',');
      std::uint32_t k = 0;
      if (!parse_positive(list.substr(0, comma), k)) {
        bad_measure(spec, "cutoffs must be positive integers separated by commas");
      }
      out.push_back(make_measure(*family, k, depth));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return;
  }
  if (const MeasureFamily* family = find_family(s)) {
    if (!family->has_cutoff) {
      out.push_back(make_measure(*family, 0, depth));
      return;
    }
    // A bare cutoff family means trec_eval's default cutoffs.
    std::span<const std::uint32_t> cutoffs = kTrecCutoffs;
    if (family->kind == MeasureKind::Success) cutoffs = kSuccessCutoffs;
    if (family->kind == MeasureKind::Judged) cutoffs = kJudgedCutoffs;
    if (family->kind == MeasureKind::AnswerHit) cutoffs = kAnswerCutoffs;
    for (const std::uint32_t k : cutoffs) out.push_back(make_measure(*family, k, depth));
    return;
  }
  // family_K: the family name itself may contain '_' (ndcg_cut_10), so split at the last one.
  if (const auto us = s.rfind('_'); us != std::string_view::npos) {
    const MeasureFamily* family = find_family(s.substr(0, us));
    std::uint32_t k = 0;
    if (family != nullptr && family->kind == MeasureKind::AnswerHit) {
      bad_measure(spec, "write answer_hit@K");
    }
    if (family != nullptr && family->has_cutoff && parse_positive(s.substr(us + 1), k)) {
      out.push_back(make_measure(*family, k, depth));
      return;
    }
    if (family != nullptr && family->has_cutoff) {
      bad_measure(spec, "the cutoff after '_' must be a positive integer");
    }
  }
  bad_measure(spec, "not a trec_eval measure name");
}

// Judgments of one topic, condensed for the measures.
struct TopicStats {
  std::size_t num_rel = 0;     // grade >= relevance level
  std::size_t num_nonrel = 0;  // 0 <= grade < relevance level
  // Positive grades, descending: the ideal ranking's gains.
  std::vector<int> ideal_gains;
};

TopicStats topic_stats(const TopicQrels& judgments, int relevance_level) {
  TopicStats s;
  for (const auto& [doc, grade] : judgments) {
    if (grade < 0) continue;
    if (grade >= relevance_level) {
      ++s.num_rel;
    } else {
      ++s.num_nonrel;
    }
    if (grade > 0) s.ideal_gains.push_back(grade);
  }
  std::sort(s.ideal_gains.rbegin(), s.ideal_gains.rend());
  return s;
}

// trec_eval's ranking order: score descending, then doc id descending (byte order).
bool trec_before(const ScoredDoc& x, const ScoredDoc& y) {
  if (x.score != y.score) return x.score > y.score;
  return x.doc_id > y.doc_id;
}

// Not in the qrels: neither judged nor relevant (trec_eval's RELVALUE_NONPOOL).
constexpr int kNotJudged = -1;

// Sum of gains[i] / log2(i + 2) over the first n gains, accumulated in rank order as
// trec_eval does (so the last printed digit agrees).
double dcg(std::span<const int> gains, std::size_t n) {
  double sum = 0.0;
  n = std::min(n, gains.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (gains[i] > 0) sum += static_cast<double>(gains[i]) / std::log2(static_cast<double>(i + 2));
  }
  return sum;
}

std::size_t count_relevant_in(std::span<const int> grades, std::size_t n, int level) {
  n = std::min(n, grades.size());
  std::size_t c = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (grades[i] >= level) ++c;
  }
  return c;
}

// One measure on one topic. `grades` is the ranking (after the -M cut) mapped to grades;
// `answer_rank` the 1-based rank of the first document holding an answer (0: none).
double compute(const Measure& m, std::span<const int> all_grades, const TopicStats& t, int level,
               std::uint32_t answer_rank) {
  std::span<const int> grades = all_grades;
  if (m.depth > 0 && grades.size() > m.depth) grades = grades.first(m.depth);
  const std::size_t n = grades.size();
  const auto num_rel = static_cast<double>(t.num_rel);
  switch (m.kind) {
    case MeasureKind::NumQ:
      return 1.0;
    case MeasureKind::NumRet:
      return static_cast<double>(n);
    case MeasureKind::NumRel:
      return num_rel;
    case MeasureKind::NumRelRet:
      return static_cast<double>(count_relevant_in(grades, n, level));
    case MeasureKind::Map: {
      if (t.num_rel == 0) return 0.0;
      double sum = 0.0;
      std::size_t rel_so_far = 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (grades[i] >= level) {
          ++rel_so_far;
          sum += static_cast<double>(rel_so_far) / static_cast<double>(i + 1);
        }
      }
      return sum / num_rel;
    }
    case MeasureKind::Rprec: {
      if (t.num_rel == 0) return 0.0;
      return static_cast<double>(count_relevant_in(grades, t.num_rel, level)) / num_rel;
    }
    case MeasureKind::Bpref: {
      if (t.num_rel == 0) return 0.0;
      const auto denominator = static_cast<double>(std::min(t.num_nonrel, t.num_rel));
      std::size_t nonrel_so_far = 0;
      double sum = 0.0;
      for (std::size_t i = 0; i < n; ++i) {
        if (grades[i] < 0) continue;  // unjudged: no preference either way
        if (grades[i] < level) {
          ++nonrel_so_far;
        } else if (nonrel_so_far > 0) {
          sum += 1.0 - static_cast<double>(std::min(nonrel_so_far, t.num_rel)) / denominator;
        } else {
          sum += 1.0;
        }
      }
      return sum / num_rel;
    }
    case MeasureKind::RecipRank:
      for (std::size_t i = 0; i < n; ++i) {
        if (grades[i] >= level) return 1.0 / static_cast<double>(i + 1);
      }
      return 0.0;
    case MeasureKind::P:
      return static_cast<double>(count_relevant_in(grades, m.cutoff, level)) /
             static_cast<double>(m.cutoff);
    case MeasureKind::Recall:
      if (t.num_rel == 0) return 0.0;
      return static_cast<double>(count_relevant_in(grades, m.cutoff, level)) / num_rel;
    case MeasureKind::Ndcg: {
      const double ideal = dcg(t.ideal_gains, t.ideal_gains.size());
      return ideal > 0.0 ? dcg(grades, n) / ideal : 0.0;
    }
    case MeasureKind::NdcgCut: {
      const double ideal = dcg(t.ideal_gains, m.cutoff);
      return ideal > 0.0 ? dcg(grades, m.cutoff) / ideal : 0.0;
    }
    case MeasureKind::Success:
      return count_relevant_in(grades, m.cutoff, level) > 0 ? 1.0 : 0.0;
    case MeasureKind::Judged: {
      const std::size_t k = std::min<std::size_t>(m.cutoff, n);
      if (k == 0) return 0.0;
      std::size_t judged = 0;
      for (std::size_t i = 0; i < k; ++i) {
        if (grades[i] >= 0) ++judged;
      }
      return static_cast<double>(judged) / static_cast<double>(k);
    }
    case MeasureKind::AnswerHit:
      return answer_rank > 0 && answer_rank <= m.cutoff && answer_rank <= n ? 1.0 : 0.0;
  }
  return 0.0;
}

}  // namespace

bool Measure::is_count() const noexcept {
  return kind == MeasureKind::NumQ || kind == MeasureKind::NumRet || kind == MeasureKind::NumRel ||
         kind == MeasureKind::NumRelRet;
}

std::vector<Measure> parse_measures(std::span<const std::string> specs) {
  std::vector<Measure> parsed;
  for (const auto& spec : specs) parse_one(spec, parsed);
  std::vector<Measure> out;
  for (auto& m : parsed) {
    const bool repeat =
        std::any_of(out.begin(), out.end(), [&](const Measure& o) { return o.name == m.name; });
    if (!repeat) out.push_back(std::move(m));
  }
  return out;
}

std::vector<Measure> default_measures() {
  const std::vector<std::string> specs{"ndcg_cut_10", "RR@10", "recall_100", "map",
                                       "P_10",        "judged_10", "num_q"};
  return parse_measures(specs);
}

std::string measure_help() {
  std::string out;
  for (const auto& f : kFamilies) {
    std::string syntax(f.name);
    if (f.has_cutoff) syntax += f.kind == MeasureKind::AnswerHit ? "@K" : "_K";
    out += "  " + syntax + std::string(syntax.size() < 14 ? 14 - syntax.size() : 1, ' ') +
           std::string(f.help) + "\n";
  }
  out +=
      "  trec_eval's -m syntax works too (P.5,10  ndcg_cut.10,20; a bare P, recall, ndcg_cut,\n"
      "  success, judged or answer_hit uses the default cutoffs), and NAME@N computes NAME on the\n"
      "  top N only: RR@10 is MRR@10 (ir_measures' name; trec_eval's recip_rank is full depth).\n";
  return out;
}

std::optional<std::size_t> EvalResult::measure_index(std::string_view name) const {
  for (std::size_t i = 0; i < measures.size(); ++i) {
    if (measures[i].name == name) return i;
  }
  return std::nullopt;
}

std::optional<std::size_t> EvalResult::topic_index(std::string_view topic) const {
  const auto it = std::lower_bound(topics.begin(), topics.end(), topic);
  if (it == topics.end() || *it != topic) return std::nullopt;
  return static_cast<std::size_t>(it - topics.begin());
}

EvalResult evaluate(const Run& run, const Qrels& qrels, const EvalOptions& options,
                    const AnswerRanks* answer_ranks) {
  if (options.relevance_level < 0) {
    throw InvalidArgument("relevance level must be >= 0, got " +
                          std::to_string(options.relevance_level));
  }
  const int level = options.relevance_level;
  EvalResult result;
  result.measures = options.measures.empty() ? default_measures() : options.measures;
  std::stable_sort(
      result.measures.begin(), result.measures.end(), [](const Measure& x, const Measure& y) {
        return std::tuple(x.kind, x.cutoff, x.depth) < std::tuple(y.kind, y.cutoff, y.depth);
      });
  const std::size_t nm = result.measures.size();
  const bool wants_answers = std::any_of(result.measures.begin(), result.measures.end(), [](const Measure& m) {
    return m.kind == MeasureKind::AnswerHit;
  });
  if (wants_answers && answer_ranks == nullptr) {
    throw InvalidArgument("answer_hit needs the answers of each query (kosearch eval --answers FILE)");
  }

  for (const auto& [qid, docs] : run) {
    if (qrels.find(qid) == qrels.end()) result.unjudged_topics.push_back(qid);
  }

  std::vector<const ScoredDoc*> ranking;
  std::vector<int> grades;
  for (const auto& [qid, judgments] : qrels) {
    const auto found = run.find(qid);
    ranking.clear();
    if (found == run.end()) {
      result.missing_topics.push_back(qid);
      if (!options.complete) continue;
    } else {
      for (const auto& d : found->second) ranking.push_back(&d);
      std::sort(ranking.begin(), ranking.end(),
                [](const ScoredDoc* x, const ScoredDoc* y) { return trec_before(*x, *y); });
    }
    if (options.max_docs_per_topic > 0 && ranking.size() > options.max_docs_per_topic) {
      ranking.resize(options.max_docs_per_topic);
    }
    grades.clear();
    for (const ScoredDoc* d : ranking) {
      const auto g = judgments.find(d->doc_id);
      grades.push_back(g == judgments.end() ? kNotJudged : g->second);
    }
    const TopicStats stats = topic_stats(judgments, level);
    std::uint32_t answer_rank = 0;
    if (answer_ranks != nullptr && found != run.end()) {
      if (const auto a = answer_ranks->find(qid); a != answer_ranks->end()) answer_rank = a->second;
    }
    result.topics.push_back(qid);
    for (const auto& m : result.measures) {
      result.values.push_back(compute(m, grades, stats, level, answer_rank));
    }
  }

  if (result.topics.empty()) {
    std::string what = "no topic to evaluate: none of the run's " + std::to_string(run.size()) +
                       " topics has judgments in the qrels";
    if (!run.empty() && !qrels.empty()) {
      what += " (run topics look like '" + run.begin()->first + "', qrels topics like '" +
              qrels.begin()->first + "'); check that the run and the qrels belong together";
    }
    throw InvalidInput(what);
  }

  // Sums in topic order, then one division, as trec_eval accumulates.
  result.aggregate.assign(nm, 0.0);
  for (std::size_t t = 0; t < result.topics.size(); ++t) {
    for (std::size_t j = 0; j < nm; ++j) result.aggregate[j] += result.value(t, j);
  }
  const auto num_q = static_cast<double>(result.topics.size());
  for (std::size_t j = 0; j < nm; ++j) {
    if (!result.measures[j].is_count()) result.aggregate[j] /= num_q;
  }
  return result;
}

}  // namespace kosearch
