// libFuzzer target: the input as a .jsonl file, indexed with Indexer::add_path into a fresh index
// (non-strict: problems are reported, nothing may throw; small inputs are also indexed strict,
// where only InvalidInput may be thrown). Properties: see check_jsonl in fuzz_checks.hpp.

#include <cstddef>
#include <cstdint>

#include "fuzz_main_util.hpp"

namespace {
kosearch::fuzz::ScratchDir* scratch = nullptr;
}

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  scratch = new kosearch::fuzz::ScratchDir;
  std::atexit([] { delete scratch; });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto input = kosearch::fuzz::as_view(data, size);
  kosearch::fuzz::run_or_abort([&] {
    kosearch::fuzz::check_jsonl(scratch->path() / "run", input, false);
    if (size < 4096) kosearch::fuzz::check_jsonl(scratch->path() / "run", input, true);
  });
  return 0;
}
