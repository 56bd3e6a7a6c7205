#include "suggest_terms.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <unordered_set>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/endings.hpp"
#include "kosearch/korean/function_words.hpp"
#include "kosearch/korean/particles.hpp"
#include "schema.hpp"

namespace kosearch::detail {

namespace {

using korean::kFunctionWords;
using korean::kNounsInUi;
using korean::kPredicateEndings;
using korean::kRiskyParticles;
using korean::kSafeParticles;

bool predicate_like(std::string_view w) {
  if (std::find(kFunctionWords.begin(), kFunctionWords.end(), w) != kFunctionWords.end()) return true;
  return std::any_of(kPredicateEndings.begin(), kPredicateEndings.end(), [&](std::string_view e) {
    return w.size() >= e.size() && w.compare(w.size() - e.size(), e.size(), e) == 0;
  });
}

constexpr std::size_t kMaxWordBytes = 60;   // longer words are no completion anyone types
constexpr std::size_t kTitleWords = 16;     // per article
constexpr std::size_t kTitlePhrases = 4;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Hangul syllables at the end of `s` (3 UTF-8 bytes each).
std::size_t trailing_syllables(std::string_view s) {
  std::size_t n = 0;
  while (s.size() >= 3 * (n + 1)) {
    std::size_t pos = s.size() - 3 * (n + 1);
    const char32_t c = utf8::decode(s, pos);
    if (c < 0xAC00 || c > 0xD7A3) break;
    ++n;
  }
  return n;
}

bool is_hangul_start(std::string_view s) {
  std::size_t pos = 0;
  const char32_t c = s.empty() ? 0 : utf8::decode(s, pos);
  return c >= 0xAC00 && c <= 0xD7A3;
}

// Worth suggesting: two or more syllables or letters, not too long, starting with a letter.
bool suggestible(std::string_view w) {
  if (w.size() > kMaxWordBytes || w.empty()) return false;
  // `왕은`, `것을`: a one-syllable noun and its particle (those that seldom end a noun).
  if (w.size() == 6 && trailing_syllables(w) == 2 && std::string_view("은는를에").find(w.substr(3)) != std::string_view::npos) {
    return false;
  }
  if (is_hangul_start(w)) return w.size() >= 6;
  const auto c = static_cast<unsigned char>(w[0]);
  if (c >= '0' && c <= '9') return false;
  return w.size() >= 2;
}

void add_term(Xapian::Document& doc, std::string_view prefix, std::string_view word) {
  std::string term(prefix);
  term += word;
  doc.add_boolean_term(term);
}

}  // namespace

std::vector<RawWord> words_of(const std::vector<Token>& tokens, std::string_view text,
                              std::vector<bool>* space_before) {
  struct Run {
    std::string text;
    std::uint32_t begin, end, eojeol, id;
    bool hangul;
    bool number;
  };
  std::vector<Run> runs;
  for (const Token& t : tokens) {
    const bool hangul = t.kind == TokenKind::kHangulBigram || t.kind == TokenKind::kHangulUnigram;
    if (!hangul && t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber) continue;
    if (hangul && !runs.empty() && runs.back().hangul && runs.back().id == t.run) {
      // The next bigram of the run: its last syllable extends the run's text.
      std::size_t pos = 0, last = 0;
      while (pos < t.term.size()) {
        last = pos;
        utf8::decode(t.term, pos);
      }
      runs.back().text.append(t.term, last);
      runs.back().end = t.end;
      continue;
    }
    runs.push_back(Run{t.term, t.begin, t.end, t.eojeol, t.run, hangul, t.kind == TokenKind::kNumber});
  }
  std::vector<RawWord> out;
  if (space_before) space_before->clear();
  std::uint32_t previous_end = 0;
  for (std::size_t i = 0; i < runs.size();) {
    std::size_t j = i + 1;
    while (j < runs.size() && runs[j].begin == runs[j - 1].end && runs[j].eojeol == runs[i].eojeol) ++j;
    if (!runs[i].number) {
      RawWord w;
      for (std::size_t r = i; r < j; ++r) {
        w.text += runs[r].text;
        if (j - i > 1 && !runs[r].number) w.parts.push_back(runs[r].text);
      }
      if (space_before) {
        bool spaces = !out.empty() && runs[i].begin > previous_end && runs[i].begin <= text.size();
        for (std::uint32_t b = previous_end; spaces && b < runs[i].begin; ++b) spaces = text[b] == ' ';
        space_before->push_back(spaces);
      }
      out.push_back(std::move(w));
      previous_end = runs[j - 1].end;
    } else {
      previous_end = 0;  // a number between: no phrase across it
    }
    i = j;
  }
  return out;
}

std::string strip_particle(std::string_view word, const std::unordered_map<std::string, std::uint32_t>& known) {
  // The stem keeps two or more characters (`스케일ai의` → `스케일ai`), of which two or more
  // syllables when it is Hangul at its end (`나이` stays).
  const std::size_t syllables = trailing_syllables(word);
  const std::size_t length = utf8::length(word);
  auto stem_ok = [&](std::string_view p) {
    const std::size_t n = p.size() / 3;
    if (!ends_with(word, p) || syllables < n) return false;
    const std::size_t rest = syllables - n;  // the stem's own trailing syllables
    return rest >= 2 || (rest == 0 && length >= n + 2);
  };
  for (std::string_view p : kSafeParticles) {
    if (stem_ok(p)) return std::string(word.substr(0, word.size() - p.size()));
  }
  // `의` ends few nouns of three or more syllables but those ending in these (`민주주의`, `국무회의`).
  if (stem_ok("의") && word.size() >= 6 &&
      std::find(kNounsInUi.begin(), kNounsInUi.end(), word.substr(word.size() - 6)) == kNounsInUi.end()) {
    return std::string(word.substr(0, word.size() - 3));
  }
  for (std::string_view p : kRiskyParticles) {
    if (!stem_ok(p)) continue;
    // The article also has the stem bare or with another particle (`대통령이` beside
    // `대통령은`, `스케일이` beside `스케일의`).
    const std::string stem(word.substr(0, word.size() - p.size()));
    bool attested = known.count(stem) > 0;
    for (const std::span<const std::string_view> list :
         {std::span<const std::string_view>(kSafeParticles), std::span<const std::string_view>(kRiskyParticles)}) {
      for (std::size_t k = 0; !attested && k < list.size(); ++k) {
        attested = list[k] != p && known.count(stem + std::string(list[k])) > 0;
      }
    }
    return attested ? stem : std::string(word);
  }
  return std::string(word);
}

SuggestTerms::SuggestTerms(const Analyzer& analyzer, std::string_view title) {
  title_words_ = words_of(analyzer.analyze(title), title, &title_spaces_);
}

void SuggestTerms::add(std::string_view text, const std::vector<Token>& tokens, Xapian::Document& doc,
                       bool last_passage) {
  for (RawWord& w : words_of(tokens, text)) {
    auto [it, inserted] = body_.try_emplace(std::move(w.text), Seen{0, order_});
    ++it->second.count;
    order_ += inserted ? 1 : 0;
    for (std::string& part : w.parts) {
      auto [pit, pinserted] = body_.try_emplace(std::move(part), Seen{0, order_});
      ++pit->second.count;
      order_ += pinserted ? 1 : 0;
    }
  }
  if (!last_passage) return;

  // Every raw word of the article, for strip_particle's evidence.
  std::unordered_map<std::string, std::uint32_t> known;
  known.reserve(body_.size() + title_words_.size());
  for (const auto& [w, seen] : body_) known.emplace(w, seen.count);
  for (const RawWord& w : title_words_) known.emplace(w.text, 1);

  std::unordered_set<std::string> title;
  auto add_title = [&](std::string word) {
    if (title.size() < kTitleWords + kTitlePhrases && suggestible(word)) title.insert(std::move(word));
  };
  std::size_t phrases = 0;
  for (std::size_t i = 0; i < title_words_.size(); ++i) {
    const RawWord& w = title_words_[i];
    add_title(strip_particle(w.text, known));
    for (const std::string& part : w.parts) add_title(strip_particle(part, known));
    if (i > 0 && title_spaces_[i] && phrases < kTitlePhrases) {
      std::string phrase = title_words_[i - 1].text + " " + strip_particle(w.text, known);
      if (suggestible(title_words_[i - 1].text) && suggestible(phrase)) {
        ++phrases;
        add_title(std::move(phrase));
      }
    }
  }

  // Body words by stem: counts of `지분을`, `지분의`, `지분` add up.
  std::unordered_map<std::string, Seen> stems;
  for (const auto& [w, seen] : body_) {
    std::string stem = strip_particle(w, known);
    if (!suggestible(stem) || title.count(stem) || predicate_like(stem)) continue;
    auto [it, inserted] = stems.try_emplace(std::move(stem), seen);
    if (!inserted) {
      it->second.count += seen.count;
      it->second.first = std::min(it->second.first, seen.first);
    }
  }
  std::vector<std::pair<std::string, Seen>> ranked(stems.begin(), stems.end());
  const std::size_t keep = std::min(ranked.size(), kBodyWords);
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
                    [](const auto& a, const auto& b) {
                      return a.second.count != b.second.count ? a.second.count > b.second.count
                                                              : a.second.first < b.second.first;
                    });
  // A title word is a T term only (the suggester adds the W and T counts): one term, not two.
  for (std::size_t i = 0; i < keep; ++i) add_term(doc, schema::kPrefixSuggestWord, ranked[i].first);
  for (const std::string& w : title) add_term(doc, schema::kPrefixSuggestTitle, w);
}

}  // namespace kosearch::detail
