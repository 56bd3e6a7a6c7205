#pragma once
/// @file The Korean analyzer: text in, tokens (terms, positions, original byte offsets) out.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/analyzers/token.hpp"

namespace kosearch {

/// Settings of the analysis chain. Each changes which terms an index holds, so the chosen
/// values are part of the analyzer's identity (`Analyzer::signature()`), stored in every index.
struct AnalyzerOptions {
  /// Emit a unigram for a Hangul run of exactly one syllable (`왕`, `억`, `의`).
  /// Default: true (otherwise one-syllable words are unsearchable).
  bool single_syllable_unigrams = true;
  /// Also emit the first syllable of every Hangul run of two or more syllables as a unigram
  /// (`왕이` → `왕이`, `왕`), so a one-syllable query word finds it with a particle attached.
  /// Default: false.
  bool leading_unigrams = false;
  /// Also emit the bigram across a space between two Hangul words (`미국 군대` → `국군`), so
  /// queries typed without spaces match. It shares the position of the second word's first
  /// token. Default: true (measured: +0.02 nDCG@10 on queries typed without spaces, see README).
  bool cross_space_bigrams = true;
  /// Also emit a number joined with what is typed right after or before it, as one term at the
  /// number's (or word's) position: the Hangul syllable after it — in Korean its counter or unit
  /// (`15대`, `2009년`, `5월`, `3명`, `100만`), unless a particle (`20에`) or the number is joined
  /// with letters before it (`G20정상회의`) — and Latin (or other) letters before or after it
  /// (`g20`, `h100`, `5g`, `100km`). Without it `15대 총선` is the
  /// common terms `15`, `대`, `총선`, and a question's date (`5월 6일`) matches every passage with
  /// a 5 and a 6. Default: true (measured: korquad1_wiki nDCG@10 +0.0028, without spaces
  /// +0.0046, korquad1 +0.0022, all p < 0.01; see README).
  bool number_compounds = true;
  /// Terms longer than this many bytes are dropped (Xapian's limit is 245). Default: 64.
  std::uint32_t max_term_bytes = 64;
};

/// An immutable analysis pipeline: ICU NFKC_Casefold normalization with an offset map →
/// split into script runs (Hangul, Han/Kana, other letters, digits) → Hangul character
/// bigrams, whole words for other letters and numbers, a number joined with its counter or letters
/// (`15대`, `g20`).
///
/// Thread safety: all member functions are const and safe to call concurrently; copies share
/// the same immutable state.
class Analyzer {
 public:
  /// Builds the default Korean bigram analyzer ("ko-bigram").
  /// Throws InternalError if ICU's normalization data cannot be loaded.
  explicit Analyzer(const AnalyzerOptions& options = {});

  /// Looks an analyzer up by name; see `analyzer_names()`. Throws InvalidArgument on an unknown
  /// name (the message lists the valid ones).
  static Analyzer by_name(std::string_view name);

  /// Tokens of `utf8`. Invalid UTF-8 bytes never throw: each becomes U+FFFD, a separator, so
  /// the text around it is still indexed and offsets stay exact.
  std::vector<Token> analyze(std::string_view utf8) const;
  /// Same, into a caller-provided buffer (cleared first) to avoid reallocation in loops.
  void analyze(std::string_view utf8, std::vector<Token>& out) const;

  /// Normalizes `utf8` exactly as `analyze` does (NFKC_Casefold), for display and tests.
  std::string normalize(std::string_view utf8) const;

  /// Registry name, e.g. "ko-bigram".
  const std::string& name() const noexcept;
  /// Version of the analysis rules; bumped whenever the same text would give other terms.
  std::uint32_t version() const noexcept;
  /// Name, version and options in one string, stored in the index metadata: the searcher
  /// refuses an index whose signature differs from its analyzer's.
  std::string signature() const;
  /// Human-readable chain, e.g. "nfkc_casefold | script_runs | hangul_bigram".
  std::string describe() const;
  const AnalyzerOptions& options() const noexcept;

  ~Analyzer();
  Analyzer(const Analyzer&);
  Analyzer& operator=(const Analyzer&);
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  struct Impl;

 private:
  Analyzer(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

/// The analyzer of a new index, and of `Analyzer(const AnalyzerOptions&)`.
inline constexpr std::string_view kDefaultAnalyzer = "ko-bigram";

/// Names accepted by `Analyzer::by_name`, from its one registry table (the default first).
std::vector<std::string> analyzer_names();

}  // namespace kosearch
