#pragma once
// What `kosearch index` shows while it works: on a terminal, one progress line on stderr
// rewritten in place (done of total, rate, ETA; then a line for the final merge); nothing when
// stderr is not a terminal or with -q.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kosearch/indexer/indexer.hpp"

namespace kosearch::cli {

// Input bytes the inputs hold, when that is what the indexer will report consuming: nullopt
// when an input is compressed (the indexer counts decompressed bytes) or cannot be listed.
std::optional<std::uint64_t> input_bytes(const std::vector<std::string>& inputs);

class IndexProgressLine {
 public:
  // `enabled`: stderr is a terminal and -q was not given. `total_bytes`: see input_bytes().
  IndexProgressLine(bool enabled, std::optional<std::uint64_t> total_bytes);
  // The indexer's callback for the current input (its counts start from 0 per input).
  void update(const IndexProgress& p);
  // The current input is done: its counts are added to those of the inputs before it.
  void input_done(const IngestReport& r);
  // Clears the progress line, so that what follows starts on a clean line.
  void clear();
  ~IndexProgressLine() { clear(); }
  IndexProgressLine(const IndexProgressLine&) = delete;
  IndexProgressLine& operator=(const IndexProgressLine&) = delete;

 private:
  bool enabled_;
  std::optional<std::uint64_t> total_;
  std::uint64_t bytes_before_ = 0, articles_before_ = 0;
  bool open_ = false;     // a progress line is on the screen without its line break
  bool merging_ = false;  // the merge line was printed
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace kosearch::cli
