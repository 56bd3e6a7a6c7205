#include "index_progress.hpp"

#include <fmt/core.h>

#include <cstdio>
#include <filesystem>
#include <system_error>

namespace fs = std::filesystem;

namespace kosearch::cli {

namespace {

bool compressed(const fs::path& p) { return p.extension() == ".zst"; }
bool indexed_kind(const fs::path& p) {
  const std::string name = p.filename().string();
  return p.extension() == ".txt" || name.ends_with(".jsonl") || name.ends_with(".jsonl.zst");
}

std::string duration(double seconds) {
  const auto s = static_cast<std::uint64_t>(seconds + 0.5);
  if (s >= 3600) return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
  return fmt::format("{}:{:02}", s / 60, s % 60);
}

}  // namespace

std::optional<std::uint64_t> input_bytes(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& input : inputs) {
    const fs::path in(input);
    if (!fs::is_directory(in, ec)) {
      if (compressed(in)) return std::nullopt;
      total += fs::file_size(in, ec);
      if (ec) return std::nullopt;
      continue;
    }
    // A BEIR folder: its corpus alone. Else the articles and JSONL files, as the indexer lists them.
    if (fs::exists(in / "corpus.jsonl.zst", ec)) return std::nullopt;
    if (fs::exists(in / "corpus.jsonl", ec)) {
      total += fs::file_size(in / "corpus.jsonl", ec);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
      std::error_code entry;
      if (it->path().filename().string().starts_with(".")) {
        if (it->is_directory(entry)) it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file(entry) || !indexed_kind(it->path())) continue;
      if (compressed(it->path())) return std::nullopt;
      total += it->file_size(entry);
    }
    if (ec) return std::nullopt;
  }
  return total;
}

IndexProgressLine::IndexProgressLine(bool enabled, std::optional<std::uint64_t> total_bytes)
    : enabled_(enabled), total_(total_bytes) {}

void IndexProgressLine::update(const IndexProgress& p) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (p.merging) {
    if (merging_) return;
    merging_ = true;
    clear();
    std::fputs("merging the parallel build's parts into the index...\n", stderr);
    return;
  }
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  const double secs = std::chrono::duration<double>(now - start_).count();
  const std::uint64_t done = bytes_before_ + p.bytes;
  const double mb = static_cast<double>(done) / 1e6;
  const double rate = secs > 0 ? mb / secs : 0.0;
  std::string line = fmt::format("indexing: {:.1f}", mb);
  if (total_ && *total_ > 0) {
    const double all = static_cast<double>(*total_) / 1e6;
    line += fmt::format(" of {:.1f} MB ({:.0f}%)", all, 100.0 * std::min(1.0, mb / all));
    if (rate > 0 && all > mb) line += fmt::format(", ETA {}", duration((all - mb) / rate));
  } else {
    line += " MB";
  }
  line += fmt::format(", {} articles, {:.1f} MB/s", articles_before_ + p.articles, rate);
  // \r: back to the line's start; ESC[K: erase the rest of the previous line.
  fmt::print(stderr, "\r{}\033[K", line);
  std::fflush(stderr);
  open_ = true;
}

void IndexProgressLine::input_done(const IngestReport& r) {
  bytes_before_ += r.bytes;
  articles_before_ += r.articles;
}

void IndexProgressLine::clear() {
  if (!open_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  open_ = false;
}

}  // namespace kosearch::cli
