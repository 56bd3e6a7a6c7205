// One article per cluster of copies in a result list (see grouping.hpp).

#include "grouping.hpp"

#include "article_fields.hpp"
#include "clusters.hpp"
#include "schema.hpp"

namespace kosearch::detail {

namespace {

constexpr std::size_t kMaxDuplicateIds = 100;

// A passage's cluster: its kSlotCluster value, or its article's id when it has none.
std::string cluster_of(const Xapian::Document& passage, const std::string& article) {
  std::string key = passage.get_value(schema::kSlotCluster);
  return key.empty() ? article : key;
}

}  // namespace

bool Grouper::any_clusters(const Xapian::Database& db) { return db.get_value_freq(schema::kSlotCluster) > 0; }

bool Grouper::admit(const Xapian::Document& passage) {
  std::string article = passage.get_value(schema::kSlotDocId);
  const auto [it, inserted] = shown_.try_emplace(cluster_of(passage, article), article);
  return inserted || it->second == article;
}

void Grouper::annotate(const Xapian::Database& db, std::vector<Hit>& hits) {
  for (Hit& hit : hits) {
    if (hit.doc_id.empty()) continue;
    const Xapian::Document first = [&] {
      // Any passage of the article carries its cluster key: the hit's own is not at hand here
      // (only its id), so the article term's first posting is read.
      const std::string term = schema::id_term(schema::kPrefixArticle, hit.doc_id);
      const auto it = db.postlist_begin(term);
      return it == db.postlist_end(term) ? Xapian::Document() : db.get_document(*it);
    }();
    const std::string key = cluster_of(first, hit.doc_id);
    std::vector<std::string> ids;
    std::uint32_t n = 0;
    // The cluster's first article, when it is not this one and is still in the index.
    if (key != hit.doc_id && db.term_exists(schema::id_term(schema::kPrefixArticle, key))) {
      ++n;
      ids.push_back(key);
    }
    const std::string member = schema::id_term(schema::kPrefixClusterMember, key);
    for (auto it = db.postlist_begin(member); it != db.postlist_end(member); ++it) {
      std::string id = db.get_document(*it).get_value(schema::kSlotDocId);
      if (id == hit.doc_id) continue;
      ++n;
      if (ids.size() < kMaxDuplicateIds) ids.push_back(std::move(id));
    }
    hit.duplicates = n;
    hit.duplicate_ids = std::move(ids);
  }
}

}  // namespace kosearch::detail
