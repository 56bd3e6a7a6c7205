#pragma once
/// @file Cutting an article into passages.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch {

/// How articles are cut into passages (stored in the index metadata).
struct PassageOptions {
  /// A passage grows sentence by sentence until it has at least this many characters.
  /// Default: 500.
  std::uint32_t target_chars = 500;
  /// An article of at most this many characters stays one passage; a longer sentence is cut
  /// into character windows. Default: 1000.
  std::uint32_t max_chars = 1000;
  /// Sentences shared by consecutive passages. Default: 1.
  std::uint32_t overlap_sentences = 1;

  /// "target=500 max=1000 overlap=1"
  std::string to_string() const;
  /// Reads to_string()'s form; nullopt for anything else.
  static std::optional<PassageOptions> from_string(std::string_view text);
  bool operator==(const PassageOptions&) const = default;
};

/// A passage as a byte range of the article body.
struct PassageSpan {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

/// Splits text into passages with ICU's sentence breaks, falling back to character windows
/// (cut at a space where possible) for text without sentence punctuation.
///
/// Thread safety: not safe for concurrent use (holds an ICU BreakIterator); one per thread.
class PassageSplitter {
 public:
  explicit PassageSplitter(const PassageOptions& options = {});
  /// Passages of `text` (valid UTF-8), in order, covering all of it; empty for blank text.
  std::vector<PassageSpan> split(std::string_view text);

  ~PassageSplitter();
  PassageSplitter(PassageSplitter&&) noexcept;
  PassageSplitter& operator=(PassageSplitter&&) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kosearch
