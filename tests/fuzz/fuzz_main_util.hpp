#pragma once
// Shared by the libFuzzer entry points: run a check, turn any escaping exception into an abort
// (a crash for libFuzzer, which then saves the input).

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "fuzz_checks.hpp"

namespace kosearch::fuzz {

template <typename Fn>
void run_or_abort(Fn&& fn) {
  try {
    fn();
  } catch (const CheckFailure& e) {
    std::fprintf(stderr, "kosearch fuzz: property violated: %s\n", e.what());
    std::abort();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kosearch fuzz: unexpected exception: %s\n", e.what());
    std::abort();
  }
}

inline std::string_view as_view(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace kosearch::fuzz
