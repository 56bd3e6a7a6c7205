#include "expansion.hpp"

#include <algorithm>
#include <fstream>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/hangul.hpp"

namespace kosearch::detail {

using korean::kSyllableBase;
using korean::kInitials;
using korean::kVowels;
using korean::kFinals;
using korean::is_syllable;

namespace {

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string to_utf8(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) utf8::append(out, c);
  return out;
}

}  // namespace

SynonymTable::SynonymTable(const std::filesystem::path& file, const Analyzer& analyzer) {
  std::ifstream in(file);
  if (!in) throw IoError("cannot read synonym file " + file.string());
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (const auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    std::vector<std::string> group;
    std::size_t start = 0;
    while (start <= line.size()) {
      const auto sep = line.find_first_of(",|", start);
      const std::string member = trim(std::string_view(line).substr(start, sep == std::string::npos ? std::string::npos : sep - start));
      if (!member.empty()) group.push_back(analyzer.normalize(member));
      if (sep == std::string::npos) break;
      start = sep + 1;
    }
    if (group.empty()) continue;
    if (group.size() == 1) {
      throw InvalidInput(file.string() + ":" + std::to_string(line_no) +
                         ": a synonym group needs at least two spellings separated by ',' or '|'");
    }
    groups_.push_back(std::move(group));
  }
}

std::vector<std::string> SynonymTable::expansions(std::string_view normalized_query) const {
  std::vector<std::string> out;
  for (const auto& group : groups_) {
    const bool hit = std::any_of(group.begin(), group.end(), [&](const std::string& m) {
      return normalized_query.find(m) != std::string_view::npos;
    });
    if (!hit) continue;
    for (const auto& m : group) {
      if (normalized_query.find(m) == std::string_view::npos) out.push_back(m);
    }
  }
  return out;
}

std::vector<std::string> spelling_variants(std::u32string_view word, const IndexLookup& index,
                                           VariantBudget& budget) {
  std::vector<std::string> out;
  if (word.size() < 3 || !std::all_of(word.begin(), word.end(), is_syllable)) return out;
  if (word.size() > kMaxVariantSyllables) {
    budget.cut = true;
    return out;
  }
  const auto spend = [&](std::size_t lookups) {
    if (budget.lookups < lookups) budget.cut = true;
    if (budget.cut) return false;
    budget.lookups -= lookups;
    return true;
  };
  const auto bigrams_of = [](std::u32string_view w, std::size_t from, std::size_t to) {
    std::vector<std::string> bigrams;
    for (std::size_t k = from; k < to; ++k) bigrams.push_back(to_utf8(w.substr(k, 2)));
    return bigrams;
  };
  // A variant changed at syllable i keeps the word's bigrams before i-1 and after i, which must
  // then occur (as a phrase) too: find the longest prefix and suffix of bigrams that do, and try
  // only the syllables both reach. This prunes nothing that could pass; it makes a long word
  // that the index does not hold cheap.
  const std::size_t m = word.size() - 1;  // bigrams
  std::size_t prefix = m, suffix = m;     // bigrams of the longest prefix/suffix that occur
  if (!spend(m)) return out;
  if (!index.co_occur(bigrams_of(word, 0, m))) {
    // Binary searches over [0, m): 0 bigrams always occur, m do not.
    const auto longest = [&](bool from_start, std::size_t& found) {
      std::size_t lo = 0, hi = m;
      while (hi - lo > 1) {
        const std::size_t mid = lo + (hi - lo) / 2;
        if (!spend(mid)) return false;
        const bool ok = index.co_occur(from_start ? bigrams_of(word, 0, mid) : bigrams_of(word, m - mid, m));
        (ok ? lo : hi) = mid;
      }
      found = lo;
      return true;
    };
    if (!longest(true, prefix) || !longest(false, suffix)) return out;
  }
  const std::size_t first = m - 1 > suffix ? m - 1 - suffix : 0;  // i >= n-2-suffix
  const std::size_t last = std::min(m, prefix + 1);               // i <= prefix+1
  std::u32string variant(word);
  for (std::size_t i = first; i <= last; ++i) {
    const int code = static_cast<int>(word[i] - kSyllableBase);
    const int l = code / (kVowels * kFinals), v = (code / kFinals) % kVowels, t = code % kFinals;
    // False when the budget is spent.
    auto try_syllable = [&](int nl, int nv, int nt) {
      variant[i] = kSyllableBase + static_cast<char32_t>((nl * kVowels + nv) * kFinals + nt);
      // The bigrams that contain the changed syllable must all be indexed.
      if (i > 0) {
        if (!spend(1)) return false;
        if (!index.has_term(to_utf8(std::u32string_view(variant).substr(i - 1, 2)))) return true;
      }
      if (i + 1 < variant.size()) {
        if (!spend(1)) return false;
        if (!index.has_term(to_utf8(std::u32string_view(variant).substr(i, 2)))) return true;
      }
      // Every bigram of the variant must occur in one passage: `션지하` is not a spelling of
      // `션지아` just because `지하` is a word.
      if (!spend(m)) return false;
      if (index.co_occur(bigrams_of(variant, 0, m))) out.push_back(to_utf8(variant));
      return true;
    };
    for (int nl = 0; nl < kInitials; ++nl) {
      if (nl != l && !try_syllable(nl, v, t)) return out;
    }
    for (int nv = 0; nv < kVowels; ++nv) {
      if (nv != v && !try_syllable(l, nv, t)) return out;
    }
    for (int nt = 0; nt < kFinals; ++nt) {
      if (nt != t && !try_syllable(l, v, nt)) return out;
    }
    variant[i] = word[i];
  }
  return out;
}

}  // namespace kosearch::detail
