#include "passage_prior.hpp"

#include <algorithm>

#include "kosearch/core/utf8.hpp"

namespace kosearch::detail {

double fullness(std::string_view text, std::uint32_t chars) {
  if (chars == 0) return 0.0;
  return std::min(1.0, static_cast<double>(utf8::length(text)) / static_cast<double>(chars));
}

}  // namespace kosearch::detail
