#pragma once
// Internal: how near-duplicate articles (copies of one story) are grouped in the index
// (docs/news-search.md). Written by the indexer (indexer/src/news/dedup.cpp), read by the
// searcher (searcher/src/grouping.cpp).
//
// An article that is a copy of one already indexed carries, on every passage, the cluster key in
// kSlotCluster (article_fields.hpp): the id of the cluster's first article. That first article
// carries no key: an article's cluster is its kSlotCluster value, or else its own id. So an index
// without copies has no kSlotCluster value at all, and the searcher does no grouping work.

#include <xapian.h>

#include <string_view>

namespace kosearch::schema {

// The MinHash signature of the article's body (dedup.hpp), on its first passage only.
inline constexpr Xapian::valueno kSlotSignature = 10;

// On the first passage of a copy only: id_term(XK, cluster key): the members of a cluster
// besides its first article are that term's postings.
inline constexpr std::string_view kPrefixClusterMember = "XK";

}  // namespace kosearch::schema
