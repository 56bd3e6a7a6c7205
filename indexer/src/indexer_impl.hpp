#pragma once
// Internal: the state of an Indexer (indexer.hpp's pimpl), shared by the files that implement
// it: indexer_impl.cpp (settings, build beside and switch), add_files.cpp (.txt and JSONL
// files), pipeline.cpp (the parallel build), folder_walk.cpp (inputs), remove.cpp (remove, prune).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "crash_hook.hpp"
#include "ingest/jsonl.hpp"
#include "ingest/source_hash.hpp"
#include "shard_hash.hpp"
#include "write_lock.hpp"
#include "writer.hpp"

namespace kosearch {

using Clock = std::chrono::steady_clock;
using detail::Record;

struct Indexer::Impl {
  IndexerOptions options;
  Analyzer analyzer;
  Writer main;
  // A sharded index (--shards N): one writer per shard, documents routed by a stable hash of
  // their id; `main` is then unused.
  std::vector<std::unique_ptr<Writer>> shards;
  // Build lifecycle (open(), publish(), ~Impl()): the index as given, its write lock (taken
  // before anything is created or deleted), and for a fresh build or --rebuild the folder beside
  // it that is written instead and switched in by publish().
  fs::path index;
  std::optional<detail::WriteLock> lock;
  std::optional<fs::path> building;
  std::optional<detail::WriteLock> building_lock;
  bool created = false;  // open() created `index`: removed again if nothing is published
  int exceptions_at_open = std::uncaught_exceptions();
  detail::CrashHook crash;
  std::atomic<std::uint64_t> clashes{0};  // id clashes reported (the other file's line is looked up for 100)

  Impl(const fs::path& p, const IndexerOptions& o)
      : options(with_index_settings(p, o)), analyzer(Analyzer::by_name(options.analyzer)), main(p, options, analyzer) {}
  // Without commit(), a build beside is switched in at a normal end of scope (work added is kept,
  // as Xapian commits on close) and discarded when an exception unwinds.
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  // `o` with the analyzer and passage settings it leaves unset taken from the index at `p` (if
  // there is one and it is not to be rebuilt), else the defaults. A setting given that differs
  // from the index's own is refused here, with what to do.
  static IndexerOptions with_index_settings(const fs::path& p, IndexerOptions o);

  void open();
  // Switches a build beside into place (after every writer committed); nothing otherwise.
  void publish();
  // Deletes a build beside that is not to be published (and `index` if open() created it).
  void discard() noexcept;
  // The writers of the index: `main`, or the shards of a sharded index.
  std::vector<Writer*> writers() {
    std::vector<Writer*> all;
    if (shards.empty()) all.push_back(&main);
    for (auto& s : shards) all.push_back(s.get());
    return all;
  }
  Writer& writer_for(const std::string& id) {
    return shards.empty() ? main : *shards[detail::shard_of(id, shards.size())];
  }
  // Source records of JSONL files live in shard 0 of a sharded index; a .txt file's record lives
  // with its one article (ledger_for(its id)), so both land in the same commit.
  detail::SourceLedger ledger() { return ledger_of(shards.empty() ? main : *shards[0]); }
  detail::SourceLedger ledger_for(const std::string& id) { return ledger_of(writer_for(id)); }
  static detail::SourceLedger ledger_of(Writer& w) { return {w.db, w.path}; }
  bool fresh() const {
    if (shards.empty()) return main.fresh;
    return std::all_of(shards.begin(), shards.end(), [](const auto& w) { return w->fresh; });
  }
  static void count(const Writer::Added& a, IngestReport& r) {
    // A new article without text (no passage) is not in the index: nothing was added.
    if (a.passages == 0 && !a.replaced) return;
    r.passages += a.passages;
    ++r.articles;
    ++(a.replaced ? r.updated : r.added);
  }
  unsigned threads() const {
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    return options.threads == 0 ? hw : options.threads;
  }

  // Indexes the inputs of folder `input` (folder_walk.cpp): a BEIR folder's corpus, else its
  // .txt articles and JSONL files in sorted order.
  void add_folder(const fs::path& input, IngestReport& report, const ProgressCallback& progress,
                  Clock::time_point start);
  // Indexes one .txt article as `id` (see txt_id()).
  void add_txt(const fs::path& file, const std::string& id, IngestReport& report);
  // Whether record `r` of JSONL file `file` (source name `name`) is written by `w`, given an
  // article with its id from another file (id_clash.hpp): reports a clash in `report`, and
  // adds the losing file's name to `unrecord` (it no longer holds all its articles: to be read
  // again next run).
  bool wins_clash(Writer& w, const Record& r, const fs::path& file, const std::string& name,
                  IngestReport& report, std::vector<std::string>& unrecord);
  // Reads JSONL records and hands each to `sink`; reports malformed records. Returns the ids of
  // the records handed over.
  std::unordered_set<std::string> read_jsonl(const fs::path& file, IngestReport& report,
                                             const ProgressCallback& progress,
                                             Clock::time_point start,
                                             const std::function<void(Record&&)>& sink) {
    return detail::read_jsonl(file, options.strict, report,
                              [&] { report_progress(report, progress, start); }, sink);
  }
  void add_jsonl(const fs::path& file, IngestReport& report, const ProgressCallback& progress,
                 Clock::time_point start);
  // What to record for the file once all its records were read (nullopt: nothing).
  using RecordOf =
      std::function<std::optional<detail::SourceRecord>(const std::unordered_set<std::string>&)>;
  void add_jsonl_parallel(const fs::path& file, const std::string& source, const RecordOf& record_of,
                          IngestReport& report, const ProgressCallback& progress,
                          Clock::time_point start, unsigned n);
  // Reads `file` and feeds each record to writers[shard_of(id)], one thread per writer, each
  // committing at the end; an unchanged article (same content hash and source) is skipped unless
  // `fresh`. Returns the ids read.
  std::unordered_set<std::string> feed_writers(std::vector<std::unique_ptr<Writer>>& writers,
                                               const fs::path& file, const std::string& source,
                                               bool fresh, IngestReport& report,
                                               const ProgressCallback& progress,
                                               Clock::time_point start, const std::string& name);
  void report_progress(const IngestReport& r, const ProgressCallback& progress,
                       Clock::time_point start) const {
    if (!progress) return;
    IndexProgress p;
    p.articles = r.articles;
    p.passages = r.passages;
    p.bytes = r.bytes;
    p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    progress(p);
  }
};

}  // namespace kosearch
