#include "expansion.hpp"

#include <algorithm>
#include <fstream>

#include "hangul.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"

namespace kosearch::detail {

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

std::vector<std::string> spelling_variants(std::u32string_view word, const IndexLookup& index) {
  std::vector<std::string> out;
  if (word.size() < 3 || !std::all_of(word.begin(), word.end(), is_syllable)) return out;
  std::u32string variant(word);
  for (std::size_t i = 0; i < word.size(); ++i) {
    const int code = static_cast<int>(word[i] - kSyllableBase);
    const int l = code / (kVowels * kFinals), v = (code / kFinals) % kVowels, t = code % kFinals;
    auto try_syllable = [&](int nl, int nv, int nt) {
      variant[i] = kSyllableBase + static_cast<char32_t>((nl * kVowels + nv) * kFinals + nt);
      // The bigrams that contain the changed syllable must all be indexed.
      const bool left_ok =
          i == 0 || index.has_term(to_utf8(std::u32string_view(variant).substr(i - 1, 2)));
      const bool right_ok = i + 1 == variant.size() ||
                            index.has_term(to_utf8(std::u32string_view(variant).substr(i, 2)));
      if (!left_ok || !right_ok) return;
      // Every bigram of the variant must occur in one passage: `션지하` is not a spelling of
      // `션지아` just because `지하` is a word.
      std::vector<std::string> bigrams;
      for (std::size_t k = 0; k + 1 < variant.size(); ++k) {
        bigrams.push_back(to_utf8(std::u32string_view(variant).substr(k, 2)));
      }
      if (index.co_occur(bigrams)) out.push_back(to_utf8(variant));
    };
    for (int nl = 0; nl < kInitials; ++nl) {
      if (nl != l) try_syllable(nl, v, t);
    }
    for (int nv = 0; nv < kVowels; ++nv) {
      if (nv != v) try_syllable(l, nv, t);
    }
    for (int nt = 0; nt < kFinals; ++nt) {
      if (nt != t) try_syllable(l, v, nt);
    }
    variant[i] = word[i];
  }
  return out;
}

}  // namespace kosearch::detail
