#pragma once
// Runs the kosearch binary under test (KOSEARCH_CLI) through the shell, as a user would.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace kosearch::test {

struct CliOutput {
  int status;       // the exit status, -1 when killed by a signal
  std::string out;  // what it printed on stdout
};

// Runs `kosearch ARGS`; stderr goes to `err_file`.
inline CliOutput run_cli(const std::string& args, const std::string& err_file = "/dev/null") {
  const std::string cmd = std::string("'") + KOSEARCH_CLI + "' " + args + " 2>" + err_file;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int rc = pclose(p);
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, out};
}

}  // namespace kosearch::test
