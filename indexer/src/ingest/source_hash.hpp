#pragma once
// Internal: what incremental indexing knows about the source files of an index.
//
// Policy (also in `kosearch index --help` and the README):
//  - Each source file (a `.txt` article, a `.jsonl[.zst]` file, a BEIR corpus file) is recorded in
//    the index metadata with the XXH3-64 hash of its bytes and the number of its articles. A file
//    whose hash is unchanged is skipped without parsing it.
//  - Every article carries the hash of its title and text (value slot kSlotContentHash) and the
//    term S<source path>. In a changed JSONL file only the articles whose hash (or source) differ
//    are rewritten.
//  - Pruning deletes the articles of recorded files that no longer exist, and (when asked to) the
//    articles that vanished from a changed JSONL file.
// Content hashes rather than mtimes: copies, checkouts and `touch` change mtimes, not content, and
// the hash is far cheaper than analysing the text again.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "kosearch/indexer/document.hpp"

namespace kosearch::detail {

// XXH3-64 of a file's bytes, 16 hex digits, read in fixed-size chunks (any file size). Throws
// IoError.
std::string hash_file(const std::filesystem::path& file);
// XXH3-64 of bytes already in memory; equals hash_file() of a file holding them.
std::string hash_bytes(std::string_view bytes);
// XXH3-64 of an article's title and text (length-prefixed, so no two splits collide).
std::string hash_article(std::string_view title, std::string_view text);
// The same with the article's news fields: equal to the above when `fields` is empty, so an
// article without fields keeps its hash; a changed date or byline makes the article changed.
std::string hash_article(std::string_view title, std::string_view text, const ArticleFields& fields);

// The name a source file is recorded under: its canonical absolute path (symlinks resolved), so
// the same file given as `./a` and `/x/a` is one source.
std::string source_name(const std::filesystem::path& file);
// The boolean term S<name> carried by every passage of the file's articles.
std::string source_term(const std::string& name);

// The hash recorded for a file read with problems (skipped records, an _id another file keeps):
// never equal to a file's hash, so the file is read again, but --prune still knows it.
inline constexpr std::string_view kIncomplete = "incomplete";

struct SourceRecord {
  std::string hash;           // hash_file() when it was last indexed completely
  std::uint64_t articles = 0; // articles it held then
  std::string name;           // source_name()
};

// The source records and article hashes of one open index. Xapian errors are translated with
// `index_path` as context.
class SourceLedger {
 public:
  SourceLedger(Xapian::WritableDatabase& db, std::filesystem::path index_path)
      : db_(&db), index_path_(std::move(index_path)) {}

  std::optional<SourceRecord> find(const std::string& name) const;
  // Takes effect with the next commit, like the articles added before it.
  void record(const SourceRecord& r);
  void forget(const std::string& name);
  // Keeps the record of `name` (if any) but as kIncomplete.
  void mark_incomplete(const std::string& name);
  std::vector<SourceRecord> all() const;

  enum class Article { kNew, kUnchanged, kChanged };
  // Compares the indexed article `id` with `content_hash` from source `term`; an article that
  // moved to another source file counts as changed (its S term must be rewritten).
  Article article_state(const std::string& id, const std::string& term,
                        const std::string& content_hash) const;

  // Deletes the articles carrying source term `term` whose id is not in `keep` (all when null).
  // Returns the number of articles deleted.
  std::uint64_t remove_articles(const std::string& term,
                                const std::unordered_set<std::string>* keep);

 private:
  Xapian::WritableDatabase* db_;
  std::filesystem::path index_path_;
};

}  // namespace kosearch::detail
