// libFuzzer target: Searcher::search (k=10) on arbitrary bytes over a small real index built once
// in LLVMFuzzerInitialize. QuerySyntax is fine; any other exception or a crash is a bug.

#include <cstddef>
#include <cstdint>
#include <memory>

#include "fuzz_main_util.hpp"

namespace {

struct State {
  kosearch::fuzz::ScratchDir dir;
  std::unique_ptr<kosearch::Searcher> searcher;
};
State* state = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  kosearch::fuzz::run_or_abort([] {
    state = new State;
    std::atexit([] { delete state; });
    kosearch::fuzz::build_query_index(state->dir.path() / "idx");
    state->searcher = std::make_unique<kosearch::Searcher>(state->dir.path() / "idx");
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kosearch::fuzz::run_or_abort(
      [&] { kosearch::fuzz::check_query(*state->searcher, kosearch::fuzz::as_view(data, size)); });
  return 0;
}
