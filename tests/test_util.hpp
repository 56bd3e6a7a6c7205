#pragma once
// Helpers shared by the tests: an RAII temporary directory, file writing, the shared data path.

#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <string_view>

namespace kosearch::test {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("kosearch-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline void write_file(const std::filesystem::path& p, std::string_view content) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// ../shared next to the checkout; tests that need it skip (with a message) when it is absent.
inline std::filesystem::path shared_dir() { return KOSEARCH_SHARED_DIR; }
inline bool have_seeds() { return std::filesystem::is_directory(shared_dir() / "seeds"); }

}  // namespace kosearch::test

// Skips the rest of a test case, saying why, when ../shared/seeds is missing.
#define KOSEARCH_REQUIRE_SEEDS()                                                           \
  if (!kosearch::test::have_seeds()) {                                                     \
    MESSAGE("skipped: " << kosearch::test::shared_dir() / "seeds"                          \
                        << " not found (the shared data sits beside the checkout in CI)"); \
    return;                                                                                \
  }
