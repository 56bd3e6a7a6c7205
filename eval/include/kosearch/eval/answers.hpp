#pragma once
/// @file Answer strings per query and top-k answer accuracy (DPR's "a question is a hit at k
/// when one of the top k passages contains an answer string"), over the passages a run ranked.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/run.hpp"

namespace kosearch {

/// Text made comparable for answer matching: ICU NFKC_Casefold (the analyzer's normalizer), then
/// every White_Space character removed, so `1924년 12월` matches `1924년12월` and `ＡＢＣ` `abc`.
class AnswerNormalizer {
 public:
  /// Throws InternalError if ICU's normalization data cannot be loaded.
  AnswerNormalizer();
  std::string operator()(std::string_view text) const;

 private:
  Analyzer analyzer_;
};

/// Topic id -> its answer strings, normalized by AnswerNormalizer (empty ones dropped).
using Answers = std::map<std::string, std::vector<std::string>, std::less<>>;

/// Reads answers: JSONL, one `{"_id": string or integer, "answers": [string, ...]}` per line
/// (KorQuAD's answers.jsonl; other keys ignored, blank lines skipped). Throws IoError if the file
/// cannot be read, and InvalidInput naming `path:line` for invalid JSON, a missing or mistyped
/// key, a duplicate id, or a file without any answer.
Answers read_answers(const std::filesystem::path& path);

/// Same as read_answers, from text in memory; `source` names it in error messages.
Answers parse_answers(std::string_view text, std::string_view source);

/// The texts a run's document id stands for (the passage, or every passage of an article);
/// empty when unknown.
using PassageTexts = std::function<std::vector<std::string>(std::string_view id)>;

/// What find_answer_ranks() found.
struct AnswerSearch {
  AnswerRanks ranks;  ///< one entry per run topic that has answers
  /// Run topics without an entry in the answers (they get no answer hit).
  std::vector<std::string> topics_without_answers;
  /// Retrieved ids for which `texts` gave nothing (not in the index?), and one example.
  std::size_t unknown_ids = 0;
  std::string unknown_example;
};

/// For each topic of `run`, ranks its documents in trec_eval's order and looks for the first
/// whose text (normalized) holds one of the topic's answers, down to rank `depth` (0 = all).
AnswerSearch find_answer_ranks(const Run& run, const Answers& answers, const PassageTexts& texts,
                               std::uint32_t depth);

}  // namespace kosearch
