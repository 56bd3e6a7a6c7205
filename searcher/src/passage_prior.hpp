#pragma once
// Internal: a prior on the passage itself, apart from the query. In an open collection (all of
// Wikipedia) a quarter of the passages are stubs under 100 characters (`곽영욱(…)은 대한민국의
// 기업인이다.`); BM25's length normalization lifts them over the paragraph that answers.

#include <cstdint>
#include <string_view>

namespace kosearch::detail {

// The share of `chars` characters (UTF-8 code points) that `text` reaches: min(1, length /
// chars); 0 when `chars` is 0 (off).
double fullness(std::string_view text, std::uint32_t chars);

}  // namespace kosearch::detail
