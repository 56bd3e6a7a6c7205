#pragma once
/// @file The texts behind a run's ids, read from an index once and remembered: what answer
/// matching and the HTML report look at.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kosearch/eval/answers.hpp"
#include "kosearch/eval/html_report.hpp"
#include "kosearch/searcher/passage_reader.hpp"

namespace kosearch {

/// Looks ids up with a PassageReader and remembers the answers (runs repeat ids across topics),
/// up to `max_entries` ids at a time. NOT safe for concurrent use.
class IndexTexts {
 public:
  /// Opens the index (throws as PassageReader does).
  explicit IndexTexts(const std::filesystem::path& index_dir, std::size_t max_entries = 100000);

  /// The passages id stands for (PassageReader::lookup); empty when unknown. Valid until the
  /// next call.
  const std::vector<StoredPassage>& lookup(std::string_view id);

  /// The texts of `id`, for find_answer_ranks().
  PassageTexts texts();

  /// What the report shows for `id`: the title and the passages' texts joined (cut near 2,000
  /// bytes: the page shows an excerpt).
  ReportPassage report_passage(std::string_view id);

  /// Whether a passage of `id` holds one of `keys` (normalized answers, see AnswerNormalizer).
  bool holds_any(std::string_view id, const std::vector<std::string>& keys);

 private:
  PassageReader reader_;
  std::size_t max_entries_;
  std::unordered_map<std::string, std::vector<StoredPassage>> cache_;
  AnswerNormalizer normalize_;
};

}  // namespace kosearch
