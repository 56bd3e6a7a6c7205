#include "one_syllable.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "hangul.hpp"
#include "kosearch/core/utf8.hpp"

namespace kosearch::detail {

namespace {

// First syllables of the particles a noun takes (`으` of `으로`, `에` of `에서`, `께` of `께서`).
constexpr std::array<std::string_view, 15> kParticleStarts = {"은", "는", "이", "가", "을", "를", "의", "에",
                                                                "도", "와", "과", "로", "으", "만", "께"};

}  // namespace

bool is_one_syllable(const std::string& term) {
  std::size_t pos = 0;
  return term.size() == 3 && is_syllable(utf8::decode(term, pos));
}

Xapian::Query with_particle_forms(const std::string& syllable, Xapian::termcount wqf,
                                  const std::function<std::uint64_t(const std::string&)>& term_freq,
                                  std::uint64_t* forms_freq) {
  std::vector<Xapian::Query> forms{Xapian::Query(syllable, wqf)};
  if (term_freq) {
    for (std::string_view p : kParticleStarts) {
      std::string bigram = syllable + std::string(p);
      if (const std::uint64_t f = term_freq(bigram); f > 0) {
        forms.emplace_back(bigram, wqf);
        if (forms_freq) *forms_freq += f;
      }
    }
  }
  if (forms.size() == 1) return forms.front();
  return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
}

}  // namespace kosearch::detail
