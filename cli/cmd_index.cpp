// kosearch index: builds or updates an index from files and folders.

#include <unistd.h>

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <chrono>
#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "kosearch/indexer/indexer.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

int run_index(const std::vector<std::string>& args) {
  po::options_description opts(
      "kosearch index [options] INPUT...\n"
      "INPUT: a .txt article, a .jsonl/.jsonl.zst file of {\"_id\",\"title\",\"text\"} records, a\n"
      "BEIR folder (corpus.jsonl[.zst]), or a folder of .txt articles and JSONL files (searched\n"
      "recursively; other files are named in a note). Re-indexing replaces articles by id;\n"
      "`kosearch remove` deletes them.\n"
      "Incremental: the index records a content hash (XXH3) of every input file. A re-run skips\n"
      "files unchanged since they were last indexed completely, re-reads changed ones and, of a\n"
      "changed JSONL file, rewrites only the articles whose title or text changed. Articles of\n"
      "deleted files (or gone from a changed JSONL file) stay until --prune. Files with skipped\n"
      "records are re-read every run and their warnings repeat.\n"
      "A .txt article's id is its path in the folder given (a/note); two JSONL files with one\n"
      "_id: the file whose path sorts last keeps it (reported, counted as skipped).\n"
      "The summary counts articles added, updated, unchanged and removed.\n"
      "Exit status: 0 all indexed, 1 error, 2 usage error, 3 done but some files/records skipped");
  std::string index_dir;
  IndexerOptions o;
  PassageOptions passages;  // the defaults, with the --passage-* options given
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"), "index directory")
      ("shards", po::value(&o.shards)->default_value(0),
       "split the index into N shard databases written in parallel, plus a stub DIR/XAPIANDB "
       "listing them, one writer thread per shard (0: keep an existing index's layout; a new "
       "index is one database)")
      ("rebuild", "build the index anew from INPUT, beside the old one, which it replaces when "
       "complete (readers see the old index until then)")
      ("strict", "stop at the first malformed record")
      ("prune", "delete the articles of recorded input files that no longer exist, and those "
       "gone from a changed JSONL file (INPUT may then be left out)")
      ("analyzer", po::value(&o.analyzer), "ko-bigram, ko-bigram-lead, ko-bigram-nox, ko-bigram-nocompounds "
       "(default: an existing index's own, ko-bigram for a new one)")
      ("passage-chars", po::value(&passages.target_chars),
       "target passage length in characters (default: an existing index's own, else 500)")
      ("passage-max", po::value(&passages.max_chars),
       "articles up to this many characters stay one passage (default: the index's own, else 1000)")
      ("overlap", po::value(&passages.overlap_sentences),
       "sentences shared by consecutive passages (default: the index's own, else 1)")
      ("encoding", po::value(&o.encoding), "charset of .txt inputs (CP949, EUC-KR, UTF-16LE, ...); "
       "default: detect per file")
      ("positions", "store term positions (for --set proximity=...; index 2.6x larger)")
      ("no-positions", "store no term positions (the default for a new index)")
      ("append-only", "build without Xapian termlists: ~40% smaller, faster to build, same search; "
       "new articles can be added later, but changed or deleted ones need --rebuild")
      ("updatable", "keep termlists so articles can be replaced and deleted in place (the "
       "default for a new index)")
      ("threads,j", po::value(&o.threads)->default_value(0),
       "parallel writers for a fresh JSONL build (0: one per core)")
      ("commit-every", po::value(&o.commit_every)->default_value(20000), "commit after N articles")
      ("flush-every", po::value(&o.flush_passages)->default_value(IndexerOptions{}.flush_passages),
       "write buffered postings after N passages per writer thread (bounds memory: ~45 KB each)")
      ("part-passages", po::value(&o.part_passages)->default_value(IndexerOptions{}.part_passages),
       "a parallel fresh build writes temporary parts of at most N passages per thread, merged "
       "at the end (keeps a large build linear; 0: one part per thread)")
      ("quiet,q", "no progress output");
  const auto parsed = parse_command_line(args, opts, {.positional = "input"});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  const bool prune = vm.count("prune") > 0;
  if (!vm.count("input") && !prune) {
    fmt::print(stderr, "kosearch: error: no INPUT given. Example: kosearch index --index idx corpus/\n");
    return kExitUsage;
  }
  // Unset, an existing index is extended with its own passage settings.
  if (vm.count("passage-chars") || vm.count("passage-max") || vm.count("overlap")) o.passages = passages;
  o.rebuild = vm.count("rebuild") > 0;
  o.strict = vm.count("strict") > 0;
  o.prune = prune;
  if (vm.count("positions") && vm.count("no-positions")) {
    fmt::print(stderr, "kosearch: error: --positions and --no-positions contradict each other\n");
    return kExitUsage;
  }
  if (vm.count("append-only") && vm.count("updatable")) {
    fmt::print(stderr, "kosearch: error: --append-only and --updatable contradict each other\n");
    return kExitUsage;
  }
  if (vm.count("append-only")) o.append_only = true;
  if (vm.count("updatable")) o.append_only = false;
  if (vm.count("positions")) o.positions = true;
  if (vm.count("no-positions")) o.positions = false;
  const bool quiet = vm.count("quiet") > 0;
  const bool tty = isatty(STDERR_FILENO) != 0;

  const auto start = std::chrono::steady_clock::now();
  Indexer indexer(index_dir, o);
  auto last = std::chrono::steady_clock::now() - std::chrono::seconds(10);
  const ProgressCallback progress = [&](const IndexProgress& p) {
    const auto now = std::chrono::steady_clock::now();
    if (quiet || now - last < std::chrono::seconds(tty ? 1 : 5)) return;
    last = now;
    const double mb = static_cast<double>(p.bytes) / 1e6;
    fmt::print(stderr, "{}indexed {} articles, {} passages, {:.1f} MB, {:.1f} MB/s{}", tty ? "\r" : "",
               p.articles, p.passages, mb, p.seconds > 0 ? mb / p.seconds : 0.0, tty ? "" : "\n");
  };
  IngestReport total;
  auto add_up = [&](const IngestReport& r) {
    total.articles += r.articles;
    total.added += r.added;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    total.removed += r.removed;
    total.passages += r.passages;
    total.bytes += r.bytes;
    total.files += r.files;
    total.skipped += r.skipped;
    for (const auto& n : r.notes) fmt::print(stderr, "kosearch: note: {}\n", n);
    for (const auto& p : r.problems) fmt::print(stderr, "kosearch: warning: {}\n", p);
  };
  if (vm.count("input")) {
    for (const auto& input : vm["input"].as<std::vector<std::string>>()) {
      add_up(indexer.add_path(input, progress));
    }
  }
  if (prune) add_up(indexer.prune());
  indexer.commit();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double mb = static_cast<double>(total.bytes) / 1e6;
  if (tty && !quiet) fmt::print(stderr, "\n");
  fmt::print(stderr,
             "kosearch: indexed {} articles ({} passages) from {} files, {:.1f} MB in {:.1f} s "
             "({:.1f} MB/s); articles: {} added, {} updated, {} unchanged, {} removed; "
             "skipped {}; index {} now holds {} passages\n",
             total.articles, total.passages, total.files, mb, secs, secs > 0 ? mb / secs : 0.0,
             total.added, total.updated, total.unchanged, total.removed, total.skipped, index_dir,
             indexer.passage_count());
  return total.skipped > 0 ? kExitSkipped : kExitOk;
}

}  // namespace kosearch::cli
