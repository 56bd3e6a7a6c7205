#pragma once
// Parsing a command's arguments: one place for what every `kosearch <command>` does with Boost's
// parser (options, an optional list of positional arguments, --help).

#include <boost/program_options.hpp>

#include <optional>
#include <string>
#include <vector>

namespace kosearch::cli {

struct CommandLine {
  // The hidden option that takes every positional argument (a std::vector<std::string>); empty:
  // the command takes none.
  std::string positional = {};
  // Printed around the options by --help.
  std::string help_header = {};
  std::string help_footer = {};
  // Boost's extra style parser (e.g. `-메타` as a query word); empty: none.
  boost::program_options::command_line_parser::style_parser extra = {};
};

// Parses `args` with `visible` (listed by --help) and `how`. Returns nullopt when --help was
// given, after printing the help to stdout. Throws Boost's errors for unknown or bad options
// (main turns them into a usage error).
std::optional<boost::program_options::variables_map> parse_command_line(
    const std::vector<std::string>& args, const boost::program_options::options_description& visible,
    const CommandLine& how = {});

}  // namespace kosearch::cli
