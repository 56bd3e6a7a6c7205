#pragma once
// Internal: the order of hits with equal scores.

#include <cstddef>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch::detail {

// Hits read from Xapian beyond each edge of a page, so that a group of equal scores that
// straddles an edge is seen whole and ordered by tie_order() before the page is cut. Xapian
// orders ties by docid, which differs between one index, its shards and their compaction.
inline constexpr std::size_t kTieSlack = 8;

// Sorts `hits` (already by score, descending) so that equal scores come by article id, then by
// passage number: the same order whatever the index's layout.
void tie_order(std::vector<Hit>& hits);

// Whether the hits read, of scores `weights` in Xapian's order, may leave out some of a group of
// equal scores that the page [page_begin, page_begin + k) (indices into `weights`) takes part
// of: the group of the page's last hit reaches the last one read and `asked` were read (more
// may follow), or, when the hits read do not start at the first match (`from_first` false), the
// group of the page's first hit reaches the first one read. Then the caller reads again with
// Xapian ordering ties by article id (rare: a value read per candidate costs ~15%).
bool ties_cut(const std::vector<double>& weights, std::size_t page_begin, std::size_t k, std::size_t asked,
              bool from_first);

}  // namespace kosearch::detail
