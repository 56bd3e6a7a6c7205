// kosearch index: builds or updates an index from files and folders.

#include <unistd.h>

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <string_view>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "index_progress.hpp"
#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "terminal_text.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

namespace {

// Sets the indexer option of apply_indexer_option's table that `flag` names (`--passage-chars`:
// `passage_chars`), read as text (Boost would read `-1` as 4294967295); a bad value is a usage
// error naming the flag.
void apply_flag(IndexerOptions& o, std::string_view flag, std::string_view value) {
  std::string key(flag);
  std::replace(key.begin(), key.end(), '-', '_');
  try {
    apply_indexer_option(o, key, value);
  } catch (const InvalidArgument& e) {
    std::string message = e.what();
    if (const auto at = message.find(key); at != std::string::npos) message.replace(at, key.size(), "--" + std::string(flag));
    throw InvalidArgument(message);
  }
}

// The switches of `kosearch index`, each an option of the table set to a value.
struct Switch {
  const char* flag;
  const char* value;  // of the option the flag names without its `no-`
  const char* key;
};
constexpr std::array<Switch, 9> kSwitches = {{
    {"rebuild", "1", "rebuild"},
    {"strict", "1", "strict"},
    {"prune", "1", "prune"},
    {"positions", "1", "positions"},
    {"no-positions", "0", "positions"},
    {"append-only", "1", "append-only"},
    {"updatable", "0", "append-only"},
    {"suggest", "1", "suggest"},
    {"no-suggest", "0", "suggest"},
}};

}  // namespace

int run_index(const std::vector<std::string>& args) {
  std::string analyzers;  // from the registry
  for (const auto& n : analyzer_names()) analyzers += (analyzers.empty() ? "" : ", ") + n;
  po::options_description opts(
      "kosearch index [options] INPUT...\n"
      "INPUT: a .txt article, a .jsonl/.jsonl.zst file of {\"_id\",\"title\",\"text\"} records, a\n"
      "BEIR folder (corpus.jsonl[.zst]), or a folder of .txt articles and JSONL files (searched\n"
      "recursively; other files are named in a note). Re-indexing replaces articles by id;\n"
      "`kosearch remove` deletes them.\n"
      "News fields (docs/news.md): dates, outlet, reporters, section and URL are read from .txt\n"
      "pages' datelines, bylines and copyright lines, and from JSONL fields published (date),\n"
      "updated, publisher (source, press), reporters (author, byline), section (category), url\n"
      "(link); a value that cannot be read is a warning and the article is indexed without it.\n"
      "Incremental: the index records a content hash (XXH3) of every input file. A re-run skips\n"
      "files unchanged since they were last indexed completely, re-reads changed ones and, of a\n"
      "changed JSONL file, rewrites only the articles whose title, text or fields changed.\n"
      "Articles of deleted files (or gone from a changed JSONL file) stay until --prune. Files\n"
      "with skipped records are re-read every run and their warnings repeat.\n"
      "A .txt article's id is its path in the folder given (a/note); two JSONL files with one\n"
      "_id: the file whose path sorts last keeps it (reported, counted as skipped).\n"
      "The summary counts articles added, updated, unchanged and removed.\n"
      "Exit status: 0 all indexed, 1 error, 2 usage error, 3 done but some files/records skipped");
  std::string index_dir;
  IndexerOptions o;
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"), "index directory")
      ("shards", po::value<std::string>()->default_value("0"),
       "split the index into N shard databases written in parallel, plus a stub DIR/XAPIANDB "
       "listing them, one writer thread per shard (0: keep an existing index's layout; a new "
       "index is one database)")
      ("rebuild", "build the index anew from INPUT, beside the old one, which it replaces when "
       "complete (readers see the old index until then)")
      ("strict", "stop at the first malformed record")
      ("prune", "delete the articles of recorded input files that no longer exist, and those "
       "gone from a changed JSONL file (INPUT may then be left out)")
      ("analyzer", po::value<std::string>(),
       (analyzers + " (default: an existing index's own, " + std::string(kDefaultAnalyzer) +
        " for a new one)").c_str())
      ("passage-chars", po::value<std::string>(),
       "target passage length in characters (default: an existing index's own, else 500)")
      ("passage-max", po::value<std::string>(),
       "articles up to this many characters stay one passage (default: the index's own, else 1000)")
      ("overlap", po::value<std::string>(),
       "sentences shared by consecutive passages (default: the index's own, else 1)")
      ("encoding", po::value<std::string>(), "charset of .txt inputs (CP949, EUC-KR, UTF-16LE, ...); "
       "default: detect per file")
      ("positions", "store term positions (phrase-checked --variants; index 2.6x larger)")
      ("no-positions", "store no term positions (the default for a new index)")
      ("append-only", "build without Xapian termlists: ~40% smaller, faster to build, same search; "
       "new articles can be added later, but changed or deleted ones need --rebuild")
      ("updatable", "keep termlists so articles can be replaced and deleted in place (the "
       "default for a new index)")
      ("no-suggest", "build without the suggestion terms (`kosearch suggest`, query repairs): "
       "a smaller index and a faster build for one nobody types into")
      ("suggest", "add the suggestion terms (the default for a new index)")
      ("threads,j", po::value<std::string>()->default_value("0"),
       "parallel writers for a fresh JSONL build (0: one per core)")
      ("commit-every", po::value<std::string>()->default_value(std::to_string(o.commit_every)), "commit after N articles")
      ("flush-every", po::value<std::string>()->default_value(std::to_string(o.flush_passages)),
       "write buffered postings after N passages per writer thread (bounds memory: ~45 KB each)")
      ("part-passages", po::value<std::string>()->default_value(std::to_string(o.part_passages)),
       "a parallel fresh build writes temporary parts of at most N passages per thread, merged "
       "at the end (keeps a large build linear; 0: one part per thread)")
      ("quiet,q", "no progress and no summary (warnings still go to stderr)");
  const auto parsed = parse_command_line(args, opts, {.positional = "input"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  const bool prune = vm.count("prune") > 0;
  if (!vm.count("input") && !prune) {
    fmt::print(stderr, "kosearch: error: no INPUT given. Example: kosearch index --index idx corpus/\n");
    return kExitUsage;
  }
  // Unset, the passage options leave an existing index's own settings (o.passages unset).
  for (const char* flag : {"analyzer", "encoding", "shards", "threads", "commit-every", "flush-every",
                           "part-passages", "passage-chars", "passage-max", "overlap"}) {
    if (vm.count(flag)) apply_flag(o, flag, vm[flag].as<std::string>());
  }
  // Two switches of one option, both given (`--positions --no-positions`): a usage error.
  for (std::size_t i = 0; i < kSwitches.size(); ++i) {
    for (std::size_t j = i + 1; j < kSwitches.size(); ++j) {
      if (std::string_view(kSwitches[i].key) == kSwitches[j].key && vm.count(kSwitches[i].flag) &&
          vm.count(kSwitches[j].flag)) {
        fmt::print(stderr, "kosearch: error: --{} and --{} contradict each other\n", kSwitches[i].flag,
                   kSwitches[j].flag);
        return kExitUsage;
      }
    }
  }
  for (const auto& [flag, value, key] : kSwitches) {
    if (vm.count(flag)) apply_flag(o, key, value);
  }
  const bool quiet = vm.count("quiet") > 0;
  // Progress only for a person watching (stderr a terminal); the summary on stdout.
  std::vector<std::string> inputs;
  if (vm.count("input")) inputs = vm["input"].as<std::vector<std::string>>();
  const bool show_progress = !quiet && isatty(STDERR_FILENO) != 0;

  const auto start = std::chrono::steady_clock::now();
  Indexer indexer(index_dir, o);
  IndexProgressLine line(show_progress, show_progress ? input_bytes(inputs) : std::nullopt);
  const ProgressCallback progress = [&line](const IndexProgress& p) { line.update(p); };
  IngestReport total;
  auto add_up = [&](const IngestReport& r) {
    line.input_done(r);
    total.articles += r.articles;
    total.added += r.added;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    total.removed += r.removed;
    total.passages += r.passages;
    total.bytes += r.bytes;
    total.files += r.files;
    total.skipped += r.skipped;
    if (!r.notes.empty() || !r.problems.empty()) line.clear();
    for (const auto& n : r.notes) fmt::print(stderr, "kosearch: note: {}\n", n);
    for (const auto& p : r.problems) fmt::print(stderr, "kosearch: warning: {}\n", p);
  };
  for (const auto& input : inputs) add_up(indexer.add_path(input, show_progress ? progress : ProgressCallback()));
  if (prune) add_up(indexer.prune());
  indexer.commit();
  line.clear();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mb = static_cast<double>(total.bytes) / 1e6;
  if (!quiet) {
    fmt::print("kosearch: indexed {} ({}) from {}, {:.1f} MB in {:.1f} s ({:.1f} MB/s); articles: {} added, "
               "{} updated, {} unchanged, {} removed; skipped {}; index {} now holds {}\n",
               count_of(total.articles, "article", "articles"), count_of(total.passages, "passage", "passages"),
               count_of(total.files, "file", "files"), mb, secs, secs > 0 ? mb / secs : 0.0, total.added,
               total.updated, total.unchanged, total.removed, total.skipped, index_dir,
               count_of(indexer.passage_count(), "passage", "passages"));
  }
  return total.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace kosearch::cli
