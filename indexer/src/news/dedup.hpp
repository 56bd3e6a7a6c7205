#pragma once
// Internal: near-duplicate articles (the same story republished with another headline, byline,
// a reworded lead, sentences cut) found at index time and grouped into clusters
// (docs/news-search.md; the storage: index/clusters.hpp).
//
// One-permutation MinHash over character 5-gram shingles of the body (spaces and punctuation
// left out, Latin letters lower-cased): 64 minima, 16 LSH bands of 4. A new article's bands are
// looked up in an in-memory table of the signatures of its database (the signatures are stored
// in a value slot; no terms); a candidate whose signature agrees on at least kCopyThreshold of
// the 64 minima (an estimate of the shingles' Jaccard similarity) is a copy, and the new article
// joins its cluster (the best such candidate; ties: the earliest).

#include <xapian.h>

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch::detail::news {

inline constexpr std::size_t kMinHashes = 64;
inline constexpr std::size_t kBands = 16;
// Estimated Jaccard similarity from which two bodies are copies (bench/dedup_eval.sh).
inline constexpr double kCopyThreshold = 0.5;
// Bodies with fewer shingles are not compared: short texts agree by chance.
inline constexpr std::size_t kMinShingles = 40;

// The MinHash signature of `body` (kMinHashes values), empty when it is too short.
std::vector<std::uint32_t> signature(std::string_view body);
// The share of equal minima of two signatures (0 when either is empty).
double similarity(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b);

// Where a new article goes.
struct Cluster {
  std::string key;  // the cluster it joins (empty: it starts its own, under its id)
  std::vector<std::uint32_t> signature;
};

// In-memory LSH over signatures (kBands bands of kMinHashes / kBands minima): an open-addressing
// table of (32-bit band key, entry) pairs, 16 bytes per band of an entry at most (a node-based
// map cost ~100: 160 MB for korquad1_wiki's 51k articles).
class BandTable {
 public:
  void insert(std::uint32_t entry, std::span<const std::uint32_t> signature);
  // Entries sharing a band with `signature`, ascending, each once (a band key collision adds a
  // candidate, never loses one: candidates are compared by similarity).
  std::vector<std::uint32_t> candidates(std::span<const std::uint32_t> signature) const;

 private:
  void put(std::uint64_t slot_value);
  std::vector<std::uint64_t> slots_;  // (band key << 32) | (entry + 1); 0: empty
  std::size_t used_ = 0;
};

// The signatures of one database's articles, by LSH band, for finding copies. A writer holds one
// per database it writes; its entries are first passages' docids, checked against the database
// when they match (an article deleted or replaced since is passed over), so deletions need not
// be reported to it.
class CopyFinder {
 public:
  // Computes `body`'s signature and finds the article in `db` it copies, if any. `id` is the new
  // article's (already removed from `db` when it replaces an older version). The first call
  // reads the signatures `db` already holds (one pass over a value slot).
  Cluster find(const Xapian::Database& db, std::string_view id, std::string_view body);
  // The article just written with `cluster`, `first` its first passage.
  void added(Xapian::docid first, const Cluster& cluster);
  // Forgets every entry (the writer moved to another database).
  void clear();

  // The cluster key (its key, else its id) of the live article of `db` among the entries whose
  // signature agrees most with `signature`, at least kCopyThreshold, other than article `id`;
  // empty when none. Of equally similar articles the entry inserted first wins.
  std::string copied_key(const Xapian::Database& db, std::string_view id,
                         std::span<const std::uint32_t> signature) const;
  // An entry: the article whose first passage is `first`, and its signature.
  void insert(Xapian::docid first, std::vector<std::uint32_t> signature);

 private:
  std::vector<Xapian::docid> firsts_;  // entry -> its article's first passage
  std::vector<std::uint32_t> minima_;  // entry e's signature: kMinHashes values from e * kMinHashes
  BandTable bands_;
  bool loaded_ = false;
};

// Stores `cluster` on passage number `n` of the article: the key on every passage, the
// signature on the first.
void add_cluster(Xapian::Document& passage, std::uint64_t n, const Cluster& cluster);

// After a parallel build merged its workers' parts into `db` (each worker found only the copies
// within its own part): every article that is no copy yet looks for an earlier article (lower
// docid) it copies, and joins that one's cluster with the copies it had gathered (in memory,
// over the stored signatures). Needs the termlists (not for an append-only database). Returns
// how many articles moved; the caller commits.
std::uint64_t regroup(Xapian::WritableDatabase& db);

}  // namespace kosearch::detail::news
