// kosearch compact: merges a sharded index into one database for read-only deployment.

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <chrono>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "terminal_text.hpp"
#include "kosearch/indexer/compact.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

int run_compact(const std::vector<std::string>& args) {
  po::options_description opts(
      "kosearch compact --index STUB_OR_DIR --out DIR\n"
      "Merges the shards of a sharded index (local shards only) into one compact database with\n"
      "Xapian's compactor; the result ranks exactly like the shards searched together");
  std::string index_dir;
  std::string out;
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"),
       "sharded index: directory holding XAPIANDB, or the stub file")
      ("out,o", po::value(&out), "new or empty directory for the merged index");
  if (!parse_command_line(args, opts)) return kExitOk;  // --help
  if (out.empty()) {
    fmt::print(stderr, "kosearch: error: no --out given. Example: kosearch compact --index idx --out idx-merged\n");
    return kExitUsage;
  }
  const auto start = std::chrono::steady_clock::now();
  const CompactReport r = compact_index(index_dir, out);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // The summary goes to stdout, as index's and remove's (docs/cli.md).
  fmt::print("kosearch: compacted {} of {} into {}: {}, {:.1f} MB in {:.1f} s\n",
             count_of(r.shards, "shard", "shards"), index_dir, out, count_of(r.passages, "passage", "passages"),
             static_cast<double>(r.bytes) / 1e6, secs);
  return kExitOk;
}

}  // namespace kosearch::cli
