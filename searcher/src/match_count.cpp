#include "match_count.hpp"

#include <algorithm>

namespace kosearch::detail {

MatchCount count_of_mset(const Xapian::MSet& mset, Xapian::doccount first, Xapian::doccount asked) {
  MatchCount c;
  const std::uint64_t shown = std::uint64_t{first} + mset.size();
  c.total = mset.get_matches_estimated();
  c.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  // A short page that starts at the first match holds them all.
  if (first == 0 && mset.size() < asked) {
    c.total = mset.size();
    c.exact = true;
  }
  if (c.total < shown) {
    c.total = shown;
    c.exact = false;
  }
  return c;
}

MatchCount count_of_filtered(std::uint64_t passed, std::uint64_t examined, bool all_seen,
                             std::uint64_t estimate) {
  if (all_seen || examined == 0) return {passed, true};
  const double scaled = static_cast<double>(estimate) * static_cast<double>(passed) / static_cast<double>(examined);
  return {std::max<std::uint64_t>(passed, static_cast<std::uint64_t>(scaled)), false};
}

}  // namespace kosearch::detail
