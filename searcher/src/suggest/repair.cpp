#include "repair.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/hangul.hpp"
#include "suggester.hpp"
#include "typing.hpp"

namespace kosearch::detail {

using korean::kVowels;
using korean::kFinals;
using korean::compose;

namespace {

// How much more often the Hangul reading's rarest n-gram must occur than the Latin word itself.
constexpr std::uint64_t kLayoutMargin = 20;
constexpr std::size_t kMaxRepairBytes = 512;

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const std::size_t b = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > b) out.push_back(text.substr(b, i - b));
  }
  return out;
}

// Passages holding the rarest of `text`'s terms (0: some term is in no passage, or none).
std::uint64_t evidence(const Xapian::Database& db, const Analyzer& analyzer, std::string_view text) {
  std::uint64_t least = std::numeric_limits<std::uint64_t>::max();
  for (const Token& t : analyzer.analyze(text)) {
    if (t.kind == TokenKind::kCrossBigram) continue;
    least = std::min<std::uint64_t>(least, db.get_termfreq(t.term));
  }
  return least == std::numeric_limits<std::uint64_t>::max() ? 0 : least;
}

// The English-layout reading of an ASCII query, when every word of it reads as whole syllables
// found in the index, far more often than the Latin word itself (`scale`, `meta` stay: their
// readings are no syllables, ㄴ챠ㅣㄷ).
std::string layout_reading(const Xapian::Database& db, const Analyzer& analyzer, std::string_view query) {
  if (!looks_like_layout_typing(query)) return {};
  std::string out;
  std::size_t syllables = 0;
  for (std::string_view word : split_spaces(query)) {
    if (!out.empty()) out += ' ';
    const bool letters = std::any_of(word.begin(), word.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    });
    if (!letters) {
      out += word;
      continue;
    }
    bool complete = false;
    const std::string hangul = layout_to_hangul(word, &complete);
    if (!complete) return {};
    syllables += utf8::length(hangul);
    const std::uint64_t as_hangul = evidence(db, analyzer, hangul);
    const std::uint64_t as_latin = evidence(db, analyzer, word);
    if (as_hangul == 0 || as_hangul < kLayoutMargin * as_latin) return {};
    out += hangul;
  }
  return syllables >= 2 ? out : std::string();
}

// A word of two or more initial consonants only (`ㅅㅋㅇ`), as initial indexes; empty if not.
std::vector<int> initials_of(std::string_view word) {
  std::vector<int> out;
  for (std::size_t pos = 0; pos < word.size();) {
    const int initial = jamo_initial(utf8::decode(word, pos));
    if (initial < 0) return {};
    out.push_back(initial);
  }
  return out.size() >= 2 ? out : std::vector<int>();
}

// The index words of exactly those initials, best first.
std::vector<std::string> words_of_initials(const Xapian::Database& db, const std::vector<int>& initials) {
  Pattern p;
  for (const int i : initials) p.push_back({compose(i, 0, 0), compose(i, kVowels - 1, kFinals - 1)});
  p.push_back({kEndOfWord, kEndOfWord});
  std::vector<std::string> out;
  for (Suggestion& s : complete(db, {p}, 50)) {
    if (utf8::length(s.text) != initials.size()) continue;
    out.push_back(std::move(s.text));
    if (out.size() >= kInitialsExpansion) break;
  }
  return out;
}

}  // namespace

Repair repair_query(const Xapian::Database& db, const Analyzer& analyzer, std::string_view query) noexcept {
  Repair out;
  if (query.size() > kMaxRepairBytes) return out;
  try {
    if (std::string reading = layout_reading(db, analyzer, query); !reading.empty()) {
      out.query = std::move(reading);
      out.reason = "english_layout";
      return out;
    }
    std::string rewritten;
    bool changed = false;
    for (std::string_view word : split_spaces(query)) {
      if (!rewritten.empty()) rewritten += ' ';
      const std::vector<int> initials = initials_of(word);
      const std::vector<std::string> words = initials.empty() ? std::vector<std::string>() : words_of_initials(db, initials);
      if (words.empty()) {
        rewritten += word;
        continue;
      }
      changed = true;
      for (std::size_t i = 0; i < words.size(); ++i) rewritten += (i ? " " : "") + words[i];
    }
    if (changed) {
      out.query = std::move(rewritten);
      out.reason = "initials";
    }
  } catch (...) {
    return {};  // best effort: the search reports an index error itself
  }
  return out;
}

}  // namespace kosearch::detail
