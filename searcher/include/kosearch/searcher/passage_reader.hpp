#pragma once
/// @file Reading stored passages by id, for tools that hold a run of ids (batch evaluation
/// checks answer strings and shows passages in reports).

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch {

/// One stored passage.
struct StoredPassage {
  std::string passage_id;  ///< `<doc_id>#<n>`
  std::string title;       ///< the article's title
  std::string text;
};

/// Looks passages up by the ids a search prints, in an index or a sharded index (as Searcher
/// opens it). NOT safe for concurrent use (one Xapian database handle); open one per thread.
class PassageReader {
 public:
  /// Opens `index_dir` read-only. Throws IndexNotFound, IndexCorrupt (not a kosearch index) or
  /// IoError, naming the path.
  explicit PassageReader(const std::filesystem::path& index_dir);

  /// The passages an id of a run stands for: every passage of article `id` in order (a
  /// document-level run), or else the passage `id` = `<doc_id>#<n>` (a passage-level run).
  /// Empty when the index holds neither.
  std::vector<StoredPassage> lookup(std::string_view id);

  ~PassageReader();
  PassageReader(PassageReader&&) noexcept;
  PassageReader& operator=(PassageReader&&) noexcept;
  PassageReader(const PassageReader&) = delete;
  PassageReader& operator=(const PassageReader&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kosearch
