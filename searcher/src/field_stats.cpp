#include "field_stats.hpp"

#include "article_fields.hpp"
#include "schema.hpp"

namespace kosearch {

std::string article_fields_json(const ArticleFields& fields) { return schema::fields_to_json(fields); }
std::string iso8601(std::int64_t epoch_seconds, std::int32_t offset_minutes) {
  return schema::format_iso8601(epoch_seconds, offset_minutes);
}

namespace detail {

IndexStats::FieldCounts count_fields(const Xapian::Database& db) {
  IndexStats::FieldCounts n;
  if (db.get_value_freq(schema::kSlotFields) == 0) return n;
  auto ids = db.valuestream_begin(schema::kSlotDocId);
  std::string last_id, last_json;
  for (auto it = db.valuestream_begin(schema::kSlotFields); it != db.valuestream_end(schema::kSlotFields); ++it) {
    ids.skip_to(it.get_docid());
    const std::string id = ids != db.valuestream_end(schema::kSlotDocId) && ids.get_docid() == it.get_docid()
                               ? *ids
                               : std::string();
    std::string json = *it;
    if (id == last_id && json == last_json) continue;  // another passage of the same article
    const ArticleFields f = schema::fields_from_json(json);
    n.published += f.published.has_value();
    n.updated += f.updated.has_value();
    n.publisher += !f.publisher.empty();
    n.reporters += !f.reporters.empty();
    n.section += !f.section.empty();
    n.url += !f.url.empty();
    last_id = id;
    last_json = std::move(json);
  }
  return n;
}

}  // namespace detail
}  // namespace kosearch
