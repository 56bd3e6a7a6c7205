#pragma once
// One function per `kosearch <command>`; each gets the arguments after the command name and
// returns the exit status: 0 success, 1 runtime or data error, 2 usage error.

#include <string>
#include <vector>

namespace kosearch::cli {

int run_index(const std::vector<std::string>& args);
int run_search(const std::vector<std::string>& args);
int run_analyze(const std::vector<std::string>& args);
int run_eval(const std::vector<std::string>& args);
int run_serve(const std::vector<std::string>& args);
int run_compact(const std::vector<std::string>& args);
int run_remove(const std::vector<std::string>& args);
int run_stats(const std::vector<std::string>& args);
int run_suggest(const std::vector<std::string>& args);

// Exit statuses shared by all commands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitError = 1;
inline constexpr int kExitUsage = 2;
// Finished, but skipped something: `kosearch index` some files or records, `kosearch remove`
// ids the index does not hold (see the summary).
inline constexpr int kExitSkipped = 3;

}  // namespace kosearch::cli
