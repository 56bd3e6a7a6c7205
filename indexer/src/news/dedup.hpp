#pragma once
// Internal: near-duplicate articles (the same story republished with another headline, byline,
// a reworded lead, sentences cut) found at index time and grouped into clusters
// (docs/news-search.md; the storage: index/clusters.hpp).
//
// MinHash over character 5-gram shingles of the body (spaces and punctuation left out, Latin
// letters lower-cased): 64 minima, 16 LSH bands of 4. A new article's bands are looked up as
// boolean terms in one Xapian query; a candidate whose signature agrees on at least
// kCopyThreshold of the 64 minima (an estimate of the shingles' Jaccard similarity) is a copy,
// and the new article joins its cluster (the best such candidate; ties: the earliest).

#include <xapian.h>

#include <cstdint>
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
double similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

// Where a new article goes.
struct Cluster {
  std::string key;  // the cluster it joins (empty: it starts its own, under its id)
  std::vector<std::uint32_t> signature;
};

// Computes `body`'s signature and finds the article in `db` it copies, if any. `id` is the new
// article's (already removed from `db` when it replaces an older version).
Cluster find_cluster(const Xapian::Database& db, std::string_view id, std::string_view body);

// Stores `cluster` on passage number `n` of the article: the key on every passage, the
// signature and band terms on the first.
void add_cluster(Xapian::Document& passage, std::uint64_t n, const Cluster& cluster);

// After a parallel build merged its workers' parts into `db` (each worker found only the copies
// within its own part): every article that is no copy yet looks for an earlier article (lower
// docid) it copies, and joins that one's cluster with the copies it had gathered. Needs the
// termlists (not for an append-only database). Returns how many articles moved; the caller
// commits.
std::uint64_t regroup(Xapian::WritableDatabase& db);

}  // namespace kosearch::detail::news
