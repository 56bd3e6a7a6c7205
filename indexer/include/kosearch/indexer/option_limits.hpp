#pragma once
/// @file The valid ranges of the indexer's numeric options, shared by `apply_indexer_option`
/// (the C API, `KEY=VALUE`) and `kosearch index` so that both refuse the same values.

#include <cstdint>

namespace kosearch::option_limits {

struct Range {
  std::uint32_t lo, hi;
};

inline constexpr Range kThreads{0, 1024};                   ///< 0: one per core
inline constexpr Range kShards{0, 1024};                    ///< 0: keep the index's layout
inline constexpr Range kCommitEvery{1, 4'000'000'000};
inline constexpr Range kFlushEvery{1, 10'000'000};
inline constexpr Range kPartPassages{0, 4'000'000'000};     ///< 0: one part per thread
inline constexpr Range kPassageChars{20, 1'000'000};        ///< below ~20 a passage is a phrase
inline constexpr Range kPassageMax{20, 10'000'000};
inline constexpr Range kOverlap{0, 100};

}  // namespace kosearch::option_limits
