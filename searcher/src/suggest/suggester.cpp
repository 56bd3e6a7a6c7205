#include "suggester.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/hangul.hpp"
#include "kosearch/korean/particles.hpp"
#include "schema.hpp"
#include "typing.hpp"

namespace kosearch::detail {

using korean::kVowels;
using korean::kFinals;
using korean::is_syllable;
using korean::final_of;
using korean::initial_of;
using korean::vowel_of;
using korean::compose;

namespace {

// Longer prefixes match no stored word (words are at most 60 bytes, title phrases two words).
constexpr std::size_t kMaxPrefixBytes = 1024;
constexpr std::size_t kMaxPositions = 48;

CharRange exact(char32_t c) { return {c, c}; }
CharRange end_of_word() { return {kEndOfWord, kEndOfWord}; }
CharRange initial_range(int initial) { return {compose(initial, 0, 0), compose(initial, kVowels - 1, kFinals - 1)}; }

bool is_space(char32_t c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c < 0x20 || c == 0x7F || c == 0x3000; }

void append_utf8(std::string& out, const std::u32string& chars, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) utf8::append(out, chars[i]);
}

struct Candidate {
  std::string text;
  std::uint64_t count = 0;
  std::uint64_t titles = 0;
};

// Adds the terms with `prefix` (W or T) matching `pattern` to `out`; returns the terms visited.
std::uint32_t scan(const Xapian::Database& db, const std::string& prefix, const Pattern& pattern,
                   std::uint32_t budget, std::unordered_map<std::string, Candidate>& out) {
  std::string seek = prefix;
  utf8::append(seek, pattern.front().lo);
  Xapian::TermIterator it = db.allterms_begin(prefix);
  const Xapian::TermIterator end = db.allterms_end(prefix);
  it.skip_to(seek);
  std::uint32_t visits = 0;
  std::u32string chars;
  while (it != end && visits < budget) {
    ++visits;
    const std::string term = *it;
    const std::string_view word = std::string_view(term).substr(prefix.size());
    chars.clear();
    std::size_t pos = 0;
    bool matched = true;
    seek.clear();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i].hi == kEndOfWord) {
        if (pos >= word.size()) break;  // the word ends here: matched
        // Longer: jump over every word that extends this one.
        matched = false;
        seek = prefix;
        append_utf8(seek, chars, i - 1);
        utf8::append(seek, chars[i - 1] + 1);
        break;
      }
      if (pos >= word.size()) {  // shorter than the pattern: the next term may fit
        matched = false;
        break;
      }
      const char32_t c = utf8::decode(word, pos);
      if (c >= pattern[i].lo && c <= pattern[i].hi) {
        chars.push_back(c);
        continue;
      }
      matched = false;
      seek = prefix;
      if (c < pattern[i].lo) {  // jump to the first term with an allowed character here
        append_utf8(seek, chars, i);
        utf8::append(seek, pattern[i].lo);
      } else if (i == 0) {  // past every allowed first character: done
        return visits;
      } else {  // past this position's range: the next value of the position before
        append_utf8(seek, chars, i - 1);
        utf8::append(seek, chars[i - 1] + 1);
      }
      break;
    }
    if (matched) {
      Candidate& c = out[std::string(word)];
      const Xapian::doccount f = it.get_termfreq();
      c.count += f;
      if (prefix == schema::kPrefixSuggestTitle) c.titles += f;
    }
    if (seek.empty()) {
      ++it;
    } else {
      it.skip_to(seek);
    }
  }
  return visits;
}

}  // namespace

std::vector<Pattern> patterns_of(std::string_view normalized) {
  if (normalized.size() > kMaxPrefixBytes) return {};
  std::u32string units;
  for (std::size_t pos = 0; pos < normalized.size();) {
    char32_t c = utf8::decode(normalized, pos);
    if (is_space(c)) {
      if (units.empty() || units.back() == ' ') continue;
      c = ' ';
    }
    units.push_back(c);
  }
  if (units.empty() || units.size() > kMaxPositions) return {};
  Pattern base;
  for (std::size_t i = 0; i + 1 < units.size(); ++i) {
    const int initial = jamo_initial(units[i]);
    base.push_back(initial >= 0 ? initial_range(initial) : exact(units[i]));
  }
  const char32_t last = units.back();
  std::vector<Pattern> out;
  // Initial consonants only (`ㅅㅋㅇ`): the words of exactly those initials, as 초성 search is
  // used; which also keeps the scan to a few terms per first two syllables.
  if (units.size() >= 2 && std::all_of(units.begin(), units.end(), [](char32_t c) { return jamo_initial(c) >= 0; })) {
    base.push_back(initial_range(jamo_initial(last)));
    base.push_back(end_of_word());
    out.push_back(std::move(base));
    return out;
  }
  if (const int initial = jamo_initial(last); initial >= 0) {
    base.push_back(initial_range(initial));
    out.push_back(std::move(base));
  } else if (is_syllable(last)) {
    // The syllable may still grow: a compound vowel (과 → 관 via ㅘ), a final or a double one
    // (달 → 닭), or lose its final to the next syllable (스켕 → 스케일, 달 → 다리).
    const int ini = initial_of(last), vowel = vowel_of(last), fin = final_of(last);
    Pattern grown = base;
    if (fin == 0) {
      grown.push_back({compose(ini, vowel, 0), compose(ini, last_extension_of_vowel(vowel), kFinals - 1)});
    } else {
      grown.push_back({last, compose(ini, vowel, last_extension_of_final(fin))});
    }
    out.push_back(std::move(grown));
    if (const FinalSplit split = split_final(fin); split.moves >= 0) {
      base.push_back(exact(compose(ini, vowel, split.keep)));
      base.push_back(initial_range(split.moves));
      out.push_back(std::move(base));
    }
  } else if (last != ' ' || !base.empty()) {
    base.push_back(exact(last));
    out.push_back(std::move(base));
  }
  return out;
}

std::vector<Suggestion> complete(const Xapian::Database& db, const std::vector<Pattern>& patterns,
                                 std::uint32_t k, std::uint32_t max_visits) {
  std::vector<Suggestion> result;
  if (k == 0 || patterns.empty()) return result;
  // Title words are T terms, the words an article's text uses most W terms: a word's articles
  // are the two counts added.
  std::unordered_map<std::string, Candidate> by_text;
  std::uint32_t visits = 0;
  for (const std::string& prefix : {std::string(schema::kPrefixSuggestTitle), std::string(schema::kPrefixSuggestWord)}) {
    // The title words get half the visits at most, the text's words the rest.
    const std::uint32_t limit = prefix == schema::kPrefixSuggestTitle ? max_visits / 2 : max_visits;
    for (const Pattern& p : patterns) {
      if (p.empty() || visits >= limit) continue;
      visits += scan(db, prefix, p, limit - visits, by_text);
    }
  }
  // `대한민국의` beside `대한민국`: the form with a particle adds nothing to the list.
  std::vector<Candidate> found;
  found.reserve(by_text.size());
  for (auto& [text, c] : by_text) {
    bool form_of_another = false;
    for (std::string_view p : korean::kSuggestParticles) {
      if (text.size() > p.size() + 3 && text.compare(text.size() - p.size(), p.size(), p) == 0 &&
          by_text.count(text.substr(0, text.size() - p.size())) > 0) {
        form_of_another = true;
        break;
      }
    }
    if (!form_of_another) found.push_back({text, c.count, c.titles});
  }
  const auto cut = found.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(k, found.size()));
  std::partial_sort(found.begin(), cut, found.end(), [](const Candidate& a, const Candidate& b) {
    if (a.count != b.count) return a.count > b.count;
    if (a.titles != b.titles) return a.titles > b.titles;
    if (a.text.size() != b.text.size()) return a.text.size() < b.text.size();
    return a.text < b.text;
  });
  for (std::size_t i = 0; i < found.size() && result.size() < k; ++i) {
    result.push_back({std::move(found[i].text), found[i].count});
  }
  return result;
}

bool has_suggestions(const Xapian::Database& db) {
  const std::string v = db.get_metadata(std::string(schema::kMetaSchema));
  int version = 0;
  std::from_chars(v.data(), v.data() + v.size(), version);
  return version >= schema::kSchemaSuggestionsSince && db.get_metadata(std::string(schema::kMetaSuggest)) != "0";
}

Suggestions suggest(const Xapian::Database& db, const Analyzer& analyzer, std::string_view prefix,
                    std::uint32_t k, const std::string& index_name) {
  Suggestions out;
  out.prefix = std::string(prefix);
  if (db.get_metadata(std::string(schema::kMetaSuggest)) == "0") {
    out.warning = "index " + index_name + " was built without suggestion terms (--no-suggest): rebuild it "
                  "without that flag to get suggestions: `kosearch index --rebuild --index " + index_name +
                  " INPUT...`";
    return out;
  }
  if (!has_suggestions(db) && db.get_doccount() > 0) {
    out.warning = "index " + index_name +
                  " was built before suggestions existed (schema version " +
                  db.get_metadata(std::string(schema::kMetaSchema)) + "): rebuild it to get "
                  "suggestions: `kosearch index --rebuild --index " + index_name + " INPUT...`";
    return out;
  }
  if (prefix.size() > kMaxPrefixBytes || k == 0) return out;
  out.suggestions = complete(db, patterns_of(analyzer.normalize(prefix)), k);
  // Hangul typed with the keyboard in the English layout: the Latin reading first (`scal` is
  // `scale`), the Hangul one fills the rest.
  if (out.suggestions.size() < k && looks_like_layout_typing(prefix)) {
    const std::string reading = layout_to_hangul(prefix);
    std::vector<Suggestion> more = complete(db, patterns_of(analyzer.normalize(reading)), k);
    std::unordered_set<std::string> have;
    for (const Suggestion& s : out.suggestions) have.insert(s.text);
    for (Suggestion& s : more) {
      if (out.suggestions.size() >= k) break;
      if (have.insert(s.text).second) {
        out.suggestions.push_back(std::move(s));
        out.reading = reading;
      }
    }
  }
  return out;
}

}  // namespace kosearch::detail
