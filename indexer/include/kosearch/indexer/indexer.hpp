#pragma once
/// @file Building and updating a kosearch index.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/indexer/document.hpp"
#include "kosearch/indexer/passages.hpp"

namespace kosearch {

/// Settings of an index build. The analyzer and passage settings are stored in the index: left
/// unset, an existing index is extended with its own; set and different, opening it throws
/// IndexVersionMismatch (rebuild to change them).
struct IndexerOptions {
  /// Analyzer registry name (see `analyzer_names()`). Empty: an existing index's own, "ko-bigram"
  /// for a new one. Default: empty.
  std::string analyzer;
  /// How articles are cut into passages. Unset: an existing index's own, PassageOptions{} for a
  /// new one. Default: unset.
  std::optional<PassageOptions> passages;
  /// Commit after this many articles. Default: 20000.
  std::uint32_t commit_every = 20000;
  /// Write buffered postings to disk (a commit) after this many passages per writer thread.
  /// This bounds the indexer's memory, whatever the corpus size (about 45 KB per buffered
  /// passage of news text), and small batches are also faster than Xapian's own threshold of
  /// 10,000 documents: its in-memory posting maps (a std::map node per posting) get slower as
  /// they grow. korquad1_wiki, one thread: 10,000: 62.7 s, 3,000: 43.6 s, 1,000: 35.8 s,
  /// 500: 36.7 s, 200: 47.8 s. Default: 1000.
  std::uint32_t flush_passages = 1000;
  /// A parallel build of a fresh index writes each thread's passages into temporary databases
  /// of at most this many passages, merged by Xapian's compactor at the end: each commit costs
  /// more as a database grows, so small parts keep a large build's speed linear. 0: one part per
  /// thread. Default: 50000.
  std::uint32_t part_passages = 50000;
  /// Build the index anew from this session's input: it is written beside the index
  /// (`.NAME.next`) and replaces it at `commit()`; until then readers see the old index, and a
  /// failed or killed run leaves the old index as it was. Default: false.
  bool rebuild = false;
  /// Stop at the first malformed record instead of reporting it and going on. Default: false.
  bool strict = false;
  /// Store term positions: needed only for the proximity boost (off by default: it lowered
  /// nDCG@10 on KorQuAD) and for phrase-checked spelling variants; they make the index 2.6x
  /// larger (korquad1_wiki: 361 vs 140 MB) and the build slower. Unset: a new index has none, an
  /// existing index keeps its setting; set and different from an existing index's setting:
  /// IndexVersionMismatch. Default: unset.
  std::optional<bool> positions;
  /// Build the index without Xapian's termlists (the per-passage list of terms that Xapian
  /// needs to replace or delete a document): korquad1_wiki 82 instead of 142 MB, and a faster
  /// build. Searching is the same. Articles can still be added later (new ids; an unchanged
  /// file is still skipped), but an article that changed, a repeated id or `prune` throws
  /// InvalidArgument naming the article: such an index is updated by rebuilding it. Unset: a
  /// new index is updatable, an existing one keeps its setting; set and different from an
  /// existing index's setting: IndexVersionMismatch. Default: unset.
  std::optional<bool> append_only;
  /// Add the suggestion terms (the words and title phrases `Searcher::suggest` completes a typed
  /// prefix to, and the query repairs read; docs/suggest.md): false builds without them, for a
  /// smaller index and a faster build when nobody types into it. Unset: a new index has them, an
  /// existing one keeps its setting; set and different from an existing index's setting:
  /// IndexVersionMismatch. Default: unset.
  std::optional<bool> suggest;
  /// Charset of `.txt` inputs ("CP949", "EUC-KR", "UTF-16LE", ... any name ICU knows); empty
  /// detects it per file (UTF-8, BOMs, then ICU's detector). Default: empty.
  std::string encoding;
  /// Analysis threads (0 = one per core). Default: 0.
  std::uint32_t threads = 0;
  /// When a changed JSONL file is re-read, delete the indexed articles that came from it but are
  /// no longer in it (see also `Indexer::prune`). Default: false (they stay until deleted).
  bool prune = false;
  /// Split the index into this many shard databases, written in parallel (one writer thread
  /// each for JSONL input; `threads` does not apply): `DIR/shard-0..N-1` plus a Xapian stub file `DIR/XAPIANDB` listing them, which
  /// Searcher (and Xapian) open as one index. Documents go to the shard given by a stable hash
  /// (FNV-1a 64) of their id, so re-indexing a document replaces it in place. 0 keeps the
  /// layout of an existing index (a new one is one database); 1 is one database. A value that
  /// differs from an existing index's layout is IndexVersionMismatch unless `rebuild`.
  /// Default: 0.
  std::uint32_t shards = 0;
};

/// Sets one IndexerOptions field by name, for the C API (ks_indexer_open_options) and config
/// files: `analyzer`, `passage_chars`, `passage_max`, `overlap` (a passage setting given sets
/// the others to their defaults unless given too), `positions`, `append_only`, `suggest`, `shards`,
/// `threads`, `commit_every`, `flush_every`, `part_passages`, `encoding`, `rebuild`, `strict`,
/// `prune`. Throws InvalidArgument for an unknown key (the message lists the valid ones) or a
/// bad value, leaving `options` as it was.
void apply_indexer_option(IndexerOptions& options, std::string_view key, std::string_view value);

/// Progress of a running `add_path` (reported every few thousand articles and at the end).
struct IndexProgress {
  std::uint64_t articles = 0;
  std::uint64_t passages = 0;
  std::uint64_t bytes = 0;  ///< input bytes consumed
  double seconds = 0.0;
  /// The input is read: the final merge of a parallel build's parts has begun (reported once).
  bool merging = false;
};

/// What `add_path` did. Problems are listed with file:line and never stop the run unless
/// `strict` is set.
///
/// Incremental: every source file is recorded with the hash of its content; a file unchanged since
/// it was last indexed completely is skipped unread (its articles count as `unchanged`), and of a
/// changed JSONL file only the articles whose title or text changed are rewritten.
struct IngestReport {
  std::uint64_t articles = 0;      ///< articles written: added + updated
  std::uint64_t added = 0;         ///< articles whose id was not in the index
  std::uint64_t updated = 0;       ///< articles that replaced one with the same id
  std::uint64_t unchanged = 0;     ///< articles left as they were (same content, same file)
  std::uint64_t removed = 0;       ///< articles deleted (`prune`)
  std::uint64_t passages = 0;
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;         ///< input files read
  std::uint64_t skipped = 0;       ///< files or records skipped (see `problems`)
  std::vector<std::string> problems;  ///< one line each: "path:line: what. what to do"
  std::vector<std::string> notes;     ///< e.g. "path: read as CP949 and converted to UTF-8"
};

using ProgressCallback = std::function<void(const IndexProgress&)>;

/// The single writer of an index.
///
/// Thread safety: not safe for concurrent use; one Indexer per index (a write lock on the index
/// directory, taken before anything is created or deleted, makes a second writer, even in
/// another process, fail with IndexLocked). Searchers may read the index while it is written;
/// they see the last commit.
///
/// A new index, or one being rebuilt (`rebuild`), is written beside the index directory and
/// switched in whole by the first `commit()` (an atomic exchange of the two directories); until
/// then the index directory holds no index (new) or the old one (rebuild). Afterwards, and when
/// extending an existing index, writes go to the index itself, committed at article boundaries
/// only. A `.txt` article's id is its path in the folder given, without `.txt` (`a/note`); a file
/// given alone is named by its file name.
class Indexer {
 public:
  /// Creates the index directory if needed, or opens it for writing.
  /// Throws IndexLocked (another writer), IndexCorrupt (not a kosearch/Xapian index),
  /// IndexVersionMismatch (built with another analyzer or passage settings), IoError.
  explicit Indexer(const std::filesystem::path& index_dir, const IndexerOptions& options = {});

  /// Whether `index_dir` holds an index (one database, or a sharded index's stub), which the
  /// constructor opens rather than creates.
  static bool exists(const std::filesystem::path& index_dir);

  /// Adds or replaces (by `doc.id`) one article. Throws InvalidInput for an empty id.
  void add(const Document& doc);

  /// Indexes a file or folder: a `.txt` article, a `.jsonl`/`.jsonl.zst` file of
  /// `{"_id","title","text"}` records, a BEIR folder holding `corpus.jsonl[.zst]`, or a folder
  /// (searched recursively) of `.txt` articles and JSONL files. In a folder, hidden entries and
  /// Xapian databases are passed over and other files are named in a note (`notes`).
  IngestReport add_path(const std::filesystem::path& input, const ProgressCallback& progress = {});

  /// Deletes the articles of every recorded source file that no longer exists (and forgets the
  /// file). Returns a report with `removed` set. Like `add_path`, it takes effect with `commit`.
  IngestReport prune();

  /// Deletes article `id`, all its passages; returns how many passages it had (0: the index does
  /// not hold it). Takes effect with `commit`. Incremental indexing forgets the file the article
  /// was read from, so indexing that file again reads it again and adds the article back if the
  /// file still holds it: to keep it out, delete it from its source too. Throws InvalidInput for
  /// an empty id, InvalidArgument on an append-only index (it cannot delete: rebuild it).
  std::uint64_t remove(std::string_view id);

  /// Makes everything added so far durable and visible to searchers (a new or rebuilt index is
  /// switched in here). Call it explicitly. The destructor never throws and does not call it, but
  /// pending changes are committed (and a new index switched in) when the Indexer is destroyed
  /// normally, so work added before the destructor is normally kept; destroyed while an exception
  /// propagates, a new or rebuilt index is discarded. A killed process loses what came after its
  /// last commit, never part of an article.
  void commit();

  /// Number of passages in the index, including uncommitted ones.
  std::uint64_t passage_count() const;

  ~Indexer();
  Indexer(Indexer&&) noexcept;
  Indexer& operator=(Indexer&&) noexcept;
  Indexer(const Indexer&) = delete;
  Indexer& operator=(const Indexer&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kosearch
