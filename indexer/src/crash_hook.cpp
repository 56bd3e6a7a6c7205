#include "crash_hook.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>

namespace kosearch::detail {

CrashHook::CrashHook() {
  const char* v = std::getenv("KOSEARCH_TEST_CRASH");
  if (v == nullptr) return;
  point_ = v;
  if (point_.starts_with("passage:")) {
    passage_limit_ = std::strtoull(point_.c_str() + 8, nullptr, 10);
    point_ = "passage";
  }
}

void CrashHook::at(std::string_view point) const {
  if (!point_.empty() && point == point_) ::kill(::getpid(), SIGKILL);
}

void CrashHook::passages_added(std::uint64_t n) {
  if (passage_limit_ == 0) return;
  if (passages_.fetch_add(n) + n >= passage_limit_) ::kill(::getpid(), SIGKILL);
}

}  // namespace kosearch::detail
