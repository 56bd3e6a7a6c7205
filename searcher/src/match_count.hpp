#pragma once
// Internal: how many passages a query matches, and whether that count is exact.

#include <xapian.h>

#include <cstdint>

namespace kosearch::detail {

struct MatchCount {
  std::uint64_t total = 0;
  bool exact = true;
};

// The count of an unfiltered query from its MSet, read from rank `first` (0-based) with at most
// `asked` items. Exact when Xapian's bounds agree or the MSet holds every match. Never below the
// hits shown (first + size): over several databases Xapian's estimate can be lower; then it is
// raised to them and marked inexact.
MatchCount count_of_mset(const Xapian::MSet& mset, Xapian::doccount first, Xapian::doccount asked);

// The count of a filtered query: `passed` of the `examined` candidates passed the filters;
// `all_seen`: every candidate Xapian matched was examined (then `passed` is exact), else the
// pass rate is applied to `estimate` (Xapian's estimate of the candidates), never below `passed`.
MatchCount count_of_filtered(std::uint64_t passed, std::uint64_t examined, bool all_seen,
                             std::uint64_t estimate);

// How many matches `kosearch search -k 0` (only a count) asks Xapian to check before it
// estimates: counts up to this many are exact.
inline constexpr Xapian::doccount kCountExactUpTo = 100000;

}  // namespace kosearch::detail
