// kosearch suggest: completions of a typed prefix, drawn from the index.

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "kosearch/json/results.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "kosearch/json/suggestions.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

int run_suggest(const std::vector<std::string>& args) {
  po::options_description opts("kosearch suggest [options] PREFIX");
  std::string index_dir;
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"),
       "index directory, or a sharded index (directory with XAPIANDB, or the stub file)")
      ("allow-missing-shards", "complete from the shards that are up when some are down (warned)")
      ("k,k", po::value<std::string>()->default_value("10"), "number of completions")
      ("json", "print one JSON object, as GET /suggest of `kosearch serve`: "
               "{prefix, suggestions: [{text, count}]}");
  CommandLine how;
  how.positional = "prefix";
  how.help_footer =
      "\nPREFIX as typed, keystroke by keystroke: 스케이 / 스켕 (a syllable being composed), ㅅㅋㅇ or\n"
      "스ㅋㅇ (initial consonants), tmzpdl (Hangul typed in the English layout), scal (Latin).\n"
      "Completions are words and short phrases of the index's titles and texts, by the number\n"
      "of articles holding them. Several arguments are one prefix joined by spaces.";
  const auto parsed = parse_command_line(args, opts, how);
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("prefix")) throw InvalidArgument("suggest: no PREFIX given. Example: kosearch suggest --index IDX 스케");
  std::string prefix;
  for (const auto& word : vm["prefix"].as<std::vector<std::string>>()) {
    if (!prefix.empty()) prefix += ' ';
    prefix += word;
  }
  const std::string k_text = vm["k"].as<std::string>();
  std::uint32_t k = 0;
  try {
    std::size_t used = 0;
    const unsigned long v = std::stoul(k_text, &used);
    if (used != k_text.size() || k_text[0] == '-' || v > 1000) throw std::out_of_range("k");
    k = static_cast<std::uint32_t>(v);
  } catch (const std::logic_error&) {
    throw InvalidArgument("-k must be an integer from 0 to 1000, got '" + k_text + "'");
  }
  SearcherOptions so;
  so.allow_missing_shards = vm.count("allow-missing-shards") > 0;
  Searcher searcher(index_dir, so);
  for (const auto& w : searcher.warnings()) fmt::print(stderr, "kosearch: warning: {}\n", w);
  const Suggestions s = searcher.suggest(prefix, k);
  if (vm.count("json")) {
    std::cout << json::dump_json(json::to_json(s));
    return kExitOk;
  }
  if (!s.warning.empty()) fmt::print(stderr, "kosearch: warning: {}\n", s.warning);
  if (!s.reading.empty()) fmt::print("(typed in the English layout: {})\n", s.reading);
  for (const Suggestion& x : s.suggestions) fmt::print("{}\t{}\n", x.text, x.count);
  return kExitOk;
}

}  // namespace kosearch::cli
