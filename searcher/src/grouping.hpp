#pragma once
// Internal: one article per cluster of copies in a result list (SearchOptions::group_duplicates;
// index/clusters.hpp says how clusters are stored).

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch::detail {

class Grouper {
 public:
  // Whether `db` holds any copy (an article that joined another's cluster).
  static bool any_clusters(const Xapian::Database& db);
  // Whether a candidate passage, in rank order, is shown: false when another article of its
  // cluster was shown before it (the copies are counted on that one's hit instead).
  bool admit(const Xapian::Document& passage);
  // Fills Hit::duplicates and duplicate_ids: the other articles of each hit's cluster.
  static void annotate(const Xapian::Database& db, std::vector<Hit>& hits);

 private:
  std::unordered_map<std::string, std::string> shown_;  // cluster key -> the article shown
};

}  // namespace kosearch::detail
