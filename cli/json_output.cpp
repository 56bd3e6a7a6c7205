#include "json_output.hpp"

namespace kosearch::cli {

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
    if (score_parts) {
      const ScoreParts& p = h.score_parts;
      hits.back()["score_parts"] = {
          {"bm25", p.bm25}, {"words", p.words}, {"sentence", p.sentence}, {"pairs", p.pairs}};
    }
  }
  nlohmann::json out = {{"query", r.query}, {"total", r.total}, {"total_exact", r.total_exact}, {"hits", hits}};
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
          {"shards", s.shards},
          {"shards_missing", s.shards_missing},
          {"warnings", warnings}};
}

}  // namespace kosearch::cli
