#pragma once
// Internal: reads a text file line by line, transparently decompressing `.zst`, without ever
// holding more than one line (plus a fixed buffer) in memory.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace kosearch::detail {

class LineReader {
 public:
  explicit LineReader(const std::filesystem::path& path);  // throws IoError
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Next line without its '\n' (and '\r'). False at end of input. Throws IoError / InvalidInput
  // (corrupt zstd frame) naming the file.
  bool next(std::string& line);
  std::uint64_t line_number() const { return line_no_; }
  // Bytes of (decompressed) text consumed so far.
  std::uint64_t bytes() const { return bytes_; }

 private:
  bool fill();  // refills buf_; false at end of input
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
  bool zstd_ = false;
  void* dctx_ = nullptr;  // ZSTD_DCtx*
  std::vector<char> in_;
  std::size_t in_pos_ = 0, in_size_ = 0;
  std::vector<char> buf_;
  std::size_t buf_pos_ = 0, buf_size_ = 0;
  bool eof_ = false;
  std::uint64_t line_no_ = 0;
  std::uint64_t bytes_ = 0;
};

}  // namespace kosearch::detail
