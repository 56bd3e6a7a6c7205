#pragma once
// Internal: one Xapian database being written (writer.cpp): schema metadata, the passages of
// an article in one transaction, commits, part roll-over of a parallel build, deletions.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/indexer/article.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/indexer/passages.hpp"
#include "crash_hook.hpp"
#include "news/dedup.hpp"

namespace kosearch {

namespace fs = std::filesystem;

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
  bool suggest = true;                   // add the suggestion terms (resolved by open())
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
  void commit();
};

}  // namespace kosearch
