// The kosearch binary's messages, exit statuses and where its output goes (docs/cli.md): bad
// option values, misleading errors, control characters, counts and plurals, progress.

#include <doctest/doctest.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "test_util.hpp"

using kosearch::test::read_file;
using kosearch::test::TempDir;
using kosearch::test::write_file;

namespace {

struct Run {
  int status;
  std::string out, err;
};

// Runs `kosearch ARGS` through the shell with stdout and stderr to pipes (files), not a terminal.
Run run(const TempDir& tmp, const std::string& args) {
  const std::string out = (tmp / "stdout").string(), err = (tmp / "stderr").string();
  const int rc = std::system(("'" + std::string(KOSEARCH_CLI) + "' " + args + " >'" + out + "' 2>'" + err + "'").c_str());
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, read_file(out), read_file(err)};
}

// Runs the binary with stdout and stderr on a pseudo-terminal; returns what the terminal got.
std::string run_on_terminal(const std::vector<std::string>& args, int& status) {
  int master = -1;
  const pid_t pid = forkpty(&master, nullptr, nullptr, nullptr);
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(KOSEARCH_CLI)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(KOSEARCH_CLI, argv.data());
    _exit(127);
  }
  std::string got;
  std::array<char, 4096> buf{};
  for (;;) {
    const ssize_t n = read(master, buf.data(), buf.size());
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    got.append(buf.data(), static_cast<std::size_t>(n));
  }
  int rc = 0;
  waitpid(pid, &rc, 0);
  close(master);
  status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return got;
}

std::string one_article_index(const TempDir& tmp) {
  write_file(tmp / "in/a.txt", "메타, 스케일AI 지분 확보\n\n메타가 스케일AI의 지분 49%를 사들였다.\n");
  return "--index '" + (tmp / "idx").string() + "' ";
}

}  // namespace

TEST_CASE("index: numeric options out of range are usage errors naming the option and the range") {
  TempDir tmp;
  const std::string idx = one_article_index(tmp);
  const std::string in = " '" + (tmp / "in").string() + "'";
  for (const auto& [args, option] : std::vector<std::pair<std::string, std::string>>{
           {"-j -1", "--threads: '-1"},
           {"--threads 5000", "--threads: '5000"},
           {"--flush-every -5", "--flush-every: '-5"},
           {"--flush-every 0", "--flush-every: '0"},
           {"--passage-chars 0", "--passage-chars: '0"},
           {"--passage-max x", "--passage-max: 'x"}}) {
    CAPTURE(args);
    const auto r = run(tmp, "index -q " + idx + args + in);
    CHECK(r.status == 2);
    CHECK(r.err.find("option " + option + "' is not an integer from ") != std::string::npos);
    CHECK(!std::filesystem::exists(tmp / "idx"));  // refused before anything was written
  }
}

TEST_CASE("index: two switches of one setting contradict each other: a usage error naming both") {
  TempDir tmp;
  const std::string idx = one_article_index(tmp);
  const std::string in = " '" + (tmp / "in").string() + "'";
  for (const auto& [on, off] : std::vector<std::pair<std::string, std::string>>{
           {"--positions", "--no-positions"}, {"--append-only", "--updatable"}, {"--suggest", "--no-suggest"}}) {
    CAPTURE(on);
    const auto r = run(tmp, "index -q " + idx + on + " " + off + in);
    CHECK(r.status == 2);
    CHECK(r.err.find("error: " + on + " and " + off + " contradict each other") != std::string::npos);
    CHECK(!std::filesystem::exists(tmp / "idx"));
  }
}

TEST_CASE("index: the summary on stdout with plurals right, no progress when not a terminal, -q silent") {
  TempDir tmp;
  const std::string idx = one_article_index(tmp);
  const auto r = run(tmp, "index " + idx + "'" + (tmp / "in").string() + "'");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("kosearch: indexed 1 article (1 passage) from 1 file,") == 0);
  CHECK(r.out.find("now holds 1 passage\n") != std::string::npos);
  CHECK(r.err.empty());  // no progress: stderr is not a terminal
  const auto quiet = run(tmp, "index -q " + idx + "'" + (tmp / "in").string() + "'");
  REQUIRE(quiet.status == 0);
  CHECK(quiet.out.empty());
  CHECK(quiet.err.empty());
}

TEST_CASE("index on a terminal: progress on stderr, then one summary line; -q shows neither") {
  TempDir tmp;
  std::string jsonl;
  for (int i = 0; i < 300; ++i) {
    jsonl += "{\"_id\":\"d" + std::to_string(i) + "\",\"title\":\"제목\",\"text\":\"반도체 수출이 늘었다. 문서 " +
             std::to_string(i) + "입니다.\"}\n";
  }
  write_file(tmp / "c.jsonl", jsonl);
  int status = -1;
  const std::string shown = run_on_terminal(
      {"index", "--index", (tmp / "idx").string(), "-j", "2", (tmp / "c.jsonl").string()}, status);
  CHECK(status == 0);
  INFO(shown);
  CHECK(shown.find("indexing: ") != std::string::npos);
  CHECK(shown.find(" of ") != std::string::npos);                // done of total (bytes)
  CHECK(shown.find("MB/s") != std::string::npos);
  CHECK(shown.find("merging the parallel build's parts") != std::string::npos);
  CHECK(shown.find("kosearch: indexed 300 articles") != std::string::npos);
  const std::string silent = run_on_terminal(
      {"index", "-q", "--rebuild", "--index", (tmp / "idx").string(), (tmp / "c.jsonl").string()}, status);
  CHECK(status == 0);
  CHECK(silent.empty());
}

TEST_CASE("remove: plurals, the summary on stdout, an append-only index is an error (1), not a usage error") {
  TempDir tmp;
  const std::string idx = one_article_index(tmp);
  REQUIRE(run(tmp, "index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  const auto r = run(tmp, "remove " + idx + "a");
  CHECK(r.status == 0);
  CHECK(r.out == "kosearch: removed 1 of 1 article (1 passage); index " + (tmp / "idx").string() +
                     " now holds 0 passages\n");
  CHECK(r.err.find("removed \"a\" (1 passage)") != std::string::npos);
  const std::string lean = "--index '" + (tmp / "lean").string() + "' ";
  REQUIRE(run(tmp, "index -q --append-only " + lean + "'" + (tmp / "in").string() + "'").status == 0);
  const auto refused = run(tmp, "remove " + lean + "a");
  CHECK(refused.status == 1);
  CHECK(refused.err.find("append-only") != std::string::npos);
}

TEST_CASE("search: errors that say what is wrong") {
  TempDir tmp;
  const std::string idx = one_article_index(tmp);
  REQUIRE(run(tmp, "index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  // A query word that starts with '-' and is no option: the hint names `--`.
  const auto dash = run(tmp, "search " + idx + "스케일AI -openai");
  CHECK(dash.status == 2);
  CHECK(dash.err.find("kosearch search --index IDX -- -openai") != std::string::npos);
  CHECK(run(tmp, "search " + idx + "-- 스케일AI -openai").status == 0);
  // A query longer than the limit is a usage error.
  const auto longq = run(tmp, "search " + idx + "'" + std::string(25000, 'a') + "'");
  CHECK(longq.status == 2);
  CHECK(longq.err.find("the limit is") != std::string::npos);
  // A program or an article given as --index: "not an index", and no raw bytes.
  for (const std::string& file : {std::string("/usr/bin/ls"), (tmp / "in/a.txt").string()}) {
    CAPTURE(file);
    const auto r = run(tmp, "search --index '" + file + "' 지분");
    CHECK(r.status == 1);
    CHECK(r.err.find(file + " is not an index") != std::string::npos);
    for (const char c : r.err) CHECK((static_cast<unsigned char>(c) >= 0x20 || c == '\n'));
  }
  // A folder that holds no index: the advice is a new folder (indexing into this one is refused).
  write_file(tmp / "notes/readme.txt", "메모\n");
  const auto folder = run(tmp, "search --index '" + (tmp / "notes").string() + "' 지분");
  CHECK(folder.status == 1);
  CHECK(folder.err.find("holds no kosearch index") != std::string::npos);
  CHECK(folder.err.find("--index NEW_FOLDER") != std::string::npos);
}

TEST_CASE("search: the text output escapes control characters of the query and the hits") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", "메타 \x1b]0;title\x07투자\n\n메타가 \x1b[2J지분을 샀다.\n");
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  REQUIRE(run(tmp, "index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  const auto r = run(tmp, "search " + idx + "\"$(printf '\\033[31m')메타 지분\"");
  REQUIRE(r.status == 0);
  INFO(r.out);
  CHECK(r.out.find('\x1b') == std::string::npos);
  CHECK(r.out.find('\x07') == std::string::npos);
  CHECK(r.out.find("\"\\x1b[31m메타 지분\"") != std::string::npos);
  CHECK(r.out.find("1 passage matches") == 0);
}

TEST_CASE("search on corpus/: a quoted headline finds its article") {
  const std::filesystem::path corpus = std::filesystem::path(KOSEARCH_SOURCE_DIR) / "corpus";
  TempDir tmp;
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  REQUIRE(run(tmp, "index -q " + idx + "'" + corpus.string() + "'").status == 0);
  const auto r = run(tmp, "search -k 1 " + idx + "'\"격동의 여름\"'");
  REQUIRE(r.status == 0);
  CHECK(r.out.find("027_meta_ai_timeline#") != std::string::npos);
  const auto counted = run(tmp, "search -k 0 " + idx + "'\"격동의 여름\"'");
  CHECK(counted.out.find("0 passages") == std::string::npos);
}
