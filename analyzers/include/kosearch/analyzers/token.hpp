#pragma once
/// @file The token: what a piece of text becomes in the index.

#include <cstdint>
#include <string>

namespace kosearch {

/// What produced a token. The query builder weights and groups tokens by kind.
enum class TokenKind : std::uint8_t {
  kHangulBigram = 0,   ///< two adjacent Hangul syllables of one run
  kHangulUnigram = 1,  ///< a Hangul run of one syllable
  kWord = 2,           ///< a run of letters of another script (Latin, Cyrillic, ...), case-folded
  kNumber = 3,         ///< a run of digits (with inner '.' kept, thousands ',' dropped)
  kIdeograph = 4,      ///< Han/Kana character bigram (or unigram for a run of one)
  kCrossBigram = 5,    ///< last and first syllable of two Hangul words separated by spaces
  kCompound = 6,       ///< a number joined with its counter or letters (`15대`, `2009년`, `g20`)
};

/// Printable name of a token kind ("bigram", "unigram", "word", "number", "cjk", "cross", "compound").
const char* token_kind_name(TokenKind kind) noexcept;

/// One indexed term with where it came from.
///
/// `begin`/`end` are byte offsets into the ORIGINAL input (before normalization), so a
/// highlighter can mark the exact source bytes. `run` numbers the script run the token came
/// from (a maximal span of one script with no separator in between): `스케일AI의` has the three
/// runs `스케일`, `ai`, `의`. `eojeol` numbers the whitespace-or-punctuation separated word the
/// run belongs to, so the query builder knows `스케일AI의` is one word of three runs.
struct Token {
  std::string term;
  std::uint32_t position = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::uint32_t run = 0;
  std::uint32_t eojeol = 0;
  TokenKind kind = TokenKind::kWord;

  friend bool operator==(const Token&, const Token&) = default;
};

}  // namespace kosearch
