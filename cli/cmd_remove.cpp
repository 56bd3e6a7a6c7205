// kosearch remove: deletes articles from an index by id.

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <fstream>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "terminal_text.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

namespace {

// One id per line of `file` ("-": standard input); blank lines and surrounding spaces ignored.
void read_ids(const std::string& file, std::vector<std::string>& ids) {
  std::ifstream in;
  std::istream* is = &std::cin;
  if (file != "-") {
    in.open(file);
    if (!in) throw IoError("cannot read ids from " + file + ": no such file or not readable");
    is = &in;
  }
  for (std::string line; std::getline(*is, line);) {
    const auto b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    const auto e = line.find_last_not_of(" \t\r");
    ids.push_back(line.substr(b, e - b + 1));
  }
}

}  // namespace

int run_remove(const std::vector<std::string>& args) {
  po::options_description opts(
      "kosearch remove [options] ID...\n"
      "Deletes articles (all their passages) by id, as `kosearch search` shows it (doc_id), and\n"
      "commits. Incremental indexing forgets each article's source file, so indexing that file\n"
      "again adds the article back if the file still holds it: delete it from the source too.\n"
      "An append-only index cannot delete (rebuild it): exit status 1.\n"
      "Each removed id is named on stderr (not with -q); the summary goes to stdout.\n"
      "Exit status: 0 all removed, 1 error, 2 usage error, 3 some ids were not in the index");
  std::string index_dir;
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"), "index directory")
      ("ids-from", po::value<std::string>(), "also read ids from this file, one per line (- for stdin)")
      ("quiet,q", "print only the summary");
  const auto parsed = parse_command_line(args, opts, {.positional = "id"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  std::vector<std::string> ids;
  if (vm.count("id")) ids = vm["id"].as<std::vector<std::string>>();
  if (vm.count("ids-from")) read_ids(vm["ids-from"].as<std::string>(), ids);
  if (ids.empty()) {
    fmt::print(stderr, "kosearch: error: no ID given. Example: kosearch remove --index idx 002_scale_ai_stake_49\n");
    return kExitUsage;
  }
  // Opening a writer creates an index where there is none: check first.
  if (!Indexer::exists(index_dir)) {
    throw IndexNotFound("no index at " + index_dir + "; nothing to remove from. Give the index "
                        "directory with --index.");
  }
  Indexer indexer(index_dir);
  const bool quiet = vm.count("quiet") > 0;
  std::uint64_t removed = 0, passages = 0, missing = 0;
  for (const auto& id : ids) {
    std::uint64_t n = 0;
    try {
      n = indexer.remove(id);
    } catch (const InvalidArgument& e) {
      // The index cannot delete (append-only): a property of the index, not a usage error.
      fmt::print(stderr, "kosearch: error: {}\n", e.what());
      return kExitError;
    }
    if (n == 0) {
      ++missing;
      // `doc#3` as `kosearch search` prints a hit: a passage id, not an article's.
      const auto hash = id.rfind('#');
      const bool passage_id = hash != std::string::npos && hash + 1 < id.size() &&
                              id.find_first_not_of("0123456789", hash + 1) == std::string::npos;
      fmt::print(stderr, "kosearch: warning: \"{}\" is not in index {}{}\n", id, index_dir,
                 passage_id ? fmt::format(" (a passage id? remove takes article ids: \"{}\")", id.substr(0, hash))
                            : std::string());
      continue;
    }
    ++removed;
    passages += n;
    if (!quiet) fmt::print(stderr, "removed \"{}\" ({})\n", id, count_of(n, "passage", "passages"));
  }
  indexer.commit();
  fmt::print("kosearch: removed {} of {} ({}); index {} now holds {}\n", removed,
             count_of(ids.size(), "article", "articles"), count_of(passages, "passage", "passages"), index_dir,
             count_of(indexer.passage_count(), "passage", "passages"));
  return missing > 0 ? kExitSkipped : kExitOk;
}

}  // namespace kosearch::cli
