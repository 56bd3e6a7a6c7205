#pragma once
// Internal test hook: the crash tests choose where the indexer dies instead of killing it by luck.
// KOSEARCH_TEST_CRASH=POINT makes the process SIGKILL itself when it reaches POINT:
//   passage:N      right after the Nth passage was added (counted over all writer threads)
//   before-switch  a fresh build or --rebuild committed beside the index, not yet switched in
//   after-switch   switched in, the old index not yet deleted
//   compact        `kosearch compact` merged into its temporary folder, not yet renamed to --out
// Unset (always, outside tests): nothing happens.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace kosearch::detail {

class CrashHook {
 public:
  // Reads KOSEARCH_TEST_CRASH.
  CrashHook();
  // Dies here if POINT is `point`.
  void at(std::string_view point) const;
  // Counts added passages; dies at passage:N.
  void passages_added(std::uint64_t n);

 private:
  std::string point_;
  std::uint64_t passage_limit_ = 0;
  std::atomic<std::uint64_t> passages_{0};
};

}  // namespace kosearch::detail
