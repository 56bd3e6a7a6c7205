#pragma once
// Internal: what a hit's snippet should avoid because a better-ranked hit shows it (neighbour.cpp).

#include <cstddef>
#include <vector>

#include "kosearch/searcher/searcher.hpp"
#include "snippet.hpp"

namespace kosearch::detail {

// The bytes of hits[i]'s text that a better-ranked hit of the same article, the passage just
// before or after it, shares with it (consecutive passages overlap by a sentence): its snippet
// then prefers the rest, so that two results do not show the same lines. {0, 0}: none.
Span shown_by_neighbour(const std::vector<Hit>& hits, std::size_t i);

}  // namespace kosearch::detail
