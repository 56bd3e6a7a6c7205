#include "neighbour.hpp"

#include <charconv>
#include <cstdint>
#include <string>

namespace kosearch::detail {

namespace {

// The passage number in a hit's passage id (`<doc_id>#<n>`).
std::uint64_t passage_number(const Hit& hit) {
  const auto hash = hit.passage_id.rfind('#');
  std::uint64_t n = 0;
  if (hash != std::string::npos) {
    std::from_chars(hit.passage_id.data() + hash + 1, hit.passage_id.data() + hit.passage_id.size(), n);
  }
  return n;
}

}  // namespace

// The bytes of hits[i]'s text that a better-ranked hit of the same article, the passage just
// before or after it, shares with it (consecutive passages overlap by a sentence): its snippet
// then prefers the rest, so that two results do not show the same lines. {0, 0}: none.
Span shown_by_neighbour(const std::vector<Hit>& hits, std::size_t i) {
  const Hit& hit = hits[i];
  const std::uint64_t n = passage_number(hit);
  for (std::size_t j = 0; j < i; ++j) {
    const Hit& better = hits[j];
    if (better.doc_id != hit.doc_id) continue;
    const std::uint64_t m = passage_number(better);
    if (m + 1 == n) {
      return {0, static_cast<std::uint32_t>(shared_length(better.text, hit.text))};
    }
    if (n + 1 == m) {
      const auto shared = static_cast<std::uint32_t>(shared_length(hit.text, better.text));
      return {static_cast<std::uint32_t>(hit.text.size()) - shared, static_cast<std::uint32_t>(hit.text.size())};
    }
  }
  return {0, 0};
}

}  // namespace kosearch::detail
