#include "tie_order.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string_view>

namespace kosearch::detail {

namespace {

// The passage number in a passage id (`<doc_id>#<n>`).
std::uint64_t passage_no(std::string_view passage_id) {
  std::uint64_t n = 0;
  if (const auto hash = passage_id.rfind('#'); hash != std::string_view::npos) {
    std::from_chars(passage_id.data() + hash + 1, passage_id.data() + passage_id.size(), n);
  }
  return n;
}

}  // namespace

void tie_order(std::vector<Hit>& hits) {
  std::stable_sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.doc_id != b.doc_id) return a.doc_id < b.doc_id;
    return passage_no(a.passage_id) < passage_no(b.passage_id);
  });
}

bool ties_cut(const std::vector<double>& weights, std::size_t page_begin, std::size_t k, std::size_t asked,
              bool from_first) {
  const std::size_t n = weights.size();
  const std::size_t end = std::min(page_begin + k, n);
  if (end == 0 || page_begin >= end) return false;
  if (n >= asked && weights[end - 1] == weights[n - 1]) return true;
  return !from_first && page_begin > 0 && weights[0] == weights[page_begin];
}

}  // namespace kosearch::detail
