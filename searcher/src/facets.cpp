// Facet counts over all matches (see news.hpp): one MatchSpy reads the facet slots of each
// article's first matching passage, so counts are of articles, not passages.

#include <algorithm>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "article_fields.hpp"
#include "kosearch/core/error.hpp"
#include "news.hpp"
#include "schema.hpp"

namespace kosearch::detail {

std::optional<Xapian::valueno> facet_value_slot(std::string_view name) {
  if (name == "publisher") return schema::kSlotPublisher;
  if (name == "reporter") return schema::kSlotReporters;
  if (name == "section") return schema::kSlotSection;
  if (name == "month") return schema::kSlotMonth;
  return std::nullopt;
}

namespace {

struct FacetSlot {
  std::string name;
  Xapian::valueno slot;
  bool multi;  // '\x1f'-joined names (reporters)
};

FacetSlot facet_slot(const std::string& name) {
  const std::optional<Xapian::valueno> slot = facet_value_slot(name);
  if (!slot) throw InvalidArgument("unknown facet '" + name + "'; valid: publisher, reporter, section, month");
  return {name, *slot, name == "reporter"};
}

// Counts each article once: an article's passages share its fields, so the first matching
// passage of each article (by its doc id's hash) stands for it.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(std::vector<FacetSlot> slots) : slots_(std::move(slots)), counts_(slots_.size()) {}
  void operator()(const Xapian::Document& doc, double) override {
    if (!seen_.insert(std::hash<std::string>{}(doc.get_value(schema::kSlotDocId))).second) return;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      const std::string v = doc.get_value(slots_[i].slot);
      if (v.empty()) continue;
      if (!slots_[i].multi) {
        ++counts_[i][v];
        continue;
      }
      for (std::size_t from = 0;;) {
        const std::size_t sep = v.find('\x1f', from);
        const std::string name = v.substr(from, sep == std::string::npos ? std::string::npos : sep - from);
        if (!name.empty()) ++counts_[i][name];
        if (sep == std::string::npos) break;
        from = sep + 1;
      }
    }
  }
  std::vector<Facet> facets(std::uint32_t limit) const {
    std::vector<Facet> out;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      Facet f{slots_[i].name, {}};
      for (const auto& [v, n] : counts_[i]) f.values.push_back({v, n});
      // Most frequent first; the month facet's ties (and all ties) by value, months ascending.
      std::sort(f.values.begin(), f.values.end(), [](const FacetValue& a, const FacetValue& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
      if (limit > 0 && f.values.size() > limit) f.values.resize(limit);
      out.push_back(std::move(f));
    }
    return out;
  }

 private:
  std::vector<FacetSlot> slots_;
  std::vector<std::unordered_map<std::string, std::uint64_t>> counts_;
  std::unordered_set<std::size_t> seen_;
};

}  // namespace

std::vector<Facet> count_facets(const Xapian::Database& db, const Xapian::Query& query, const SearchOptions& o) {
  std::vector<FacetSlot> slots;
  bool any_values = false;
  for (const auto& name : o.facets) {
    slots.push_back(facet_slot(name));
    any_values = any_values || db.get_value_freq(slots.back().slot) > 0;
  }
  if (slots.empty()) return {};
  FacetSpy spy(slots);
  // An index without these fields (built before them, or plain text) has nothing to count.
  if (any_values && !query.empty()) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // no ranking: only which passages match
    enquire.add_matchspy(&spy);
    try {
      enquire.get_mset(0, 0, db.get_doccount());
    } catch (const Xapian::UnimplementedError&) {
      // Xapian sends a match spy to a remote shard by name, and xapian-tcpsrv knows only its own.
      throw InvalidArgument(
          "'facets' cannot be counted on an index with remote shards (xapian-tcpsrv runs no "
          "kosearch code); search without facets, or count them on a local copy of the shards");
    }
  }
  return spy.facets(o.facet_limit);
}

}  // namespace kosearch::detail
