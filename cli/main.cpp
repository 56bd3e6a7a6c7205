// kosearch: command-line entry point. Dispatches to cmd_<name>.cpp; holds no search logic.

#include <boost/program_options/errors.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/version.hpp"

namespace {

constexpr const char* kUsage = R"(kosearch — Korean full-text passage search

Usage: kosearch <command> [options]

Commands:
  index     build or update an index from .txt articles, JSONL or BEIR folders
  search    rank passages for a query
  suggest   complete a typed prefix (as typed: 스케이, ㅅㅋㅇ, tmzpdl) from the index's words
  remove    delete articles from an index by id
  stats     what an index holds and how it was built
  analyze   show the terms a text becomes (term, position, byte offsets)
  eval      score runs against relevance judgments (trec_eval-exact), compare systems
  serve     answer searches over HTTP (GET /search, /suggest, /health, /stats)
  compact   merge the shards of a sharded index into one database

Run `kosearch <command> --help` for the options of a command.
  --help      this text
  --version   print the version
)";

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&);
};

constexpr Command kCommands[] = {
    {"index", kosearch::cli::run_index},
    {"search", kosearch::cli::run_search},
    {"analyze", kosearch::cli::run_analyze},
    {"eval", kosearch::cli::run_eval},
    {"serve", kosearch::cli::run_serve},
    {"compact", kosearch::cli::run_compact},
    {"remove", kosearch::cli::run_remove},
    {"stats", kosearch::cli::run_stats},
    {"suggest", kosearch::cli::run_suggest},
};

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::fputs(kUsage, stderr);
    return kosearch::cli::kExitUsage;
  }
  const std::string command = argv[1];
  if (command == "--help" || command == "-h" || command == "help") {
    std::fputs(kUsage, stdout);
    return kosearch::cli::kExitOk;
  }
  if (command == "--version") {
    fmt::print("kosearch {}\n", KOSEARCH_VERSION_STRING);
    return kosearch::cli::kExitOk;
  }
  const std::vector<std::string> args(argv + 2, argv + argc);
  for (const auto& c : kCommands) {
    if (command == c.name) return c.run(args);
  }
  fmt::print(stderr, "kosearch: error: unknown command '{}'. Valid commands: index, search, suggest, remove, stats, analyze, eval, serve, compact.\n", command);
  return kosearch::cli::kExitUsage;
} catch (const boost::program_options::unknown_option& e) {
  // `kosearch search X -openai`: a query word to leave out, taken for an option.
  const std::string name = e.get_option_name();
  const std::string command = argv[1];
  if (command == "search" && name.size() > 1 && name[0] == '-') {
    fmt::print(stderr,
               "kosearch: error: {}. A query word that starts with '-' goes after `--`, which ends the "
               "options: kosearch search --index IDX -- {}\n",
               e.what(), name);
  } else {
    fmt::print(stderr, "kosearch: error: {}. Run `kosearch {} --help`.\n", e.what(), command);
  }
  return kosearch::cli::kExitUsage;
} catch (const boost::program_options::error& e) {
  fmt::print(stderr, "kosearch: error: {}. Run `kosearch {} --help`.\n", e.what(), argc > 1 ? argv[1] : "");
  return kosearch::cli::kExitUsage;
} catch (const kosearch::QuerySyntax& e) {
  // A query that cannot be run (too long): the user's input, like a bad option.
  fmt::print(stderr, "kosearch: error: {}\n", e.what());
  return kosearch::cli::kExitUsage;
} catch (const kosearch::InvalidArgument& e) {
  fmt::print(stderr, "kosearch: error: {}\n", e.what());
  return kosearch::cli::kExitUsage;
} catch (const kosearch::Error& e) {
  fmt::print(stderr, "kosearch: error: {}\n", e.what());
  return kosearch::cli::kExitError;
} catch (const std::exception& e) {
  fmt::print(stderr, "kosearch: error: {}\n", e.what());
  return kosearch::cli::kExitError;
}
