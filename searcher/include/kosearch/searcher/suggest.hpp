#pragma once
/// @file Completions of a typed prefix, drawn from an index (`Searcher::suggest`).

#include <cstdint>
#include <string>
#include <vector>

namespace kosearch {

/// One completion: a word or short phrase of the index's titles and texts, normalized like the
/// index (NFKC, case folded: `스케일ai`).
struct Suggestion {
  std::string text;
  /// Articles holding it (a title word, or one of the words an article uses most).
  std::uint64_t count = 0;
};

/// The completions of a prefix, best first: by `count`, then by how many titles hold them.
struct Suggestions {
  std::string prefix;  ///< as given
  std::vector<Suggestion> suggestions;
  /// The Hangul the prefix spells when typed with the keyboard in the English layout
  /// (`tmzpdl` → `스케이`), when the suggestions came from that reading; empty otherwise.
  std::string reading;
  /// Why there are no suggestions when that is not the prefix's fault, e.g. an index built
  /// before suggestions existed ("rebuild it"); empty otherwise.
  std::string warning;
};

}  // namespace kosearch
