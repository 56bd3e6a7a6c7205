// Damaged and foreign index directories: every way of opening and reading them ends in a
// kosearch::Error with a message naming the index, never a crash, a Xapian exception or another
// std::exception.

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;
using kosearch::test::write_file;

namespace fs = std::filesystem;

namespace {

void build_small_index(const fs::path& idx) {
  kosearch::Indexer indexer(idx);
  for (int i = 0; i < 200; ++i) {
    kosearch::Document d;
    d.id = "a" + std::to_string(i);
    d.title = "메타 스케일AI 기사 " + std::to_string(i);
    d.text = "메타가 스케일AI의 지분 " + std::to_string(i) + "%를 사들였다. 엔비디아는 새 칩을 " +
             "발표했다. 알렉산더 왕 창업자는 연구소를 이끈다. 문장 번호 " + std::to_string(i) + ".";
    indexer.add(d);
  }
  indexer.commit();
}

// What happened when `fn` ran: "" (no error) or the kosearch::Error message. Anything else fails,
// naming `step`.
std::string outcome(const char* step, const std::function<void()>& fn) {
  try {
    fn();
    return "";
  } catch (const kosearch::Error& e) {
    return std::string("kosearch: ") + e.what();
  } catch (const Xapian::Error& e) {
    FAIL_CHECK(std::string(step) << ": a Xapian exception escaped: " << e.get_description());
  } catch (const std::exception& e) {
    FAIL_CHECK(std::string(step) << ": a non-kosearch exception escaped: " << e.what());
  }
  return "?";
}

// Opens `idx`, reads its stats and runs a few queries; all of it may fail only with a
// kosearch::Error that names the index. Returns the first error message ("" if none).
std::string read_everything(const fs::path& idx) {
  std::optional<kosearch::Searcher> s;
  std::string msg = outcome("Searcher()", [&] { s.emplace(idx); });
  if (s) {
    msg = outcome("Searcher::stats", [&] { (void)s->stats(); });
    for (const char* q : {"메타 지분", "엔비디아 칩", "연구소를 이끈다", "번호 7"}) {
      kosearch::SearchOptions all;
      all.k = 1000;
      if (msg.empty()) msg = outcome("Searcher::search", [&] { (void)s->search(q, all); });
      if (msg.empty()) msg = outcome("Searcher::explain", [&] { (void)s->explain(q); });
    }
    if (msg.empty()) msg = outcome("Searcher::reopen", [&] { (void)s->reopen(); });
  }
  if (!msg.empty()) {
    CHECK_MESSAGE(msg.find(idx.string()) != std::string::npos, msg);
  }
  // The indexer opening the same damaged index: an error or success, never anything else.
  std::optional<kosearch::Indexer> w;
  std::string wmsg = outcome("Indexer()", [&] { w.emplace(idx); });
  if (w) {
    wmsg = outcome("Indexer::add", [&] {
      kosearch::Document d;
      d.id = "new";
      d.text = "새 문서입니다.";
      w->add(d);
    });
    if (wmsg.empty()) wmsg = outcome("Indexer::commit", [&] { w->commit(); });
  }
  if (!wmsg.empty()) {
    CHECK_MESSAGE(wmsg.find(idx.string()) != std::string::npos, wmsg);
  }
  return msg;
}

std::vector<fs::path> index_files(const fs::path& idx) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(idx)) {
    if (e.is_regular_file()) files.push_back(e.path().filename());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("truncated, zeroed and overwritten index files give kosearch errors, not crashes") {
  TempDir tmp;
  const fs::path good = tmp / "good";
  build_small_index(good);
  const auto files = index_files(good);
  REQUIRE(std::find(files.begin(), files.end(), "postlist.glass") != files.end());
  std::mt19937 rng(11);
  int damaged = 0;
  int noticed = 0;
  for (const auto& name : files) {
    for (const char* how : {"empty", "half", "garbage", "zero-page"}) {
      CAPTURE(name);
      const std::string how_name = how;
      CAPTURE(how_name);
      const fs::path dir = tmp / (name.string() + "-" + how);
      fs::copy(good, dir);
      const fs::path f = dir / name;
      const auto size = fs::file_size(f);
      std::string bytes = kosearch::test::read_file(f);
      if (std::string(how) == "empty") {
        bytes.clear();
      } else if (std::string(how) == "half") {
        bytes.resize(size / 2);
      } else if (std::string(how) == "garbage") {
        for (std::size_t i = bytes.size() / 4; i < bytes.size(); ++i) {
          bytes[i] = static_cast<char>(rng());
        }
      } else {
        const std::size_t from = std::min<std::size_t>(bytes.size(), 8192);
        std::fill(
            bytes.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(from, bytes.size())),
            bytes.end(), '\0');
      }
      write_file(f, bytes);
      const std::string msg = read_everything(dir);
      ++damaged;
      if (!msg.empty()) ++noticed;
      if (name == "postlist.glass" && std::string(how) == "half") MESSAGE(msg);
    }
  }
  MESSAGE(damaged << " damaged copies of " << files.size() << " index files checked; " << noticed
                  << " gave a kosearch::Error, the rest went unnoticed by these queries");
}

TEST_CASE("postlist.glass overwritten: the error names the index and suggests a rebuild") {
  TempDir tmp;
  const fs::path idx = tmp / "idx";
  build_small_index(idx);
  const fs::path f = idx / "postlist.glass";
  std::string bytes = kosearch::test::read_file(f);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5 ^ i);
  write_file(f, bytes);
  const std::string msg = outcome("open and search", [&] {
    kosearch::Searcher s(idx);
    kosearch::SearchOptions o;
    (void)s.search("메타 지분", o);
  });
  REQUIRE_MESSAGE(!msg.empty(), "a fully overwritten postlist.glass went unnoticed");
  CHECK_MESSAGE(msg.find(idx.string()) != std::string::npos, msg);
  CHECK_MESSAGE(msg.find("rebuild") != std::string::npos, msg);
}

TEST_CASE("missing index files and foreign directories") {
  TempDir tmp;
  const fs::path good = tmp / "good";
  build_small_index(good);
  for (const auto& name : index_files(good)) {
    CAPTURE(name);
    const fs::path dir = tmp / ("missing-" + name.string());
    fs::copy(good, dir);
    fs::remove(dir / name);
    read_everything(dir);
  }

  // Random files: the searcher says there is no index, the indexer refuses to write there.
  const fs::path foreign = tmp / "foreign";
  write_file(foreign / "README", "not an index");
  write_file(foreign / "x.bin", std::string(1000, '\x7f'));
  CHECK_THROWS_AS(kosearch::Searcher{foreign}, kosearch::Error);
  CHECK_THROWS_AS(kosearch::Indexer{foreign}, kosearch::IndexCorrupt);
  try {
    kosearch::Searcher s(foreign);
  } catch (const kosearch::Error& e) {
    CHECK(std::string(e.what()).find(foreign.string()) != std::string::npos);
  }
  // Xapian's own marker with garbage files beside it.
  const fs::path fake = tmp / "fake";
  write_file(fake / "iamglass", "garbage that is not a version file");
  write_file(fake / "postlist.glass", std::string(8192, 'x'));
  read_everything(fake);
  CHECK_THROWS_AS(kosearch::Searcher{fake}, kosearch::Error);

  // A real Xapian database that kosearch did not build.
  const fs::path other = tmp / "xapian";
  {
    Xapian::WritableDatabase db(other.string(), Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document d;
    d.add_term("hello");
    db.add_document(d);
    db.commit();
  }
  CHECK_THROWS_AS(kosearch::Searcher{other}, kosearch::IndexCorrupt);
  CHECK_THROWS_AS(kosearch::Indexer{other}, kosearch::IndexCorrupt);

  // A plain file as the index.
  write_file(tmp / "file", "x");
  CHECK_THROWS_AS(kosearch::Searcher{tmp / "file"}, kosearch::Error);
  CHECK_THROWS_AS(kosearch::Indexer{tmp / "file"}, kosearch::IndexCorrupt);
}
