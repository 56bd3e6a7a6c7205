// libFuzzer target: the query operators' phrase matcher on arbitrary bytes (`phrase|passage`,
// every registered analyzer). Properties: see check_phrase in fuzz_checks.hpp.

#include <cstddef>
#include <cstdint>

#include "fuzz_main_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kosearch::fuzz::run_or_abort(
      [&] { kosearch::fuzz::check_phrase(kosearch::fuzz::as_view(data, size)); });
  return 0;
}
