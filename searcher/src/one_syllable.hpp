#pragma once
// Internal: a one-syllable Hangul word of a query (`왕`, `칩`) is in the index as a unigram only
// where it stands alone; followed by a particle (`왕은`, `왕이`, `왕을`) it is the bigram of the
// two. The word is searched as one term together with those bigrams (Xapian's OP_SYNONYM: one
// BM25 term whose frequency is theirs together), and with no other bigram starting with the
// syllable, so `왕국` and `왕자` stay out.

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

namespace kosearch::detail {

// Only a query of at most this many content words expands its one-syllable words (`왕`,
// `삼성 칩`): in a longer question the other words find the passage, and the expansion cost
// korquad1_wiki questions ~30% of their query time for nDCG@10 -0.0009 (docs/suggest.md).
inline constexpr std::size_t kParticleFormsMaxWords = 3;

// Whether `term` is one Hangul syllable.
bool is_one_syllable(const std::string& term);

// `syllable` (with its query frequency) OR'ed as a synonym with each `syllable + particle`
// bigram the index holds (`term_freq` > 0); just the term when none does. Adds the forms'
// passage counts to `*forms_freq`.
Xapian::Query with_particle_forms(const std::string& syllable, Xapian::termcount wqf,
                                  const std::function<std::uint64_t(const std::string&)>& term_freq,
                                  std::uint64_t* forms_freq);

}  // namespace kosearch::detail
