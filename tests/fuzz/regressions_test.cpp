// Replays every seed (tests/fuzz/corpus/<target>/) and every input a fuzzer once crashed on
// (tests/fuzz/regressions/<target>/) through the fuzz targets' checks, in every build, so a fixed
// fuzzer finding stays fixed without clang or libFuzzer.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "fuzz_checks.hpp"
#include "test_util.hpp"

namespace fs = std::filesystem;

namespace {

// The files of corpus/<target>/ and regressions/<target>/, sorted.
std::vector<fs::path> inputs(const std::string& target) {
  std::vector<fs::path> files;
  for (const char* kind : {"corpus", "regressions"}) {
    const fs::path dir = fs::path(KOSEARCH_FUZZ_DIR) / kind / target;
    if (!fs::is_directory(dir)) continue;
    for (const auto& e : fs::directory_iterator(dir)) {
      // Dot files (.keep) only hold the folder in place.
      if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

template <typename Check>
void replay(const std::string& target, Check&& check) {
  const auto files = inputs(target);
  CHECK_MESSAGE(!files.empty(), "no inputs for " << target);
  for (const auto& f : files) {
    CAPTURE(f.string());
    const std::string bytes = kosearch::test::read_file(f);
    try {
      check(bytes);
    } catch (const kosearch::fuzz::CheckFailure& e) {
      FAIL_CHECK("property violated: " << e.what());
    } catch (const std::exception& e) {
      FAIL_CHECK("unexpected exception: " << e.what());
    }
  }
  MESSAGE(files.size() << " inputs replayed for " << target);
}

}  // namespace

TEST_CASE("fuzz replay: analyzer") {
  replay("fuzz_analyzer", [](const std::string& b) { kosearch::fuzz::check_analyzer(b); });
}

TEST_CASE("fuzz replay: phrase") {
  replay("fuzz_phrase", [](const std::string& b) { kosearch::fuzz::check_phrase(b); });
}

TEST_CASE("fuzz replay: query") {
  kosearch::fuzz::ScratchDir dir;
  kosearch::fuzz::build_query_index(dir.path() / "idx");
  kosearch::Searcher searcher(dir.path() / "idx");
  replay("fuzz_query", [&](const std::string& b) { kosearch::fuzz::check_query(searcher, b); });
}

TEST_CASE("fuzz replay: jsonl") {
  kosearch::fuzz::ScratchDir dir;
  replay("fuzz_jsonl", [&](const std::string& b) {
    kosearch::fuzz::check_jsonl(dir.path() / "run", b, false);
    kosearch::fuzz::check_jsonl(dir.path() / "run", b, true);
  });
}

#ifdef KOSEARCH_FUZZ_HAVE_DECODER
TEST_CASE("fuzz replay: decode") {
  replay("fuzz_decode", [](const std::string& b) { kosearch::fuzz::check_decode(b); });
}
#endif
