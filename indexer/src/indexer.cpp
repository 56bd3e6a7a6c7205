#include "kosearch/indexer/indexer.hpp"

#include <simdjson.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "../schema/article_fields.hpp"
#include "../schema/schema.hpp"
#include "../schema/shards.hpp"
#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/indexer/article.hpp"
#include "build_beside.hpp"
#include "crash_hook.hpp"
#include "folder_walk.hpp"
#include "id_clash.hpp"
#include "line_reader.hpp"
#include "news/dedup.hpp"
#include "news/jsonl_fields.hpp"
#include "shard_hash.hpp"
#include "shard_layout.hpp"
#include "source_hash.hpp"
#include "suggest_terms.hpp"
#include "text_decoder.hpp"
#include "write_lock.hpp"

namespace fs = std::filesystem;

namespace kosearch {

namespace {

using Clock = std::chrono::steady_clock;
using detail::is_jsonl;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw IoError("cannot read " + p.string() + ": permission denied or not a file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace

// One Xapian database being written, with the per-thread state its writes need. The index
// itself is one Writer; a parallel build runs one Writer per shard, each in its own thread.
struct Writer {
  fs::path path;
  const IndexerOptions* options;
  Analyzer analyzer;
  PassageSplitter splitter;
  Xapian::WritableDatabase db;
  bool fresh = false;                    // the database was empty when opened
  // Ids added since opening a fresh database, each with the part it went into (see roll()).
  std::unordered_map<std::string, std::uint32_t> seen;
  // A writer of a parallel build rolls over to a new temporary database (part) every
  // `part_limit` passages (0: never); `sealed` are its earlier, closed parts.
  std::uint32_t part_limit = 0;
  std::uint32_t part_passages = 0;
  std::vector<fs::path> sealed;
  std::uint32_t pending = 0;             // articles since the last commit
  std::uint32_t unflushed = 0;           // passages since the last commit
  bool positions = false;                // store term positions (resolved by open())
  bool append_only = false;              // no termlists: add only (resolved by open())
  std::vector<Token> tokens;             // reused buffer
  detail::CrashHook* crash = nullptr;    // test hook (crash_hook.hpp)
  detail::news::CopyFinder copies;       // the signatures of `db`'s articles (news/dedup)
  bool path_ids = false;                 // kMetaTxtIds checked (require_path_ids())

  Writer(fs::path p, const IndexerOptions& o, const Analyzer& a)
      : path(std::move(p)), options(&o), analyzer(a), splitter(o.passages.value()) {}

  // Creates or opens the database (`action`: a Xapian DB_CREATE_*/DB_OPEN action, `flags`: more
  // Xapian flags); writes or checks the schema metadata.
  void open(int action, int flags = 0);
  // Before a .txt article is written: the index names .txt articles by their path (kMetaTxtIds).
  // An index from before that holding .txt articles is refused (IndexVersionMismatch: rebuild);
  // one without any is marked and goes on.
  void require_path_ids();
  struct Added {
    std::uint64_t passages = 0;
    bool replaced = false;  // an article with this id was in the index
  };
  // Adds (or replaces) one article whose passages are cut from `body`; `parsed` maps body
  // offsets to offsets in the original file (null for JSONL records). `source` is the S term of
  // the file it came from (empty: none); `content_hash` its hash_article() if already known;
  // `fields` its news fields, stored on every passage (schema::add_article_fields).
  Added add_article(const std::string& id, const std::string& title, std::string_view body,
                    const ParsedArticle* parsed, const std::string& source = {},
                    std::string content_hash = {}, const ArticleFields& fields = {});
  // All the databases this writer wrote: the sealed parts, then the open one.
  std::vector<fs::path> part_paths() const {
    std::vector<fs::path> all = sealed;
    all.push_back(path);
    return all;
  }
  // Closes this part and opens the next, `<first part>.<n>`. Why: every commit merges the
  // buffered postings into the database's B-trees, which costs more as the database grows
  // (kowiki 300k: 3.2 -> 2.5 MB/s); parts stay small and the compactor merges them in one
  // streaming pass.
  void roll();
  // Deletes article `id`: returns how many passages it had (0: none) and adds the source terms
  // (S<file>) they carried to `sources`.
  std::uint64_t remove_article(const std::string& id, std::vector<std::string>& sources);
  // Deletes article `article_term` from sealed part `part` (a repeated id of a rolling writer).
  void delete_from_sealed(std::uint32_t part, const std::string& article_term);
  void commit() {
    try {
      db.commit();
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, path, "commit to");
    }
    pending = 0;
    unflushed = 0;
  }
};

void Writer::open(int action, int flags) {
  copies.clear();  // of the database it wrote before (a roll-over to a new part)
  try {
    // Whether an existing database is append-only decides the flags, so it is looked up first;
    // DB_NO_TERMLIST only matters when the database is created.
    bool existing_append_only = false;
    if ((action == Xapian::DB_CREATE_OR_OPEN || action == Xapian::DB_OPEN) &&
        fs::exists(path / "iamglass")) {
      existing_append_only =
          Xapian::Database(path.string()).get_metadata(std::string(schema::kMetaAppendOnly)) == "1";
    }
    // An existing database opens as it was built (a contradicting option is reported below).
    const bool no_termlist = action == Xapian::DB_CREATE_OR_OVERWRITE
                                 ? options->append_only.value_or(false)
                                 : existing_append_only || options->append_only.value_or(false);
    db = Xapian::WritableDatabase(
        path.string(),
        action | flags | Xapian::DB_BACKEND_GLASS | (no_termlist ? Xapian::DB_NO_TERMLIST : 0));
    schema::check_metadata(db, path, analyzer.signature());
    const std::string passages = db.get_metadata(std::string(schema::kMetaPassages));
    if (!passages.empty() && passages != options->passages->to_string()) {
      throw IndexVersionMismatch("index " + path.string() + " was built with passage settings '" +
                                 passages + "', not '" + options->passages->to_string() +
                                 "'. Leave out --passage-chars, --passage-max and --overlap to "
                                 "keep its own, or --rebuild.");
    }
    fresh = db.get_doccount() == 0;
    const std::string stored = db.get_metadata(std::string(schema::kMetaPositions));
    positions = fresh ? options->positions.value_or(false)
                      : options->positions.value_or(stored != "0");
    const std::string wanted = positions ? "1" : "0";
    const bool stored_append_only = db.get_metadata(std::string(schema::kMetaAppendOnly)) == "1";
    append_only = options->append_only.value_or(stored_append_only);
    if (fresh && append_only != stored_append_only && !stored.empty()) {
      // An empty database created earlier with the other setting (its termlist table exists or
      // not already): Xapian decides that at creation, so it must be created again.
      throw IndexVersionMismatch("index " + path.string() + " is empty but was created " +
                                 (stored_append_only ? "append-only" : "updatable") +
                                 "; use --rebuild to create it " +
                                 (append_only ? "append-only." : "updatable."));
    }
    if (fresh) {
      db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
      db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer.signature());
      db.set_metadata(std::string(schema::kMetaAnalyzerName), analyzer.name());
      db.set_metadata(std::string(schema::kMetaPassages), options->passages->to_string());
      db.set_metadata(std::string(schema::kMetaPositions), wanted);
      db.set_metadata(std::string(schema::kMetaAppendOnly), append_only ? "1" : "0");
      db.set_metadata(std::string(schema::kMetaTxtIds), "path");
    } else if ((stored != "0") != positions) {
      throw IndexVersionMismatch("index " + path.string() + (positions ? " has no" : " has") +
                                 " term positions; leave out --positions/--no-positions to keep "
                                 "its setting, or --rebuild.");
    } else if (stored_append_only != append_only) {
      throw IndexVersionMismatch(
          "index " + path.string() + (stored_append_only ? " is append-only (built with "
                                                            "--append-only)"
                                                          : " is updatable") +
          "; leave out --append-only/--updatable to keep its setting, or --rebuild.");
    }
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "open for writing");
  }
}

Writer::Added Writer::add_article(const std::string& id, const std::string& title,
                                  std::string_view body, const ParsedArticle* parsed,
                                  const std::string& source, std::string content_hash,
                                  const ArticleFields& fields) {
  if (id.empty()) throw InvalidInput("a document has an empty id; every article needs one");
  const std::string article_term = schema::id_term(schema::kPrefixArticle, id);
  if (content_hash.empty()) content_hash = detail::hash_article(title, body, fields);
  try {
    // A fresh database skips the lookup for ids it has not seen: nothing to replace.
    Added out;
    const auto part = static_cast<std::uint32_t>(sealed.size());
    std::optional<std::uint32_t> earlier_part;  // of a repeated id, in a fresh database
    if (fresh) {
      auto [it, inserted] = seen.try_emplace(id, part);
      if (!inserted) earlier_part = std::exchange(it->second, part);
      out.replaced = !inserted;
    } else {
      out.replaced = db.term_exists(article_term);
    }
    if (out.replaced && append_only) {
      throw InvalidArgument("article \"" + id + "\" is already in index " + path.string() +
                            ", which is append-only (built with --append-only): it cannot "
                            "replace or delete articles. Rebuild it (--rebuild), or build it "
                            "updatable (--rebuild --updatable) to update it in place.");
    }
    // One article is one unflushed transaction: Xapian then never commits by itself (at its
    // flush threshold, XAPIAN_FLUSH_THRESHOLD) inside it, so after any kill an article is whole
    // or absent. Our own commits come after it (below).
    db.begin_transaction(false);
    if (out.replaced) {
      if (earlier_part && *earlier_part != part) {
        delete_from_sealed(*earlier_part, article_term);
      } else {
        db.delete_document(article_term);
      }
    }

    // Title terms go into every passage (the article's topic is evidence for each of its
    // passages); a position gap keeps phrases from spanning title and text.
    analyzer.analyze(title, tokens);
    std::vector<std::pair<std::string, Xapian::termpos>> title_terms;
    title_terms.reserve(tokens.size());
    Xapian::termpos base = 1;
    for (const auto& t : tokens) {
      title_terms.emplace_back(t.term, t.position + 1);
      base = std::max<Xapian::termpos>(base, t.position + 1);
    }
    base += 8;

    const auto spans = splitter.split(body);
    detail::SuggestTerms suggest(analyzer, title);  // words to complete a prefix to (schema 5)
    // Copies grouped (news/dedup), for news: pages and articles with news fields, not plain
    // records (a wiki or QA corpus: grouping its similar paragraphs cost korquad1_wiki nDCG@10).
    const detail::news::Cluster cluster =
        parsed || !fields.empty() ? copies.find(db, id, body) : detail::news::Cluster{};
    std::uint64_t n = 0;
    Xapian::docid first = 0;
    for (const auto& span : spans) {
      const std::string_view text = body.substr(span.begin, span.end - span.begin);
      Xapian::Document doc;
      doc.set_data(std::string(text));
      doc.add_value(schema::kSlotDocId, id);
      const std::uint32_t b = parsed ? parsed->to_source_offset(span.begin) : span.begin;
      const std::uint32_t e = parsed ? parsed->to_source_offset(span.end) : span.end;
      doc.add_value(schema::kSlotHitInfo,
                    schema::encode_hit_info(static_cast<std::uint32_t>(n), b, e, id, title));
      doc.add_value(schema::kSlotContentHash, content_hash);
      doc.add_boolean_term(article_term);
      if (!source.empty()) doc.add_boolean_term(source);
      schema::add_article_fields(doc, fields);
      detail::news::add_cluster(doc, n, cluster);
      analyzer.analyze(text, tokens);
      suggest.add(text, tokens, doc, n + 1 == spans.size());
      if (positions) {
        for (const auto& [term, pos] : title_terms) doc.add_posting(term, pos);
        for (const auto& t : tokens) doc.add_posting(t.term, base + t.position);
      } else {
        for (const auto& [term, pos] : title_terms) doc.add_term(term);
        for (const auto& t : tokens) doc.add_term(t.term);
      }
      const Xapian::docid did = db.add_document(doc);
      if (n == 0) first = did;
      ++n;
      if (crash) crash->passages_added(1);
    }
    db.commit_transaction();
    if (first != 0) copies.added(first, cluster);
    // Xapian writes buffered postings only when committing (or at its own threshold of 10,000
    // documents); committing after `flush_passages` bounds the memory of a writer and keeps
    // its in-memory posting maps small, which is also faster (see IndexerOptions).
    unflushed += static_cast<std::uint32_t>(n);
    part_passages += static_cast<std::uint32_t>(n);
    if (part_limit != 0 && part_passages >= part_limit) {
      roll();
    } else if (++pending >= options->commit_every || unflushed >= options->flush_passages) {
      commit();
    }
    out.passages = n;
    return out;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "write to");
  }
}

std::uint64_t Writer::remove_article(const std::string& id, std::vector<std::string>& sources) {
  if (id.empty()) throw InvalidInput("an empty article id cannot be removed; every article has one");
  const std::string article_term = schema::id_term(schema::kPrefixArticle, id);
  try {
    const Xapian::doccount passages = db.get_termfreq(article_term);
    if (passages == 0) return 0;
    if (append_only) {
      throw InvalidArgument("article \"" + id + "\" cannot be removed from index " + path.string() +
                            ", which is append-only (built with --append-only) and cannot delete "
                            "articles. Rebuild it (--rebuild), or build it updatable (--rebuild "
                            "--updatable) to delete in place.");
    }
    // Every passage of an article carries the same source term; the first passage's will do.
    const Xapian::Document doc = db.get_document(*db.postlist_begin(article_term));
    const std::string prefix(schema::kPrefixSource);
    auto t = doc.termlist_begin();
    for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix); ++t) sources.push_back(*t);
    db.begin_transaction(false);  // all its passages or none (see add_article)
    db.delete_document(article_term);
    db.commit_transaction();
    seen.erase(id);
    return passages;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "remove an article from");
  }
}

void Writer::roll() {
  commit();
  db.close();
  sealed.push_back(path);
  path = sealed.front();
  path += "." + std::to_string(sealed.size());
  // Temporary parts: no fsync per commit (the caller merges them and deletes them on failure).
  open(Xapian::DB_CREATE_OR_OVERWRITE, Xapian::DB_NO_SYNC);
  part_passages = 0;
}

void Writer::delete_from_sealed(std::uint32_t part, const std::string& article_term) {
  const fs::path& where = sealed.at(part);
  try {
    Xapian::WritableDatabase old(where.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    old.delete_document(article_term);
    old.commit();
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, where, "delete a replaced article from");
  }
}

void Writer::require_path_ids() {
  if (path_ids) return;
  try {
    if (db.get_metadata(std::string(schema::kMetaTxtIds)).empty()) {
      for (const auto& rec : detail::SourceLedger(db, path).all()) {
        if (rec.name.ends_with(".txt")) {
          throw IndexVersionMismatch(
              "index " + path.string() + " was built by an older kosearch that named a .txt "
              "article by its file name alone (a/note.txt and b/note.txt became one article \"note\"); "
              ".txt articles are now named by their path in the folder given (\"a/note\"). Rebuild "
              "it: `kosearch index --rebuild --index " + path.string() + " INPUT...`.");
        }
      }
      db.set_metadata(std::string(schema::kMetaTxtIds), "path");  // no .txt article: nothing to rename
    }
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "write to");
  }
  path_ids = true;
}

// One JSONL record read by the reader thread of a parallel build.
struct Record {
  std::string id;
  std::string title;
  std::string text;
  ArticleFields fields;
  std::uint64_t line = 0;  // in its file
};

// A small bounded queue: the reader blocks when workers fall behind, so memory stays bounded
// whatever the corpus size.
class RecordQueue {
 public:
  explicit RecordQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the queue was aborted.
  bool push(Record&& r) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    q_.push_back(std::move(r));
    not_empty_.notify_one();
    return true;
  }
  // False when the queue is closed and drained, or aborted.
  bool pop(Record& r) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty() || closed_ || aborted_; });
    if (aborted_ || q_.empty()) return false;
    r = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void abort() {
    std::lock_guard lock(mu_);
    aborted_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Record> q_;
  bool closed_ = false, aborted_ = false;
};

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
                                             const std::function<void(Record&&)>& sink);
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

IndexerOptions Indexer::Impl::with_index_settings(const fs::path& p, IndexerOptions o) {
  std::string analyzer, passages;
  if (!o.rebuild && schema::holds_index(p)) {
    try {
      const Xapian::Database db(p.string());  // a sharded index's stub: its first shard's
      analyzer = db.get_metadata(std::string(schema::kMetaAnalyzerName));
      passages = db.get_metadata(std::string(schema::kMetaPassages));
    } catch (const Xapian::Error&) {
      // Unreadable: opening it for writing reports what is wrong.
    }
  }
  if (!analyzer.empty() && !o.analyzer.empty() && o.analyzer != analyzer) {
    throw IndexVersionMismatch("index " + p.string() + " was built with analyzer '" + analyzer + "', not '" +
                               o.analyzer + "'. Leave out --analyzer to extend it with its own, or "
                               "--rebuild it with '" + o.analyzer + "'.");
  }
  if (o.analyzer.empty()) o.analyzer = analyzer.empty() ? "ko-bigram" : analyzer;
  const auto stored = PassageOptions::from_string(passages);
  if (stored && o.passages && *o.passages != *stored) {
    throw IndexVersionMismatch("index " + p.string() + " was built with passage settings '" + passages +
                               "', not '" + o.passages->to_string() + "'. Leave out --passage-chars, "
                               "--passage-max and --overlap to keep its own, or --rebuild.");
  }
  if (!o.passages) o.passages = stored.value_or(PassageOptions{});
  return o;
}

void Indexer::Impl::open() {
  index = main.path;
  main.crash = &crash;
  detail::BuildPlan plan = detail::prepare_build(index, options.shards, options.rebuild);
  lock = std::move(plan.lock);
  building_lock = std::move(plan.building_lock);
  building = plan.building;
  created = plan.created;
  const fs::path root = building.value_or(index);
  const std::vector<fs::path> shard_paths = detail::plan_shards(root, plan.shards);
  for (std::size_t i = 0; i < shard_paths.size(); ++i) {
    shards.push_back(std::make_unique<Writer>(shard_paths[i], options, analyzer));
    Writer& w = *shards.back();
    w.crash = &crash;
    w.open(Xapian::DB_CREATE_OR_OPEN);
    try {
      detail::mark_shard(w.db, w.path, i, shard_paths.size());
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, w.path, "open for writing");
    }
  }
  if (!shards.empty()) return;
  main.path = root;
  main.open(Xapian::DB_CREATE_OR_OPEN);
}

void Indexer::Impl::publish() {
  if (!building) return;
  for (Writer* w : writers()) w->db.close();
  crash.at("before-switch");
  detail::switch_into_place(*building, index);
  crash.at("after-switch");
  // `*building` now names the old index (locked by `lock`), `index` the new one (locked by
  // `building_lock`). A failure to delete the old one leaves what the next writer deletes.
  const fs::path old = *std::exchange(building, std::nullopt);
  std::error_code ec;
  fs::remove_all(old, ec);
  lock = std::move(building_lock);
  building_lock.reset();
  created = false;
  // Go on writing in place (Xapian writes by path, so every writer is opened again there).
  for (Writer* w : writers()) {
    w->path = index / w->path.lexically_relative(old);
    w->seen.clear();
    w->open(Xapian::DB_OPEN);
  }
}

void Indexer::Impl::discard() noexcept {
  if (!building) return;
  for (Writer* w : writers()) {
    try {
      w->db.close();
    } catch (...) {
      // Closing a database being deleted: nothing to keep.
    }
  }
  std::error_code ec;
  fs::remove_all(*building, ec);
  building.reset();
  if (created) fs::remove(index, ec);  // the empty folder open() made (never a non-empty one)
}

Indexer::Impl::~Impl() {
  if (building && std::uncaught_exceptions() == exceptions_at_open) {
    try {
      for (Writer* w : writers()) w->commit();
      publish();
    } catch (...) {
      // A destructor does not throw: what was not switched in is discarded below.
    }
  }
  discard();
}

void Indexer::Impl::add_txt(const fs::path& file, const std::string& id, IngestReport& report) {
  std::string raw;
  try {
    raw = read_file(file);
  } catch (const IoError& e) {
    report.problems.push_back(std::string(e.what()) + "; skipped");
    ++report.skipped;
    return;
  }
  ++report.files;
  // Unchanged since it was last indexed: skipped before decoding and analysing.
  const std::string name = detail::source_name(file);
  const std::string hash = detail::hash_bytes(raw);
  // Its shard holds the record. Checked before anything is skipped as unchanged: an old index
  // holding stem ids is refused, not extended.
  writer_for(id).require_path_ids();
  if (auto rec = ledger_for(id).find(name); rec && rec->hash == hash) {
    report.unchanged += rec->articles;
    return;
  }
  report.bytes += raw.size();
  if (raw.find_first_not_of(" \t\r\n") == std::string::npos) {
    report.problems.push_back(file.string() + ": empty file; skipped");
    ++report.skipped;
    return;
  }
  const std::string& forced = options.encoding;
  if (!detail::is_wide_encoding(forced) && detail::looks_binary(raw)) {
    report.problems.push_back(file.string() + ": binary file (NUL or control bytes); skipped");
    ++report.skipped;
    return;
  }
  detail::DecodedText decoded = detail::decode_text(raw, file.string(), forced);
  for (auto& w : decoded.warnings) report.problems.push_back(std::move(w));
  if (decoded.converted) {
    report.notes.push_back(file.string() + ": read as " + decoded.encoding + " and converted to UTF-8");
  }
  raw = std::move(decoded.utf8);
  const ParsedArticle parsed = parse_article(raw);
  if (parsed.body.empty()) {
    report.problems.push_back(file.string() + ": no article text found; skipped");
    ++report.skipped;
    return;
  }
  for (const auto& w : parsed.warnings) report.problems.push_back(file.string() + ": " + w);
  count(writer_for(id).add_article(id, parsed.title, parsed.body, &parsed, detail::source_term(name), {},
                                   parsed.fields),
        report);
  // Recorded after its article, in its shard: a crash before the next commit loses both or
  // neither. A file with a problem (above) is never recorded, so its warning repeats on every run.
  ledger_for(id).record({hash, 1, name});
}

bool Indexer::Impl::wins_clash(Writer& w, const Record& r, const fs::path& file,
                              const std::string& name, IngestReport& report,
                              std::vector<std::string>& unrecord) {
  if (w.append_only) return true;  // no termlists to tell; add_article refuses a replacement
  std::optional<detail::Clash> clash;
  try {
    clash = detail::find_clash(w.db, r.id, name, ledger_of(w));
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, w.path, "read");
  }
  if (!clash) return true;
  report.problems.push_back(detail::clash_message(file, r.line, r.id, *clash, ++clashes <= 100));
  ++report.skipped;
  if (clash->mine_wins) unrecord.push_back(clash->other);
  return clash->mine_wins;
}

std::unordered_set<std::string> Indexer::Impl::read_jsonl(const fs::path& file, IngestReport& report,
                                                          const ProgressCallback& progress,
                                                          Clock::time_point start,
                                                          const std::function<void(Record&&)>& sink) {
  detail::LineReader reader(file);
  ++report.files;
  simdjson::dom::parser parser;
  std::string line;
  std::unordered_set<std::string> ids_in_file;
  std::uint64_t records = 0, last_report = 0;
  auto where = [&] { return file.string() + ":" + std::to_string(reader.line_number()) + ": "; };
  auto problem = [&](const std::string& what) {
    if (options.strict) throw InvalidInput(where() + what + " (stopped: --strict)");
    report.problems.push_back(where() + what);
    ++report.skipped;
  };
  const std::uint64_t bytes_before = report.bytes;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  while (reader.next(line)) {
    // A UTF-8 byte order mark (as some Windows editors write) is not part of the first record.
    if (reader.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    simdjson::dom::element rec;
    if (auto err = parser.parse(line).get(rec); err) {
      problem(std::string("malformed JSON (") + simdjson::error_message(err) + "); record skipped");
      continue;
    }
    Record r;
    simdjson::dom::element idv;
    if (rec["_id"].get(idv) == simdjson::SUCCESS) {
      if (idv.is_string()) {
        r.id = std::string(std::string_view(idv.get_string().value_unsafe()));
      } else if (idv.is_int64()) {
        r.id = std::to_string(int64_t(idv.get_int64().value_unsafe()));
      }
    }
    if (r.id.empty()) {
      problem("record has no \"_id\" string; record skipped");
      continue;
    }
    std::string_view text;
    if (rec["text"].get_string().get(text) != simdjson::SUCCESS) {
      problem("record \"" + r.id + "\" has no \"text\" string; record skipped");
      continue;
    }
    std::string_view title;
    if (rec["title"].get_string().get(title) != simdjson::SUCCESS) title = {};
    if (!ids_in_file.insert(r.id).second) {
      report.problems.push_back(where() + "duplicate _id \"" + r.id +
                                "\"; the later record replaces the earlier");
    }
    r.title = std::string(title);
    r.text = std::string(text);
    std::vector<std::string> field_warnings;
    r.fields = news::jsonl_fields(rec, now, field_warnings);
    for (const auto& w : field_warnings) report.problems.push_back(where() + w + " (the article is indexed)");
    r.line = reader.line_number();
    sink(std::move(r));
    report.bytes = bytes_before + reader.bytes();
    if (++records - last_report >= 2000) {
      last_report = records;
      report_progress(report, progress, start);
    }
  }
  report.bytes = bytes_before + reader.bytes();
  return ids_in_file;
}

void Indexer::Impl::add_jsonl(const fs::path& file, IngestReport& report,
                              const ProgressCallback& progress, Clock::time_point start) {
  std::error_code ec;
  // Only a regular file is hashed up front: a FIFO (or /dev/stdin) can be read only once. The
  // hash is taken before the records are read: if the file changes in between, the recorded hash
  // is the older one and the next run reads the file again (never the other way round).
  const bool regular = fs::is_regular_file(file, ec);
  const std::string name = detail::source_name(file);
  const std::string source = detail::source_term(name);
  std::string hash;
  if (regular) {
    try {
      hash = detail::hash_file(file);
    } catch (const IoError& e) {  // unreadable: skipped and reported, as a .txt file is
      report.problems.push_back(std::string(e.what()) + "; skipped");
      ++report.skipped;
      return;
    }
    if (auto rec = ledger().find(name); rec && rec->hash == hash) {
      ++report.files;
      report.unchanged += rec->articles;
      return;
    }
  }
  // A file with skipped records is recorded as incomplete: the next run reads it again (only its
  // changed articles are rewritten) and repeats its warnings, and --prune knows it when it is gone.
  const std::uint64_t skipped_before = report.skipped;
  const RecordOf record_of =
      [&](const std::unordered_set<std::string>& ids) -> std::optional<detail::SourceRecord> {
    if (!regular) return std::nullopt;
    const bool whole = report.skipped == skipped_before;
    return detail::SourceRecord{whole ? hash : std::string(detail::kIncomplete), ids.size(), name};
  };
  const unsigned n = threads();
  // Only into an empty database: the merge replaces its tables, and with them whatever this
  // session wrote before (a .txt file given first, an add()).
  if (shards.empty() && main.fresh && n > 1 && main.db.get_doccount() == 0) {
    add_jsonl_parallel(file, source, record_of, report, progress, start, n);
    return;
  }
  const bool fresh = this->fresh();
  // The old record must not outlive a partial rewrite: forgotten in the first commit below, so a
  // killed run never leaves the file looking indexed.
  if (!fresh) ledger().forget(name);
  if (!shards.empty()) {
    // Every shard's writer commits its articles at the end of feed_writers; the file's record
    // (in shard 0) follows with the next commit.
    const auto ids = feed_writers(shards, file, source, fresh, report, progress, start, name);
    if (options.prune && !fresh) {
      for (auto& w : shards) report.removed += ledger_of(*w).remove_articles(source, &ids);
    }
    if (auto rec = record_of(ids)) ledger().record(*rec);
    return;
  }
  std::vector<std::string> unrecord;
  const auto ids = read_jsonl(file, report, progress, start, [&](Record&& r) {
    std::string h = detail::hash_article(r.title, r.text, r.fields);
    // Only an id already indexed (this session's, or any of an existing index) can clash.
    bool indexed = fresh && main.seen.count(r.id);
    if (!fresh) {
      const auto state = ledger().article_state(r.id, source, h);
      if (state == detail::SourceLedger::Article::kUnchanged) {
        ++report.unchanged;
        return;
      }
      indexed = state != detail::SourceLedger::Article::kNew;
    }
    if (indexed && !wins_clash(main, r, file, name, report, unrecord)) return;
    count(main.add_article(r.id, r.title, r.text, nullptr, source, std::move(h), r.fields), report);
  });
  for (const auto& other : unrecord) ledger().mark_incomplete(other);
  if (options.prune && !fresh) report.removed += ledger().remove_articles(source, &ids);
  // After the file's last article, so in the same commit.
  if (auto rec = record_of(ids)) ledger().record(*rec);
}

// A fresh index is built as n shards in parallel (one writer thread each, records assigned by
// a stable hash of their id so a repeated id lands in the same shard and replaces), then the
// shards are merged with Xapian's compactor into the index directory.
void Indexer::Impl::add_jsonl_parallel(const fs::path& file, const std::string& source,
                                       const RecordOf& record_of, IngestReport& report,
                                       const ProgressCallback& progress, Clock::time_point start,
                                       unsigned n) {
  const fs::path& path = main.path;
  const fs::path work = path.parent_path() / ("." + path.filename().string() + ".build");
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work, ec);
  if (ec) throw IoError("cannot create build directory " + work.string() + ": " + ec.message());
  struct WorkDirGuard {
    fs::path dir;
    ~WorkDirGuard() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } guard{work};

  std::vector<std::unique_ptr<Writer>> parts;
  for (unsigned i = 0; i < n; ++i) {
    parts.push_back(std::make_unique<Writer>(work / ("shard-" + std::to_string(i)), options, analyzer));
    parts.back()->crash = &crash;
    // Temporary parts, merged below and deleted on any failure: no fsync per commit.
    parts.back()->open(Xapian::DB_CREATE_OR_OVERWRITE, Xapian::DB_NO_SYNC);
    parts.back()->part_limit = options.part_passages;
  }
  const auto ids = feed_writers(parts, file, source, /*fresh=*/true, report, progress, start, {});
  // The file's record goes into part 0, so the merged index holds it exactly when it holds the
  // articles.
  if (auto rec = record_of(ids)) {
    ledger_of(*parts[0]).record(*rec);
    parts[0]->commit();
  }

  // Merge: compact the shards into one database, then move it into place.
  if (progress) {
    IndexProgress p;
    p.articles = report.articles;
    p.passages = report.passages;
    p.bytes = report.bytes;
    p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    p.merging = true;
    progress(p);
  }
  const fs::path merged = work / "merged";
  try {
    Xapian::Database all;
    for (const auto& sh : parts) {
      sh->db.close();
      for (const auto& part : sh->part_paths()) all.add_database(Xapian::Database(part.string()));
    }
    // One pass: Xapian's multipass merge (postlists merged in several passes through temporary
    // files) took 6.8 – 7.5 s against 4.3 s for ten 300k-article parts here (page-cached disk).
    all.compact(merged.string(), 0);
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, merged, "merge shards into");
  }
  // The index directory holds an empty database we opened (and locked); replace its tables
  // with the merged ones, then reopen it for further writes in this session.
  main.db.close();
  for (const auto& entry : fs::directory_iterator(path)) {
    if (entry.path().filename() != "flintlock") fs::remove(entry.path(), ec);
  }
  for (const auto& entry : fs::directory_iterator(merged)) {
    fs::rename(entry.path(), path / entry.path().filename(), ec);
    if (ec) throw IoError("cannot move " + entry.path().string() + " into " + path.string() + ": " + ec.message());
  }
  main.open(Xapian::DB_OPEN);
  main.fresh = false;
  // Copies that went to different workers are grouped now (news/dedup).
  if (!main.append_only && detail::news::regroup(main.db) > 0) main.commit();
}

std::unordered_set<std::string> Indexer::Impl::feed_writers(
    std::vector<std::unique_ptr<Writer>>& writers, const fs::path& file, const std::string& source,
    bool fresh, IngestReport& report, const ProgressCallback& progress, Clock::time_point start,
    const std::string& name) {
  const std::size_t n = writers.size();
  std::vector<std::unique_ptr<RecordQueue>> queues;
  for (std::size_t i = 0; i < n; ++i) queues.push_back(std::make_unique<RecordQueue>(256));
  std::vector<std::exception_ptr> errors(n);
  std::vector<IngestReport> counts(n);
  std::vector<std::vector<std::string>> unrecord(n);
  // Written by the workers, read by the progress report (the counts above are summed at the end).
  std::atomic<std::uint64_t> done_articles{0}, done_passages{0};
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < n; ++i) {
    workers.emplace_back([&, i] {
      try {
        Writer& w = *writers[i];
        const detail::SourceLedger own = ledger_of(w);
        Record r;
        while (queues[i]->pop(r)) {
          std::string h = detail::hash_article(r.title, r.text, r.fields);
          bool indexed = fresh && w.seen.count(r.id);  // as in add_jsonl
          if (!fresh) {
            const auto state = own.article_state(r.id, source, h);
            if (state == detail::SourceLedger::Article::kUnchanged) {
              ++counts[i].unchanged;
              continue;
            }
            indexed = state != detail::SourceLedger::Article::kNew;
          }
          if (indexed && !name.empty() && !wins_clash(w, r, file, name, counts[i], unrecord[i])) continue;
          const Writer::Added added = w.add_article(r.id, r.title, r.text, nullptr, source, std::move(h), r.fields);
          count(added, counts[i]);
          done_articles.fetch_add(1, std::memory_order_relaxed);
          done_passages.fetch_add(added.passages, std::memory_order_relaxed);
        }
        w.commit();
      } catch (...) {
        errors[i] = std::current_exception();
        for (auto& q : queues) q->abort();
      }
    });
  }
  std::exception_ptr reader_error;
  std::unordered_set<std::string> ids;
  try {
    ProgressCallback with_counts;
    if (progress) {
      with_counts = [&](IndexProgress p) {
        p.articles += done_articles.load(std::memory_order_relaxed);
        p.passages += done_passages.load(std::memory_order_relaxed);
        progress(p);
      };
    }
    ids = read_jsonl(file, report, with_counts, start, [&](Record&& r) {
      const std::size_t shard = detail::shard_of(r.id, n);
      if (!queues[shard]->push(std::move(r))) throw InternalError("indexing worker stopped");
    });
    for (auto& q : queues) q->close();
  } catch (...) {
    reader_error = std::current_exception();
    for (auto& q : queues) q->abort();
  }
  for (auto& w : workers) w.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  if (reader_error) std::rethrow_exception(reader_error);
  for (const auto& names : unrecord) {
    for (const auto& other : names) ledger().mark_incomplete(other);
  }
  for (const auto& c : counts) {
    report.skipped += c.skipped;
    report.problems.insert(report.problems.end(), c.problems.begin(), c.problems.end());
    report.passages += c.passages;
    report.articles += c.articles;
    report.added += c.added;
    report.updated += c.updated;
    report.unchanged += c.unchanged;
  }
  return ids;
}

Indexer::Indexer(const fs::path& index_dir, const IndexerOptions& options)
    : impl_(std::make_unique<Impl>(index_dir, options)) {
  if (options.commit_every == 0) throw InvalidArgument("commit_every must be at least 1");
  if (options.flush_passages == 0) throw InvalidArgument("flush_passages must be at least 1");
  // An unknown --encoding is a usage error before the index is touched.
  if (!options.encoding.empty()) (void)detail::decode_text({}, {}, options.encoding);
  impl_->open();
}

bool Indexer::exists(const fs::path& index_dir) { return schema::holds_index(index_dir); }

void Indexer::add(const Document& doc) {
  impl_->writer_for(doc.id).add_article(doc.id, doc.title, doc.text, nullptr, {}, {}, doc.fields);
}

std::uint64_t Indexer::remove(std::string_view id) {
  const std::string key(id);
  std::vector<std::string> sources;
  const std::uint64_t passages = impl_->writer_for(key).remove_article(key, sources);
  // The article's file is no longer all in the index: forget its record, so indexing it again
  // reads it again. A .txt file's record lives with its article (ledger_for), a JSONL file's with
  // the first writer (ledger).
  std::vector<detail::SourceLedger> ledgers = {impl_->ledger_for(key)};
  if (&impl_->writer_for(key) != impl_->writers().front()) ledgers.push_back(impl_->ledger());
  for (const std::string& term : sources) {
    const auto name = schema::id_of_term(schema::kPrefixSource, term);
    for (auto& ledger : ledgers) {
      if (name) {
        ledger.forget(std::string(*name));
        continue;
      }
      // A long path's term is hashed down: find its record by the term.
      for (const auto& rec : ledger.all()) {
        if (detail::source_term(rec.name) == term) ledger.forget(rec.name);
      }
    }
  }
  return passages;
}

IngestReport Indexer::prune() {
  IngestReport report;
  const auto writers = impl_->writers();
  // Source records are kept per writer (shard); a file's articles may be in any shard.
  for (Writer* holder : writers) {
    auto ledger = Impl::ledger_of(*holder);
    for (const auto& rec : ledger.all()) {
      std::error_code ec;
      // Only a file that is certainly gone: an error (e.g. an unreadable folder) keeps it.
      const bool exists = fs::exists(rec.name, ec);
      if (exists || ec) continue;
      for (Writer* w : writers) {
        report.removed += Impl::ledger_of(*w).remove_articles(detail::source_term(rec.name), nullptr);
      }
      ledger.forget(rec.name);
    }
  }
  return report;
}

IngestReport Indexer::add_path(const fs::path& input, const ProgressCallback& progress) {
  IngestReport report;
  const auto start = Clock::now();
  std::error_code ec;
  if (!fs::exists(input, ec)) {
    throw IoError("input " + input.string() + " does not exist. Give a folder of .txt articles, "
                  "a .jsonl[.zst] file or a BEIR folder.");
  }
  if (fs::is_directory(input, ec)) {
    for (const char* beir : {"corpus.jsonl", "corpus.jsonl.zst"}) {
      if (fs::exists(input / beir)) {
        impl_->add_jsonl(input / beir, report, progress, start);
        impl_->report_progress(report, progress, start);
        return report;
      }
    }
    // .txt articles and JSONL files, in sorted order; hidden files and folders (`.git`) are
    // not looked at, other files are named in a note rather than passed over in silence.
    auto [files, ignored, unreadable] = detail::list_folder(input);
    for (auto& u : unreadable) {
      report.problems.push_back(std::move(u));
      ++report.skipped;
    }
    if (files.empty()) {
      throw InvalidInput(input.string() + " holds no .txt articles, no .jsonl[.zst] files and no "
                         "corpus.jsonl[.zst]; nothing to index.");
    }
    if (!ignored.empty()) {
      std::string names;
      for (std::size_t i = 0; i < std::min<std::size_t>(ignored.size(), 3); ++i) {
        names += (i ? ", " : "") + ignored[i];
      }
      if (ignored.size() > 3) names += ", ...";
      report.notes.push_back(input.string() + ": " + std::to_string(ignored.size()) +
                             (ignored.size() == 1 ? " file" : " files") +
                             " not indexed, neither .txt nor .jsonl[.zst] (" + names + ")");
    }
    // A file reached through two links (or a link and its own name) is one article, indexed once.
    std::unordered_map<std::string, fs::path> first_name;
    for (const auto& f : files) {
      const auto [seen, inserted] = first_name.try_emplace(detail::source_name(f), f);
      if (!inserted) {
        report.notes.push_back(f.string() + " is the same file as " + seen->second.string() +
                               "; indexed once");
        continue;
      }
      if (is_jsonl(f)) {
        impl_->add_jsonl(f, report, progress, start);
      } else {
        impl_->add_txt(f, detail::txt_id(f, input), report);
      }
      if (report.files % 500 == 0) impl_->report_progress(report, progress, start);
    }
  } else if (is_jsonl(input)) {
    impl_->add_jsonl(input, report, progress, start);
  } else {
    impl_->add_txt(input, input.stem().string(), report);
  }
  impl_->report_progress(report, progress, start);
  return report;
}

void Indexer::commit() {
  if (impl_->shards.empty()) impl_->main.commit();
  for (auto& shard : impl_->shards) shard->commit();
  impl_->publish();
}

std::uint64_t Indexer::passage_count() const {
  if (impl_->shards.empty()) return impl_->main.db.get_doccount();
  std::uint64_t total = 0;
  for (const auto& shard : impl_->shards) total += shard->db.get_doccount();
  return total;
}

Indexer::~Indexer() = default;
Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

}  // namespace kosearch
