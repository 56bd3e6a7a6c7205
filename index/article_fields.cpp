#include "article_fields.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <nlohmann/json.hpp>

#include <cstdio>

namespace kosearch::schema {

namespace {

// Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day count since 1970-01-01.
struct Civil {
  std::int64_t year;
  unsigned month, day;
};
Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

// Inverse of format_iso8601 for what it writes: "YYYY-MM-DDTHH:MM:SS+HH:MM".
bool parse_iso8601(const std::string& s, std::int64_t& epoch, std::int32_t& offset) {
  int y, mo, d, h, mi, se, oh, om;
  char sign;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d%c%d:%d", &y, &mo, &d, &h, &mi, &se, &sign, &oh, &om) != 9) return false;
  if (sign != '+' && sign != '-') return false;
  // days_from_civil
  const int yy = y - (mo <= 2);
  const std::int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
  const auto yoe = static_cast<unsigned>(yy - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(mo + (mo > 2 ? -3 : 9)) + 2) / 5 + static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + static_cast<std::int64_t>(doe) - 719468;
  offset = (sign == '-' ? -1 : 1) * (oh * 60 + om);
  epoch = days * 86400 + h * 3600 + mi * 60 + se - static_cast<std::int64_t>(offset) * 60;
  return true;
}

}  // namespace

std::string field_key(std::string_view name) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
  std::string out;
  if (U_FAILURE(status)) return std::string(name);
  const icu::UnicodeString folded =
      nfkc_cf->normalize(icu::UnicodeString::fromUTF8(icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))), status);
  if (U_FAILURE(status)) return std::string(name);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < folded.length();) {
    const UChar32 c = folded.char32At(i);
    if (!u_isUWhiteSpace(c)) kept.append(c);
    i += U16_LENGTH(c);
  }
  kept.toUTF8String(out);
  return out;
}

std::string format_iso8601(std::int64_t epoch_seconds, std::int32_t offset_minutes) {
  const std::int64_t local = epoch_seconds + static_cast<std::int64_t>(offset_minutes) * 60;
  const std::int64_t days = floor_div(local, 86400);
  const std::int64_t secs = local - days * 86400;
  const Civil c = civil_from_days(days);
  const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld%c%02d:%02d",
                static_cast<long long>(c.year), c.month, c.day, static_cast<long long>(secs / 3600),
                static_cast<long long>(secs / 60 % 60), static_cast<long long>(secs % 60),
                offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::string kst_month(std::int64_t epoch_seconds) {
  const Civil c = civil_from_days(floor_div(epoch_seconds + 9 * 3600, 86400));
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u", static_cast<long long>(c.year), c.month);
  return buf;
}

std::string fields_to_json(const ArticleFields& f) {
  auto text_or_null = [](const std::string& s) { return s.empty() ? nlohmann::json(nullptr) : nlohmann::json(s); };
  nlohmann::json j;
  j["published"] = f.published ? nlohmann::json(format_iso8601(*f.published, f.published_offset_minutes)) : nlohmann::json(nullptr);
  j["updated"] = f.updated ? nlohmann::json(format_iso8601(*f.updated, f.updated_offset_minutes)) : nlohmann::json(nullptr);
  j["publisher"] = text_or_null(f.publisher);
  j["reporters"] = f.reporters;
  j["section"] = text_or_null(f.section);
  j["url"] = text_or_null(f.url);
  return j.dump();
}

ArticleFields fields_from_json(std::string_view json) {
  ArticleFields f;
  const nlohmann::json j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return f;
  auto text = [&](const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  std::int64_t epoch = 0;
  std::int32_t offset = 0;
  if (parse_iso8601(text("published"), epoch, offset)) {
    f.published = epoch;
    f.published_offset_minutes = offset;
  }
  if (parse_iso8601(text("updated"), epoch, offset)) {
    f.updated = epoch;
    f.updated_offset_minutes = offset;
  }
  f.publisher = text("publisher");
  f.section = text("section");
  f.url = text("url");
  if (const auto it = j.find("reporters"); it != j.end() && it->is_array()) {
    for (const auto& r : *it) {
      if (r.is_string()) f.reporters.push_back(r.get<std::string>());
    }
  }
  return f;
}

void add_article_fields(Xapian::Document& doc, const ArticleFields& f) {
  if (f.empty()) return;
  if (f.published) {
    doc.add_value(kSlotPublished, Xapian::sortable_serialise(static_cast<double>(*f.published)));
    doc.add_value(kSlotMonth, kst_month(*f.published));
  }
  doc.add_value(kSlotFields, fields_to_json(f));
  if (!f.publisher.empty()) {
    doc.add_value(kSlotPublisher, f.publisher);
    doc.add_boolean_term(std::string(kPrefixPublisher) + field_key(f.publisher));
  }
  if (!f.section.empty()) {
    doc.add_value(kSlotSection, f.section);
    doc.add_boolean_term(std::string(kPrefixSection) + field_key(f.section));
  }
  std::string joined;
  for (const auto& r : f.reporters) {
    if (r.empty()) continue;
    if (!joined.empty()) joined += '\x1f';
    joined += r;
    doc.add_boolean_term(std::string(kPrefixReporter) + field_key(r));
  }
  if (!joined.empty()) doc.add_value(kSlotReporters, joined);
}

}  // namespace kosearch::schema
