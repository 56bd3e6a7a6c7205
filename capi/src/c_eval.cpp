// The C API's evaluation functions (ks_evaluate and ks_eval_*): trec_eval-exact measures of a
// run in memory, over the eval library.

#include <cstddef>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "c_api_internal.hpp"
#include "kosearch/c.h"
#include "kosearch/core/error.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/run.hpp"

struct ks_eval_t {
  kosearch::EvalResult result;
};

extern "C" {

ks_eval_t* ks_evaluate(const char* run, const char* qrels, const char* measures,
                       int relevance_level, int complete, ks_error_t** err) noexcept {
  try {
    if (run == nullptr) throw kosearch::InvalidArgument("ks_evaluate: run is NULL");
    if (qrels == nullptr) throw kosearch::InvalidArgument("ks_evaluate: qrels is NULL");
    kosearch::EvalOptions options;
    if (measures != nullptr) {
      std::istringstream specs{std::string(measures)};
      std::vector<std::string> list;
      for (std::string spec; specs >> spec;) list.push_back(spec);
      if (!list.empty()) options.measures = kosearch::parse_measures(list);
    }
    options.relevance_level = relevance_level;
    options.complete = complete != 0;
    const kosearch::Run parsed_run = kosearch::parse_trec_run(run, "run");
    const kosearch::Qrels parsed_qrels = kosearch::parse_qrels(qrels, "qrels");
    return new ks_eval_t{kosearch::evaluate(parsed_run, parsed_qrels, options)};
  } catch (...) {
    kosearch::capi::report_current_exception(err);
    return nullptr;
  }
}

size_t ks_eval_measure_count(const ks_eval_t* eval) noexcept {
  return eval == nullptr ? 0 : eval->result.measures.size();
}
const char* ks_eval_measure_name(const ks_eval_t* eval, size_t m) noexcept {
  if (eval == nullptr || m >= eval->result.measures.size()) return nullptr;
  return eval->result.measures[m].name.c_str();
}
double ks_eval_aggregate(const ks_eval_t* eval, size_t m) noexcept {
  if (eval == nullptr || m >= eval->result.aggregate.size()) return 0.0;
  return eval->result.aggregate[m];
}
size_t ks_eval_topic_count(const ks_eval_t* eval) noexcept {
  return eval == nullptr ? 0 : eval->result.topics.size();
}
const char* ks_eval_topic(const ks_eval_t* eval, size_t t) noexcept {
  if (eval == nullptr || t >= eval->result.topics.size()) return nullptr;
  return eval->result.topics[t].c_str();
}
double ks_eval_value(const ks_eval_t* eval, size_t t, size_t m) noexcept {
  if (eval == nullptr || t >= eval->result.topics.size() || m >= eval->result.measures.size()) {
    return 0.0;
  }
  return eval->result.value(t, m);
}
void ks_eval_free(ks_eval_t* eval) noexcept { delete eval; }

}  // extern "C"
