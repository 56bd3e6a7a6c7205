#include "line_reader.hpp"

#include <zstd.h>

#include <cerrno>
#include <cstring>

#include "kosearch/core/error.hpp"

namespace kosearch::detail {

LineReader::LineReader(const std::filesystem::path& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) {
    throw IoError("cannot open " + path.string() + ": " + std::strerror(errno));
  }
  zstd_ = path.extension() == ".zst";
  if (zstd_) {
    dctx_ = ZSTD_createDCtx();
    in_.resize(ZSTD_DStreamInSize());
    buf_.resize(ZSTD_DStreamOutSize() * 4);
  } else {
    buf_.resize(1 << 20);
  }
}

LineReader::~LineReader() {
  if (dctx_ != nullptr) ZSTD_freeDCtx(static_cast<ZSTD_DCtx*>(dctx_));
  if (file_ != nullptr) std::fclose(file_);
}

bool LineReader::fill() {
  buf_pos_ = 0;
  buf_size_ = 0;
  if (!zstd_) {
    if (eof_) return false;
    buf_size_ = std::fread(buf_.data(), 1, buf_.size(), file_);
    if (buf_size_ == 0) {
      if (std::ferror(file_)) throw IoError("error reading " + path_.string());
      eof_ = true;
      return false;
    }
    return true;
  }
  auto* dctx = static_cast<ZSTD_DCtx*>(dctx_);
  while (buf_size_ == 0) {
    if (in_pos_ == in_size_) {
      if (eof_) return false;
      in_size_ = std::fread(in_.data(), 1, in_.size(), file_);
      in_pos_ = 0;
      if (in_size_ == 0) {
        if (std::ferror(file_)) throw IoError("error reading " + path_.string());
        eof_ = true;
        return false;
      }
    }
    ZSTD_inBuffer input{in_.data(), in_size_, in_pos_};
    ZSTD_outBuffer output{buf_.data(), buf_.size(), 0};
    const std::size_t rc = ZSTD_decompressStream(dctx, &output, &input);
    if (ZSTD_isError(rc)) {
      throw InvalidInput(path_.string() + ": corrupt zstd data (" + ZSTD_getErrorName(rc) +
                         "). Re-create the file with `zstd`, or decompress it and index the .jsonl.");
    }
    in_pos_ = input.pos;
    buf_size_ = output.pos;
  }
  return true;
}

bool LineReader::next(std::string& line) {
  line.clear();
  bool any = false;
  for (;;) {
    if (buf_pos_ == buf_size_ && !fill()) {
      if (!any) return false;
      break;
    }
    any = true;
    const char* start = buf_.data() + buf_pos_;
    const std::size_t avail = buf_size_ - buf_pos_;
    const void* nl = std::memchr(start, '\n', avail);
    if (nl != nullptr) {
      const std::size_t len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
      line.append(start, len);
      buf_pos_ += len + 1;
      bytes_ += len + 1;
      break;
    }
    line.append(start, avail);
    buf_pos_ = buf_size_;
    bytes_ += avail;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  ++line_no_;
  return true;
}

}  // namespace kosearch::detail
