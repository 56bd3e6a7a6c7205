// libFuzzer target: decode_text (encoding detection and conversion of .txt input) and
// looks_binary on arbitrary bytes. Properties: see check_decode in fuzz_checks.hpp.

#include <cstddef>
#include <cstdint>

#include "fuzz_main_util.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kosearch::fuzz::run_or_abort(
      [&] { kosearch::fuzz::check_decode(kosearch::fuzz::as_view(data, size)); });
  return 0;
}
