#include "suggest_terms.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <span>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/endings.hpp"
#include "kosearch/korean/function_words.hpp"
#include "kosearch/korean/hangul.hpp"
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

// Hot: called for every word of every article with each particle; the last byte rejects most.
bool ends_with(std::string_view s, std::string_view suffix) {
  return suffix.empty() || (s.size() >= suffix.size() && s.back() == suffix.back() &&
                            s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0);
}

// Whether s[i, i + 3) is a precomposed Hangul syllable, read in place (hot: no UTF-8 decoder).
bool is_syllable_at(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  if (b0 < 0xEA || b0 > 0xED || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return false;
  return korean::is_syllable(static_cast<char32_t>(((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (b2 & 0x3F)));
}

// Hangul syllables at the end of `s` (3 UTF-8 bytes each).
std::size_t trailing_syllables(std::string_view s) {
  std::size_t n = 0;
  while (s.size() >= 3 * (n + 1) && is_syllable_at(s, s.size() - 3 * (n + 1))) ++n;
  return n;
}

bool is_hangul_start(std::string_view s) {
  std::size_t pos = 0;
  return !s.empty() && korean::is_syllable(utf8::decode(s, pos));
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

namespace {

// The words of an analyzed text, in order (Hangul and Latin words; numbers and Han are left out,
// a word starting with a digit too): `visit(word, parts, space_before)` for each, `parts` the
// runs it is made of when more than one, `space_before` whether it follows the word before
// across spaces only (the two make a phrase). The views live until `visit` returns.
template <typename Visit>
void for_each_word(const std::vector<Token>& tokens, std::string_view text, const Visit& visit) {
  // A run: the terms of one script run of an eojeol, its text `arena[at, at + size)`; a word
  // is runs that touch within an eojeol, so its text is one slice of the arena too.
  struct Run {
    std::uint32_t at, size, begin, end, eojeol, id;
    bool hangul, number;
  };
  // Written in place (hot: several hundred tokens per passage); no token adds more than its term.
  std::size_t bound = 0;
  for (const Token& t : tokens) bound += t.term.size();
  std::string arena(bound, '\0');
  char* const out = arena.data();
  std::uint32_t used = 0;
  std::vector<Run> runs;
  runs.reserve(tokens.size() / 2 + 1);
  for (const Token& t : tokens) {
    const bool hangul = t.kind == TokenKind::kHangulBigram || t.kind == TokenKind::kHangulUnigram;
    if (!hangul && t.kind != TokenKind::kWord && t.kind != TokenKind::kNumber) continue;
    if (hangul && !runs.empty() && runs.back().hangul && runs.back().id == t.run && t.term.size() >= 3) {
      // The next bigram of the run: its last character (Hangul: 3 UTF-8 bytes) extends the run.
      const char* last = t.term.data() + t.term.size() - 3;
      out[used] = last[0];
      out[used + 1] = last[1];
      out[used + 2] = last[2];
      used += 3;
      runs.back().size += 3;
      runs.back().end = t.end;
      continue;
    }
    const auto size = static_cast<std::uint32_t>(t.term.size());
    runs.push_back(Run{used, size, t.begin, t.end, t.eojeol, t.run, hangul, t.kind == TokenKind::kNumber});
    std::memcpy(out + used, t.term.data(), size);
    used += size;
  }
  const std::string_view all(arena);
  std::vector<std::string_view> parts;
  std::uint32_t previous_end = 0;
  bool any = false;
  for (std::size_t i = 0; i < runs.size();) {
    std::size_t j = i + 1;
    while (j < runs.size() && runs[j].begin == runs[j - 1].end && runs[j].eojeol == runs[i].eojeol) ++j;
    if (!runs[i].number) {
      parts.clear();
      if (j - i > 1) {
        for (std::size_t r = i; r < j; ++r) {
          if (!runs[r].number) parts.push_back(all.substr(runs[r].at, runs[r].size));
        }
      }
      bool spaces = any && runs[i].begin > previous_end && runs[i].begin <= text.size();
      for (std::uint32_t b = previous_end; spaces && b < runs[i].begin; ++b) spaces = text[b] == ' ';
      visit(all.substr(runs[i].at, runs[j - 1].at + runs[j - 1].size - runs[i].at),
            std::span<const std::string_view>(parts), spaces);
      any = true;
      previous_end = runs[j - 1].end;
    } else {
      previous_end = 0;  // a number between: no phrase across it
    }
    i = j;
  }
}

}  // namespace

std::vector<RawWord> words_of(const std::vector<Token>& tokens, std::string_view text,
                              std::vector<bool>* space_before) {
  std::vector<RawWord> out;
  if (space_before) space_before->clear();
  for_each_word(tokens, text, [&](std::string_view word, std::span<const std::string_view> parts, bool spaces) {
    out.push_back(RawWord{std::string(word), std::vector<std::string>(parts.begin(), parts.end())});
    if (space_before) space_before->push_back(spaces);
  });
  return out;
}

namespace {

// Every particle strip_particle knows, in one list: bit 1 + i of ParticleEvidence stands for
// kAllParticles[i] (the safe ones first).
constexpr std::size_t kParticleCount = kSafeParticles.size() + kRiskyParticles.size();
static_assert(kParticleCount + 1 <= 64, "ParticleEvidence keeps one bit per particle");
constexpr std::array<std::string_view, kParticleCount> kAllParticles = [] {
  std::array<std::string_view, kParticleCount> all{};
  std::size_t i = 0;
  for (std::string_view p : kSafeParticles) all[i++] = p;
  for (std::string_view p : kRiskyParticles) all[i++] = p;
  return all;
}();

// Which particles end in each Hangul syllable: bitmaps of kAllParticles indexed by syllable
// (korean::kSyllableBase + i); what form_of reads instead of testing every particle against each word.
constexpr char32_t decode3(std::string_view s) {  // a 3-byte UTF-8 character
  return static_cast<char32_t>(((static_cast<unsigned char>(s[0]) & 0x0F) << 12) |
                               ((static_cast<unsigned char>(s[1]) & 0x3F) << 6) |
                               (static_cast<unsigned char>(s[2]) & 0x3F));
}
constexpr std::size_t kSyllables = korean::kInitials * korean::kVowels * korean::kFinals;
struct ParticlesBySyllable {
  std::array<std::uint8_t, kSyllables> slot{};  // 0: no particle ends in it, else 1 + index into `ending`
  std::array<std::uint64_t, kParticleCount + 1> ending{};
};
constexpr ParticlesBySyllable kParticlesBySyllable = [] {
  ParticlesBySyllable table;
  std::uint8_t used = 0;
  for (std::size_t i = 0; i < kParticleCount; ++i) {
    const std::string_view p = kAllParticles[i];
    const std::size_t s = decode3(p.substr(p.size() - 3)) - korean::kSyllableBase;
    if (table.slot[s] == 0) table.slot[s] = ++used;
    table.ending[table.slot[s]] |= std::uint64_t{1} << i;
  }
  return table;
}();

// The precomposed Hangul syllable ending `s`, read in place (hot: no UTF-8 decoder); 0 if none.
char32_t syllable_at_end(std::string_view s) {
  return s.size() >= 3 && is_syllable_at(s, s.size() - 3) ? decode3(s.substr(s.size() - 3)) : 0;
}

}  // namespace

WordForm form_of(std::string_view word) {
  WordForm form;
  if (word.size() < 4) return form;
  // Every particle is Hangul: only those ending in the word's last syllable can end it.
  const char32_t last = syllable_at_end(word);
  if (last == 0) return form;
  const std::uint64_t candidates = kParticlesBySyllable.ending[kParticlesBySyllable.slot[last - korean::kSyllableBase]];
  for (std::uint64_t bits = candidates; bits != 0; bits &= bits - 1) {
    const auto i = static_cast<std::size_t>(std::countr_zero(bits));
    const std::string_view p = kAllParticles[i];
    if (word.size() > p.size() && word.compare(word.size() - p.size(), p.size(), p) == 0) {
      form.endings |= std::uint64_t{1} << i;
    }
  }
  if (form.endings == 0) return form;
  // The stem keeps two or more characters (`스케일ai의` → `스케일ai`), of which two or more
  // syllables when it is Hangul at its end (`나이` stays).
  const std::size_t syllables = trailing_syllables(word);
  auto stem_ok = [&](std::string_view p) {  // p: one of the word's endings
    const std::size_t n = p.size() / 3;
    if (syllables < n) return false;
    const std::size_t rest = syllables - n;  // the stem's own trailing syllables
    return rest >= 2 || (rest == 0 && utf8::length(word) >= n + 2);
  };
  // The first safe particle that goes, in kSafeParticles' order (the longest first): the
  // endings' bits in ascending order are that order.
  const std::uint64_t safe = form.endings & ((std::uint64_t{1} << kSafeParticles.size()) - 1);
  for (std::uint64_t bits = safe; bits != 0; bits &= bits - 1) {
    const std::string_view p = kAllParticles[static_cast<std::size_t>(std::countr_zero(bits))];
    if (stem_ok(p)) {
      form.strip = static_cast<std::uint8_t>(p.size());
      return form;
    }
  }
  // `의` ends few nouns of three or more syllables but those ending in these (`민주주의`, `국무회의`).
  if (ends_with(word, "의") && stem_ok("의") && word.size() >= 6 &&
      std::find(kNounsInUi.begin(), kNounsInUi.end(), word.substr(word.size() - 6)) == kNounsInUi.end()) {
    form.strip = 3;
    return form;
  }
  for (std::uint64_t bits = form.endings & ~safe; bits != 0; bits &= bits - 1) {
    const auto i = static_cast<std::size_t>(std::countr_zero(bits));
    if (stem_ok(kAllParticles[i])) {
      form.risky = static_cast<std::int8_t>(i - kSafeParticles.size());
      return form;
    }
  }
  return form;
}

void ParticleEvidence::add(std::string_view word, const WordForm& form) {
  for (std::uint64_t bits = form.endings; bits != 0; bits &= bits - 1) {
    const auto i = static_cast<std::size_t>(std::countr_zero(bits));
    seen_[word.substr(0, word.size() - kAllParticles[i].size())] |= std::uint64_t{1} << i;
  }
}

bool ParticleEvidence::with_other_particle(std::string_view stem, std::size_t except) const {
  const std::uint64_t* seen = seen_.find(stem);
  return seen != nullptr && (*seen & ~(std::uint64_t{1} << (kSafeParticles.size() + except))) != 0;
}

SuggestTerms::SuggestTerms(const std::vector<Token>& title_tokens, std::string_view title) {
  title_words_ = words_of(title_tokens, title, &title_spaces_);
}

void SuggestTerms::add(std::string_view text, const std::vector<Token>& tokens, Xapian::Document& doc,
                       bool last_passage) {
  const auto count = [&](std::string_view word) {
    Seen& seen = body_[word];
    if (seen.count++ == 0) seen.first = static_cast<std::uint32_t>(body_.size() - 1);
  };
  for_each_word(tokens, text, [&](std::string_view word, std::span<const std::string_view> parts, bool) {
    count(word);
    for (const std::string_view part : parts) count(part);
  });
  if (!last_passage) return;

  // Every raw word of the article (the body's, with their parts, and the title's), with its
  // form, and what they say of stems and particles.
  std::vector<WordForm> forms;  // of body_'s entries
  forms.reserve(body_.entries().size());
  ParticleEvidence evidence;
  for (const auto& e : body_.entries()) {
    forms.push_back(form_of(body_.word(e)));
    if (forms.back().endings != 0) evidence.add(body_.word(e), forms.back());
  }
  for (const RawWord& w : title_words_) evidence.add(w.text, form_of(w.text));
  const auto bare = [&](std::string_view stem) {
    return body_.find(stem) != nullptr ||
           std::any_of(title_words_.begin(), title_words_.end(), [&](const RawWord& w) { return w.text == stem; });
  };
  const auto stem_of = [&](std::string_view word, const WordForm& form) {
    return strip_particle(word, form, evidence, bare);
  };

  std::vector<std::string> title;  // distinct, at most kTitleWords + kTitlePhrases
  const auto in_title = [&](std::string_view w) { return std::find(title.begin(), title.end(), w) != title.end(); };
  auto add_title = [&](std::string word) {
    if (title.size() < kTitleWords + kTitlePhrases && suggestible(word) && !in_title(word)) title.push_back(std::move(word));
  };
  std::size_t phrases = 0;
  for (std::size_t i = 0; i < title_words_.size(); ++i) {
    const RawWord& w = title_words_[i];
    const std::string_view stem = stem_of(w.text, form_of(w.text));
    add_title(std::string(stem));
    for (const std::string& part : w.parts) add_title(std::string(stem_of(part, form_of(part))));
    if (i > 0 && title_spaces_[i] && phrases < kTitlePhrases) {
      std::string phrase = title_words_[i - 1].text + " " + std::string(stem);
      if (suggestible(title_words_[i - 1].text) && suggestible(phrase)) {
        ++phrases;
        add_title(std::move(phrase));
      }
    }
  }

  // Body words by stem: counts of `지분을`, `지분의`, `지분` add up.
  WordMap<Seen> stems;
  for (std::size_t i = 0; i < forms.size(); ++i) {
    const auto& e = body_.entries()[i];
    Seen& seen = stems[stem_of(body_.word(e), forms[i])];
    seen.first = seen.count == 0 ? e.value.first : std::min(seen.first, e.value.first);
    seen.count += e.value.count;
  }
  // The most frequent stems (then the first seen) that are worth suggesting, not in the title
  // and no predicate: ranked first and tested after, since the tests cost more than the ranking
  // and few stems are read.
  std::vector<const WordMap<Seen>::Entry*> ranked;
  ranked.reserve(stems.size());
  for (const auto& entry : stems.entries()) ranked.push_back(&entry);
  std::sort(ranked.begin(), ranked.end(), [](const auto* a, const auto* b) {
    return a->value.count != b->value.count ? a->value.count > b->value.count : a->value.first < b->value.first;
  });
  // A title word is a T term only (the suggester adds the W and T counts): one term, not two.
  std::size_t kept = 0;
  for (const auto* entry : ranked) {
    if (kept == kBodyWords) break;
    const std::string_view stem = stems.word(*entry);
    if (!suggestible(stem) || in_title(stem) || predicate_like(stem)) continue;
    add_term(doc, schema::kPrefixSuggestWord, stem);
    ++kept;
  }
  for (const std::string& w : title) add_term(doc, schema::kPrefixSuggestTitle, w);
}

}  // namespace kosearch::detail
