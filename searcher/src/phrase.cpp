#include "phrase.hpp"

#include <algorithm>
#include <cctype>

#include "kosearch/core/utf8.hpp"
#include "text_search.hpp"

namespace kosearch::detail {

namespace {

// Run kinds whose neighbours of the same kind the analyzer separates only at a space.
enum class RunKind : unsigned char { kNone, kHangul, kIdeograph, kWord, kNumber };

RunKind run_kind(TokenKind k) {
  switch (k) {
    case TokenKind::kHangulBigram:
    case TokenKind::kHangulUnigram: return RunKind::kHangul;
    case TokenKind::kIdeograph: return RunKind::kIdeograph;
    case TokenKind::kWord: return RunKind::kWord;
    case TokenKind::kNumber: return RunKind::kNumber;
    default: return RunKind::kNone;  // cross bigrams and compounds span two runs
  }
}

bool is_word_kind(RunKind k) { return k == RunKind::kWord || k == RunKind::kNumber; }

// Start of the code point that ends before byte `at` of `s` (at > 0).
std::size_t previous_code_point(std::string_view s, std::size_t at) {
  std::size_t p = at - 1;
  while (p > 0 && (static_cast<unsigned char>(s[p]) & 0xC0) == 0x80 && at - p < 4) --p;
  return p;
}

}  // namespace

Phrase::Phrase(const Analyzer& analyzer, std::string_view typed) : analyzer_(&analyzer) {
  const std::string text = analyzer.normalize(typed);
  const std::vector<Token> tokens = analyzer.analyze(text);
  // Per byte of `text`: the run it belongs to (-1: none) and that run's kind.
  std::vector<long> run_of(text.size(), -1);
  std::vector<RunKind> kind_of(text.size(), RunKind::kNone);
  for (const Token& t : tokens) {
    const RunKind k = run_kind(t.kind);
    if (k == RunKind::kNone) continue;
    for (std::size_t b = t.begin; b < t.end && b < text.size(); ++b) {
      run_of[b] = static_cast<long>(t.run);
      kind_of[b] = k;
    }
  }
  // Walk the code points; whitespace and run changes decide where segments end.
  const bool cross = analyzer.options().cross_space_bigrams;
  std::size_t prev = std::string_view::npos;  // byte offset of the previous non-space code point
  bool space_before = false;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t start = at;
    (void)utf8::decode(text, at);
    if (is_ascii_space(text[start])) {
      space_before = prev != std::string_view::npos;
      continue;
    }
    const std::string_view cp(text.data() + start, at - start);
    if (prev == std::string_view::npos) {
      segments_.emplace_back(cp);
      word_at_start_ = is_word_kind(kind_of[start]);
    } else {
      const bool same_run = run_of[prev] >= 0 && run_of[prev] == run_of[start];
      // Letters or digits the analyzer left without a run (a word over its term limit) stay
      // together as typed.
      const bool both_plain = run_of[prev] < 0 && run_of[start] < 0 &&
                              std::isalnum(static_cast<unsigned char>(text[prev])) &&
                              std::isalnum(static_cast<unsigned char>(text[start]));
      Gap gap = Gap::kOptional;
      if (!space_before && (same_run || both_plain)) {
        // Inside a Hangul word the text may have spaces where the phrase has none: the index
        // has the bigram across them (`알렉산더왕` / `알렉산더 왕`), not across a line break.
        gap = same_run && cross && kind_of[start] == RunKind::kHangul ? Gap::kSpaces : Gap::kNone;
      } else if (space_before && is_word_kind(kind_of[prev]) && kind_of[prev] == kind_of[start]) {
        gap = Gap::kRequired;  // `scale ai` is not `scaleai`
      }
      if (space_before) normalized_.push_back(' ');
      if (gap == Gap::kNone) {
        segments_.back().append(cp);
      } else {
        gaps_.push_back(gap);
        segments_.emplace_back(cp);
      }
    }
    normalized_.append(cp);
    word_at_end_ = is_word_kind(kind_of[start]);
    prev = start;
    space_before = false;
  }
  // Terms the passage must have: not one-character runs (Hangul or Han), since a space the text
  // leaves out makes them part of a longer run (`그 후` / `그후`), unless there is nothing else.
  const std::size_t first = text.find_first_not_of(" \t\n\r\f\v");
  const std::size_t last = text.find_last_not_of(" \t\n\r\f\v");
  std::vector<std::string> single;
  for (const Token& t : tokens) {
    if (run_kind(t.kind) == RunKind::kNone) continue;
    const bool one_character = t.kind == TokenKind::kHangulUnigram ||
                               (t.kind == TokenKind::kIdeograph && utf8::length(t.term) == 1);
    auto& into = one_character ? single : required_terms_;
    if (std::find(into.begin(), into.end(), t.term) == into.end()) into.push_back(t.term);
  }
  if (required_terms_.empty()) required_terms_ = std::move(single);
  // One token over the whole phrase: a Hangul bigram or unigram (a bigram across spaces is the
  // same term, and found_in() allows those spaces), or a Latin word. Not a number: `19600` is
  // also the term of `19,600`.
  if (tokens.size() == 1 && tokens[0].begin == first && tokens[0].end == last + 1 &&
      (tokens[0].kind == TokenKind::kHangulBigram || tokens[0].kind == TokenKind::kHangulUnigram ||
       tokens[0].kind == TokenKind::kWord)) {
    sole_term_ = tokens[0].term;
  }
}

// Whether the code points before and after byte `at` of `text` belong to one word or number
// (`openai`, `12`): the analyzer decides, as it did when indexing.
bool Phrase::joins_at(std::string_view text, std::size_t at) const {
  if (at == 0 || at >= text.size()) return false;
  const std::size_t p = previous_code_point(text, at);
  std::size_t next = at;
  (void)utf8::decode(text, next);
  for (const Token& t : analyzer_->analyze(text.substr(p, next - p))) {
    if (is_word_kind(run_kind(t.kind)) && t.begin == 0 && t.end == next - p) return true;
  }
  return false;
}

bool Phrase::found_in(std::string_view text) const {
  if (segments_.empty()) return false;
  for (std::size_t at = find_in(text, segments_[0]); at != std::string_view::npos;
       at = find_in(text, segments_[0], at + 1)) {
    if (word_at_start_ && joins_at(text, at)) continue;
    std::size_t end = at + segments_[0].size();
    bool ok = true;
    for (std::size_t s = 1; ok && s < segments_.size(); ++s) {
      std::size_t spaces = 0;
      const Gap gap = gaps_[s - 1];
      while (end < text.size() && (gap == Gap::kSpaces ? text[end] == ' ' || text[end] == '\t' : is_ascii_space(text[end]))) {
        ++end, ++spaces;
      }
      ok = (gap != Gap::kRequired || spaces > 0) && text.compare(end, segments_[s].size(), segments_[s]) == 0;
      end += segments_[s].size();
    }
    if (ok && !(word_at_end_ && joins_at(text, end))) return true;
  }
  return false;
}

}  // namespace kosearch::detail
