#include "command_line.hpp"

#include <iostream>

namespace po = boost::program_options;

namespace kosearch::cli {

std::optional<po::variables_map> parse_command_line(const std::vector<std::string>& args,
                                                    const po::options_description& visible,
                                                    const CommandLine& how) {
  po::options_description all;
  all.add(visible);
  po::positional_options_description positional;
  if (!how.positional.empty()) {
    po::options_description hidden;
    hidden.add_options()(how.positional.c_str(), po::value<std::vector<std::string>>(), "");
    all.add(hidden);
    positional.add(how.positional.c_str(), -1);
  }
  po::command_line_parser parser(args);
  parser.options(all).positional(positional);
  if (how.extra) parser.extra_style_parser(how.extra);
  po::variables_map vm;
  po::store(parser.run(), vm);
  po::notify(vm);
  if (vm.count("help")) {
    std::cout << how.help_header << visible << "\n" << how.help_footer;
    return std::nullopt;
  }
  return vm;
}

}  // namespace kosearch::cli
