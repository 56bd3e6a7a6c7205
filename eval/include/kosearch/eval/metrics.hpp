#pragma once
/// @file trec_eval-exact relevance measures over a Run and Qrels.
///
/// Semantics are those of trec_eval 10.0-rc3 (usnistgov/trec_eval):
/// - each topic's documents are ranked by score descending, then doc id descending (byte
///   order); the run's rank column plays no part;
/// - `max_docs_per_topic` (trec_eval -M) cuts that ranking before anything is computed;
/// - a document is relevant when its grade >= `relevance_level` (trec_eval -l, default 1);
///   nDCG uses the raw grade as a linear gain with discount log2(rank + 1) and ignores the
///   relevance level; its ideal ranking comes from all positive grades of the topic;
/// - topics in the run but not in the qrels are ignored; qrels topics without any relevant
///   document are evaluated (their map, recall, ... are 0);
/// - judged topics absent from the run are skipped, or with `complete` (trec_eval -c)
///   evaluated as an empty ranking, i.e. counted as zero in every mean;
/// - the `all` value of num_q, num_ret, num_rel and num_rel_ret is a sum; every other
///   measure is the mean over the evaluated topics.
///
/// All functions here are pure and safe for concurrent use.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"

namespace kosearch {

/// The family of a measure. Declared in trec_eval's output order (reports list measures in
/// this order, then by cutoff, as trec_eval does).
enum class MeasureKind {
  NumQ,       ///< `num_q`: number of evaluated topics (printed for `all` only)
  NumRet,     ///< `num_ret`: documents retrieved (after the -M cut)
  NumRel,     ///< `num_rel`: relevant documents in the qrels
  NumRelRet,  ///< `num_rel_ret`: relevant documents retrieved
  Map,        ///< `map`: average precision (sum of precision at each relevant doc / num_rel)
  Rprec,      ///< `Rprec`: precision after num_rel documents
  Bpref,      ///< `bpref`: binary preference (Buckley & Voorhees 2004), judged docs only
  RecipRank,  ///< `recip_rank`: 1 / rank of the first relevant document
  P,          ///< `P_K`: relevant in the top K / K (missing ranks count as non-relevant)
  Recall,     ///< `recall_K`: relevant in the top K / num_rel
  Ndcg,       ///< `ndcg`: nDCG over the whole ranking
  NdcgCut,    ///< `ndcg_cut_K`: nDCG of the top K against the ideal top K
  Success,    ///< `success_K`: 1 if a relevant document is in the top K
  Judged,     ///< `judged_K` (kosearch): share of the top min(K, num_ret) docs with a grade >= 0
  AnswerHit,  ///< `answer_hit@K` (kosearch, DPR's top-k accuracy): 1 if a top-K doc holds an answer
};

/// Per topic, the 1-based rank (trec_eval's order, see sort_trec_order) of the first retrieved
/// document whose text holds an answer string; 0 when none does (as far as it was looked).
/// Made by find_answer_ranks() (answers.hpp); a topic without an entry has no answer hit.
using AnswerRanks = std::map<std::string, std::uint32_t, std::less<>>;

/// One measure to compute.
struct Measure {
  /// Name as printed and as looked up: `ndcg_cut_10`, `P_5`, `RR@10`, `answer_hit@5`, ... A
  /// trec_eval name always has trec_eval's meaning; other measures get names trec_eval lacks.
  std::string name;
  MeasureKind kind = MeasureKind::Map;
  /// K of P/recall/ndcg_cut/success/judged/answer_hit; 0 for the others.
  std::uint32_t cutoff = 0;
  /// If > 0, this measure alone sees the ranking cut at `depth` (after the global -M cut):
  /// `RR@10` is MRR@10. 0 = the whole ranking.
  std::uint32_t depth = 0;

  /// True for num_q/num_ret/num_rel/num_rel_ret: integer-valued, summed for `all`.
  bool is_count() const noexcept;
  friend bool operator==(const Measure&, const Measure&) = default;
};

/// Parses measure specifications, in order, dropping repeats. Each spec is one of:
/// - a trec_eval measure name: `map`, `Rprec`, `bpref`, `recip_rank`, `ndcg`, `num_q`,
///   `num_ret`, `num_rel`, `num_rel_ret`, or a cutoff measure `P_10`, `recall_100`,
///   `ndcg_cut_10`, `success_1`, `judged_10`;
/// - trec_eval's `-m` syntax `P.5,10`, `ndcg_cut.10,20`, or a bare `P`, `recall`, `ndcg_cut`
///   (trec_eval's default cutoffs 5,10,15,20,30,100,200,500,1000), `success` (1,5,10) or
///   `judged` (5,10,20);
/// - any of the above followed by `@N`: computed on the ranking cut at N, named `NAME@N`, except
///   reciprocal rank: `RR@N` (also written `recip_rank@N`; ir_measures' name, since trec_eval's
///   `recip_rank` is the full-depth value and `RR` alone is refused);
/// - `answer_hit@K` (K a cutoff; bare `answer_hit` = 1,5,10,20,100): needs answer ranks.
/// Throws InvalidArgument naming the bad spec and listing the valid names.
std::vector<Measure> parse_measures(std::span<const std::string> specs);

/// The default set, in this order: ndcg_cut_10, RR@10 (MRR@10), recall_100, map, P_10,
/// judged_10, num_q. The trec_eval names among them print trec_eval's values.
std::vector<Measure> default_measures();

/// One line per measure family with its syntax, for --help and error messages.
std::string measure_help();

/// How to evaluate (trec_eval flags in brackets).
struct EvalOptions {
  /// Measures to compute; empty means default_measures(). Default: empty.
  std::vector<Measure> measures;
  /// Minimum grade of a relevant document [-l]. Must be >= 0. Default: 1.
  int relevance_level = 1;
  /// Count judged topics missing from the run as zero [-c]. Default: false.
  bool complete = false;
  /// Cut every topic's ranking at this many documents first [-M]; 0 = no cut. Default: 0.
  std::uint32_t max_docs_per_topic = 0;
};

/// Per-topic and aggregate values of a set of measures.
struct EvalResult {
  /// The measures computed, in trec_eval output order (MeasureKind, then cutoff, then depth).
  std::vector<Measure> measures;
  /// The evaluated topics, in byte order.
  std::vector<std::string> topics;
  /// topics.size() x measures.size() values, row-major (see value()).
  std::vector<double> values;
  /// One value per measure: the sum for counts, the mean over `topics` otherwise.
  std::vector<double> aggregate;
  /// Judged topics with no entry in the run (zeros if `complete`, otherwise skipped).
  std::vector<std::string> missing_topics;
  /// Run topics without judgments (ignored).
  std::vector<std::string> unjudged_topics;

  std::size_t num_q() const noexcept { return topics.size(); }
  double value(std::size_t topic, std::size_t measure) const {
    return values[topic * measures.size() + measure];
  }
  /// Index of the measure called `name`, if computed.
  std::optional<std::size_t> measure_index(std::string_view name) const;
  /// Index of `topic` in `topics`, if evaluated.
  std::optional<std::size_t> topic_index(std::string_view topic) const;
};

/// Evaluates `run` against `qrels`; `answer_ranks` (of this run) feeds the answer_hit measures.
/// Throws InvalidArgument for a negative relevance level or answer_hit without answer ranks,
/// and InvalidInput if no topic gets evaluated (no run topic has judgments and `complete`
/// is off, or the qrels are empty): the two files most likely do not belong together.
EvalResult evaluate(const Run& run, const Qrels& qrels, const EvalOptions& options = {},
                    const AnswerRanks* answer_ranks = nullptr);

}  // namespace kosearch
