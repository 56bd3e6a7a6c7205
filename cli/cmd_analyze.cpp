// kosearch analyze: prints exactly the tokens the library's Analyzer produces.

#include <boost/program_options.hpp>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <iterator>

#include "command_line.hpp"
#include "commands.hpp"
#include "kosearch/analyzers/analyzer.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

int run_analyze(const std::vector<std::string>& args) {
  po::options_description opts("kosearch analyze [options] TEXT...  (reads stdin when no TEXT)");
  std::string analyzer_name;
  std::string names;  // from the registry
  for (const auto& n : analyzer_names()) names += (names.empty() ? "" : ", ") + n;
  opts.add_options()
      ("help,h", "show this help")
      ("analyzer", po::value(&analyzer_name)->default_value(std::string(kDefaultAnalyzer)),
       ("analyzer: " + names).c_str())
      ("json", "print a JSON array of tokens")
      ("normalized", "also print the normalized text");
  const auto parsed = parse_command_line(
      args, opts,
      {.positional = "text",
       .help_footer = "Columns: position, term, [begin,end) byte offsets into the input, token kind, "
                      "and the input bytes the term came from.\n"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  std::string text;
  if (vm.count("text")) {
    for (const auto& t : vm["text"].as<std::vector<std::string>>()) {
      if (!text.empty()) text.push_back(' ');
      text += t;
    }
  } else {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  const Analyzer analyzer = Analyzer::by_name(analyzer_name);
  const auto tokens = analyzer.analyze(text);
  if (vm.count("json")) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& t : tokens) {
      out.push_back({{"term", t.term}, {"position", t.position}, {"begin", t.begin},
                     {"end", t.end}, {"kind", token_kind_name(t.kind)}});
    }
    std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  fmt::print("# analyzer {} ({})\n", analyzer.signature(), analyzer.describe());
  if (vm.count("normalized")) fmt::print("# normalized: {}\n", analyzer.normalize(text));
  fmt::print("{:>4}  {:<12} {:<10} {:<8} {}\n", "pos", "term", "bytes", "kind", "source");
  for (const auto& t : tokens) {
    fmt::print("{:>4}  {:<12} {:<10} {:<8} {}\n", t.position, t.term,
               fmt::format("{}-{}", t.begin, t.end), token_kind_name(t.kind),
               text.substr(t.begin, t.end - t.begin));
  }
  fmt::print("# {} tokens\n", tokens.size());
  return kExitOk;
}

}  // namespace kosearch::cli
