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
    prev = start;
    space_before = false;
  }
  // Terms the passage must have: not one-character runs (Hangul or Han), since a space the text
  // leaves out makes them part of a longer run (`그 후` / `그후`), unless there is nothing else.
  std::vector<std::string> single;
  for (const Token& t : tokens) {
    if (run_kind(t.kind) == RunKind::kNone) continue;
    const bool one_character = t.kind == TokenKind::kHangulUnigram ||
                               (t.kind == TokenKind::kIdeograph && utf8::length(t.term) == 1);
    auto& into = one_character ? single : required_terms_;
    if (std::find(into.begin(), into.end(), t.term) == into.end()) into.push_back(t.term);
  }
  if (required_terms_.empty()) required_terms_ = std::move(single);
  // A phrase that is exactly one term's text (no combining mark or punctuation beside it): a
  // Hangul bigram or unigram (a bigram across spaces is the same term, and found_in() allows
  // those spaces), or a Latin word. Not a number: `19600` is also the term of `19,600`.
  if (tokens.size() == 1 && tokens[0].term == normalized_ &&
      (tokens[0].kind == TokenKind::kHangulBigram || tokens[0].kind == TokenKind::kHangulUnigram ||
       tokens[0].kind == TokenKind::kWord)) {
    sole_term_ = tokens[0].term;
  }
}

// Whether the index terms of the words around text[at, end) — from the whitespace before `at` to
// the whitespace after `end` — include every required term. The analyzer's runs never cross
// whitespace (a bigram across a space is no required term), so these are the passage's own terms
// there: a passage the check accepts is one Xapian's filter on the required terms keeps. It also
// tells a phrase's Latin word or number from a piece of a longer one (`"AI"` in `OpenAI`: the
// term is `openai`; `"650"` in `1650억`).
bool Phrase::terms_around(std::string_view text, std::size_t at, std::size_t end) const {
  std::size_t from = at;
  while (from > 0 && !is_ascii_space(text[from - 1])) --from;
  while (end < text.size() && !is_ascii_space(text[end])) ++end;
  const std::vector<Token> tokens = analyzer_->analyze(text.substr(from, end - from));
  return std::all_of(required_terms_.begin(), required_terms_.end(), [&](const std::string& term) {
    return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return t.term == term; });
  });
}

bool Phrase::found_in(std::string_view text) const {
  if (segments_.empty()) return false;
  for (std::size_t at = find_in(text, segments_[0]); at != std::string_view::npos;
       at = find_in(text, segments_[0], at + 1)) {
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
    if (ok && terms_around(text, at, end)) return true;
  }
  return false;
}

}  // namespace kosearch::detail
