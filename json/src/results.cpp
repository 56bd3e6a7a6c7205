#include "kosearch/json/results.hpp"

namespace kosearch::json {

nlohmann::json to_json(const SearchResults& r, bool score_parts) {
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : r.hits) {
    nlohmann::json spans = nlohmann::json::array();
    for (const auto& [b, e] : h.highlights) spans.push_back({b, e});
    hits.push_back({{"rank", h.rank},
                    {"score", h.score},
                    {"doc_id", h.doc_id},
                    {"passage_id", h.passage_id},
                    {"title", h.title},
                    {"text", h.text},
                    {"snippet", h.snippet},
                    {"highlights", spans},
                    {"duplicates", h.duplicates},
                    {"duplicate_ids", h.duplicate_ids}});
    // published, updated, publisher, reporters, section, url: null or [] when unknown.
    const ArticleFields& f = h.fields;
    auto text_or_null = [](const std::string& v) { return v.empty() ? nlohmann::json(nullptr) : nlohmann::json(v); };
    nlohmann::json& hit = hits.back();
    hit["published"] = f.published ? nlohmann::json(iso8601(*f.published, f.published_offset_minutes)) : nlohmann::json(nullptr);
    hit["updated"] = f.updated ? nlohmann::json(iso8601(*f.updated, f.updated_offset_minutes)) : nlohmann::json(nullptr);
    hit["publisher"] = text_or_null(f.publisher);
    hit["reporters"] = f.reporters;
    hit["section"] = text_or_null(f.section);
    hit["url"] = text_or_null(f.url);
    if (score_parts) {
      const ScoreParts& p = h.score_parts;
      hits.back()["score_parts"] = {
          {"bm25", p.bm25}, {"words", p.words}, {"sentence", p.sentence}, {"pairs", p.pairs}, {"title", p.title}, {"length", p.length}};
    }
  }
  nlohmann::json out = {{"query", r.query}, {"total", r.total}, {"total_exact", r.total_exact}, {"hits", hits}};
  if (!r.corrected_query.empty()) out["corrected_query"] = r.corrected_query, out["correction"] = r.correction;
  if (!r.notes.empty()) out["notes"] = r.notes;
  if (!r.facets.empty()) {
    nlohmann::json facets = nlohmann::json::object();
    for (const auto& f : r.facets) {
      nlohmann::json values = nlohmann::json::array();
      for (const auto& v : f.values) values.push_back({{"value", v.value}, {"count", v.count}});
      facets[f.name] = std::move(values);
    }
    out["facets"] = std::move(facets);
  }
  return out;
}

std::string dump_json(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

nlohmann::json to_json(const IndexStats& s, const std::vector<std::string>& warnings) {
  return {{"passages", s.passages},
          {"articles", s.articles},
          {"bytes_on_disk", s.bytes_on_disk},
          {"analyzer", s.analyzer},
          {"passage_settings", s.passage_settings},
          {"positions", s.positions},
          {"append_only", s.append_only},
          {"suggestions", s.suggestions},
          {"shards", s.shards},
          {"shards_missing", s.shards_missing},
          {"news_fields", s.news_fields},
          {"articles_with", {{"published", s.with_field.published},
                             {"updated", s.with_field.updated},
                             {"publisher", s.with_field.publisher},
                             {"reporters", s.with_field.reporters},
                             {"section", s.with_field.section},
                             {"url", s.with_field.url}}},
          {"warnings", warnings}};
}

}  // namespace kosearch::json
