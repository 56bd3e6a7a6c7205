#include "one_syllable.hpp"

#include <array>
#include <string_view>
#include <vector>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/hangul.hpp"
#include "kosearch/korean/particles.hpp"

namespace kosearch::detail {

using korean::is_syllable;

bool is_one_syllable(const std::string& term) {
  std::size_t pos = 0;
  return term.size() == 3 && is_syllable(utf8::decode(term, pos));
}

Xapian::Query with_particle_forms(const std::string& syllable, Xapian::termcount wqf,
                                  const std::function<std::uint64_t(const std::string&)>& term_freq,
                                  std::uint64_t* forms_freq) {
  std::vector<Xapian::Query> forms{Xapian::Query(syllable, wqf)};
  if (term_freq) {
    for (std::string_view p : korean::kParticleStarts) {
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
