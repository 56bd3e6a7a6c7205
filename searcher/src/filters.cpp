// News filters, date order and the recency blend (see news.hpp).

#include <algorithm>
#include <chrono>
#include <tuple>
#include <cmath>
#include <limits>
#include <optional>

#include "article_fields.hpp"
#include "kosearch/core/error.hpp"
#include "news.hpp"

namespace kosearch::detail {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// Reads exactly `n` digits at `at` into `out`.
bool digits(std::string_view s, std::size_t& at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[at + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  at += n;
  return true;
}

// The relevance blend with recency: weight x 2^(-age in days / half-life) for a passage whose
// article has a publication date (kSlotPublished), 0 for one without. Added to the BM25 score by
// OP_AND_MAYBE: every match gains it, so a fresh article beyond the re-ranking's window can
// still rise. Local databases only (Xapian cannot send it to a remote shard).
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(double now, double half_life_days, double weight)
      : Xapian::ValuePostingSource(schema::kSlotPublished), now_(now), half_life_(half_life_days * 86400.0),
        weight_(weight) {
    set_maxweight(weight_);
  }
  double get_weight() const override {
    const double published = Xapian::sortable_unserialise(get_value());
    const double age = std::max(0.0, now_ - published);
    return weight_ * std::exp2(-age / half_life_);
  }
  RecencySource* clone() const override { return new RecencySource(now_, half_life_ / 86400.0, weight_); }
  std::string name() const override { return "kosearch::RecencySource"; }

 private:
  double now_, half_life_, weight_;
};

}  // namespace

std::int64_t parse_filter_date(std::string_view text, bool end_of_day, std::string_view what) {
  auto bad = [&]() -> std::int64_t {
    throw InvalidArgument(std::string(what) + " '" + std::string(text) +
                          "' is not a date: give YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+09:00] "
                          "(KST when no offset), e.g. 2025-08-14");
  };
  std::size_t at = 0;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!digits(text, at, 4, y) || at >= text.size() || text[at++] != '-' || !digits(text, at, 2, mo) ||
      at >= text.size() || text[at++] != '-' || !digits(text, at, 2, d)) {
    return bad();
  }
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] ||
      (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))) {
    return bad();
  }
  bool bare = true;
  if (at < text.size() && (text[at] == 'T' || text[at] == ' ')) {
    ++at;
    bare = false;
    if (!digits(text, at, 2, h) || at >= text.size() || text[at++] != ':' || !digits(text, at, 2, mi)) return bad();
    if (at < text.size() && text[at] == ':' && (++at, !digits(text, at, 2, se))) return bad();
    if (h > 23 || mi > 59 || se > 60) return bad();
  }
  int offset_minutes = 9 * 60;  // KST
  if (at < text.size()) {
    if (bare) return bad();
    if (text[at] == 'Z' && at + 1 == text.size()) {
      offset_minutes = 0;
      ++at;
    } else if (text[at] == '+' || text[at] == '-') {
      const int sign = text[at++] == '-' ? -1 : 1;
      int oh, om;
      if (!digits(text, at, 2, oh)) return bad();
      if (at < text.size() && text[at] == ':') ++at;
      if (!digits(text, at, 2, om) || oh > 14 || om > 59) return bad();
      offset_minutes = sign * (oh * 60 + om);
    }
    if (at != text.size()) return bad();
  }
  const std::int64_t local = days_from_civil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 +
                             h * 3600 + mi * 60 + se + (bare && end_of_day ? 86399 : 0);
  return local - static_cast<std::int64_t>(offset_minutes) * 60;
}

Xapian::Query apply_news_filters(const Xapian::Query& query, const SearchOptions& o,
                                 const std::vector<FieldOperator>& typed) {
  using Kind = FieldOperator::Kind;
  std::vector<Xapian::Query> kinds;
  auto add_kind = [&](const std::vector<std::string>& names, Kind kind, std::string_view prefix) {
    std::vector<std::string> terms;
    for (const auto& n : names) terms.push_back(std::string(prefix) + schema::field_key(n));
    for (const auto& t : typed) {
      if (t.kind == kind) terms.push_back(std::string(prefix) + schema::field_key(t.value));
    }
    if (!terms.empty()) kinds.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
  };
  add_kind(o.publishers, Kind::publisher, schema::kPrefixPublisher);
  add_kind(o.reporters, Kind::reporter, schema::kPrefixReporter);
  add_kind(o.sections, Kind::section, schema::kPrefixSection);
  if (o.since && o.until) {
    kinds.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished,
                       Xapian::sortable_serialise(static_cast<double>(*o.since)),
                       Xapian::sortable_serialise(static_cast<double>(*o.until)));
  } else if (o.since) {
    kinds.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kSlotPublished,
                       Xapian::sortable_serialise(static_cast<double>(*o.since)));
  } else if (o.until) {
    kinds.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kSlotPublished,
                       Xapian::sortable_serialise(static_cast<double>(*o.until)));
  }
  if (kinds.empty()) return query;
  const Xapian::Query filter(Xapian::Query::OP_AND, kinds.begin(), kinds.end());
  return Xapian::Query(Xapian::Query::OP_FILTER, query.empty() ? Xapian::Query::MatchAll : query, filter);
}

void apply_news_order(Xapian::Enquire& enquire, const Xapian::Query& query, const SearchOptions& o) {
  if (o.sort != SearchOptions::Sort::relevance) {
    const bool newest = o.sort == SearchOptions::Sort::newest;
    auto* key = new Xapian::MultiValueKeyMaker;
    // A passage without a date sorts last either way: "" reversed sorts after every date, and
    // "\xff" after every sortable_serialise() of a date.
    key->add_value(schema::kSlotPublished, newest, newest ? std::string() : std::string("\xff"));
    enquire.set_sort_by_key_then_relevance(key->release(), false);
  }
  if (o.recency_half_life_days > 0 && o.recency_weight > 0 && !query.empty()) {
    const double now = o.now ? static_cast<double>(*o.now)
                             : static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(
                                                       std::chrono::system_clock::now().time_since_epoch())
                                                       .count());
    auto* source = new RecencySource(now, o.recency_half_life_days, o.recency_weight);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, Xapian::Query(source->release())));
  }
}

std::vector<std::string> missing_field_notes(const Xapian::Database& db, const SearchOptions& o,
                                             const std::vector<FieldOperator>& typed) {
  bool publisher = !o.publishers.empty(), reporter = !o.reporters.empty(), section = !o.sections.empty();
  for (const auto& f : typed) {
    publisher |= f.kind == FieldOperator::Kind::publisher;
    reporter |= f.kind == FieldOperator::Kind::reporter;
    section |= f.kind == FieldOperator::Kind::section;
  }
  const bool dated = o.since || o.until || o.sort != SearchOptions::Sort::relevance || o.recency_half_life_days > 0;
  std::vector<std::string> asked;
  for (const auto& [wanted, slot, name] : {std::tuple{publisher, schema::kSlotPublisher, "a publisher"},
                                           std::tuple{reporter, schema::kSlotReporters, "a reporter"},
                                           std::tuple{section, schema::kSlotSection, "a section"},
                                           std::tuple{dated, schema::kSlotPublished, "a publication date"}}) {
    if (wanted && db.get_value_freq(slot) == 0) asked.emplace_back(name);
  }
  for (const auto& facet : o.facets) {
    const std::optional<Xapian::valueno> slot = facet_value_slot(facet);
    const std::string name = facet == "month" ? "a publication date" : "a " + facet;
    if (slot && db.get_value_freq(*slot) == 0 && std::find(asked.begin(), asked.end(), name) == asked.end()) {
      asked.push_back(name);
    }
  }
  std::vector<std::string> notes;
  for (const auto& name : asked) {
    notes.push_back("no article of this index has " + name +
                    ", so what asks for it finds or counts nothing. Articles get news fields from "
                    "news pages (.txt) or JSONL fields such as \"published\" and \"publisher\" "
                    "(docs/news.md); an index built before them has none: rebuild it with "
                    "`kosearch index --rebuild`.");
  }
  return notes;
}

}  // namespace kosearch::detail
