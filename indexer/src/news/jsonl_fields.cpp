#include "jsonl_fields.hpp"

#include <cmath>
#include <initializer_list>
#include <string_view>

#include "article_fields.hpp"
#include "dates.hpp"

namespace kosearch::news {

namespace {

// The first of `names` present in `rec` (its name in `found`).
bool field(simdjson::dom::element rec, std::initializer_list<std::string_view> names, simdjson::dom::element& out,
           std::string_view& found) {
  for (std::string_view n : names) {
    if (rec[n].get(out) == simdjson::SUCCESS && !out.is_null()) {
      found = n;
      return true;
    }
  }
  return false;
}

std::string type_name(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::ARRAY: return "an array";
    case simdjson::dom::element_type::OBJECT: return "an object";
    case simdjson::dom::element_type::BOOL: return "a boolean";
    case simdjson::dom::element_type::STRING: return "a string";
    default: return "a number";
  }
}

std::string quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

// A string field; a value of another type is a warning.
std::string text(simdjson::dom::element rec, std::initializer_list<std::string_view> names,
                 std::vector<std::string>& warnings) {
  simdjson::dom::element v;
  std::string_view name;
  if (!field(rec, names, v, name)) return {};
  std::string_view s;
  if (v.get_string().get(s) != simdjson::SUCCESS) {
    warnings.push_back(quoted(name) + " is " + type_name(v) + ", not a string; ignored");
    return {};
  }
  return std::string(s);
}

// A list of names: an array of strings, or one string ("홍길동 기자", "홍길동, 김철수").
std::vector<std::string> names(simdjson::dom::element rec, std::initializer_list<std::string_view> keys,
                               std::vector<std::string>& warnings) {
  std::vector<std::string> out;
  simdjson::dom::element v;
  std::string_view name;
  if (!field(rec, keys, v, name)) return out;
  auto add = [&](std::string_view s) {
    // Split "홍길동, 김철수" and "홍길동·김철수"; drop a trailing 기자/특파원.
    for (std::size_t i = 0; i <= s.size();) {
      std::size_t j = s.find_first_of(",;", i);
      if (j == std::string_view::npos) j = s.size();
      std::string_view one = s.substr(i, j - i);
      for (std::size_t dot; (dot = one.find("\xC2\xB7")) != std::string_view::npos;) {
        // "·" separates names too.
        std::string_view first = one.substr(0, dot);
        while (!first.empty() && first.front() == ' ') first.remove_prefix(1);
        while (!first.empty() && first.back() == ' ') first.remove_suffix(1);
        if (!first.empty()) out.emplace_back(first);
        one.remove_prefix(dot + 2);
      }
      while (!one.empty() && one.front() == ' ') one.remove_prefix(1);
      while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
      for (std::string_view t : {" 기자", "기자", " 특파원", "특파원"}) {
        if (one.size() > t.size() && one.ends_with(t)) {
          one.remove_suffix(t.size());
          break;
        }
      }
      while (!one.empty() && one.back() == ' ') one.remove_suffix(1);
      if (!one.empty()) out.emplace_back(one);
      i = j + 1;
    }
  };
  if (std::string_view s; v.get_string().get(s) == simdjson::SUCCESS) {
    add(s);
  } else if (simdjson::dom::array a; v.get_array().get(a) == simdjson::SUCCESS) {
    for (simdjson::dom::element e : a) {
      if (std::string_view s2; e.get_string().get(s2) == simdjson::SUCCESS) {
        add(s2);
      } else {
        warnings.push_back(quoted(name) + " holds " + type_name(e) + ", not a name; that item ignored");
      }
    }
  } else {
    warnings.push_back(quoted(name) + " is " + type_name(v) + ", not a string or an array of strings; ignored");
  }
  return out;
}

std::optional<Instant> date(simdjson::dom::element rec, std::initializer_list<std::string_view> keys,
                            std::int64_t now, std::vector<std::string>& warnings) {
  simdjson::dom::element v;
  std::string_view name;
  if (!field(rec, keys, v, name)) return std::nullopt;
  std::optional<Instant> t;
  if (std::string_view s; v.get_string().get(s) == simdjson::SUCCESS) {
    t = parse_date_value(s);
    if (!t) {
      warnings.push_back(quoted(name) + " \"" + std::string(s) +
                         "\" is not a date (use ISO 8601, YYYY-MM-DD, YYYY.MM.DD HH:MM or epoch seconds); ignored");
      return std::nullopt;
    }
  } else if (v.is_int64() || v.is_uint64() || v.is_double()) {
    const double d = v.is_double() ? double(v.get_double().value_unsafe())
                     : v.is_int64() ? static_cast<double>(int64_t(v.get_int64().value_unsafe()))
                                    : static_cast<double>(uint64_t(v.get_uint64().value_unsafe()));
    if (!std::isfinite(d) || std::fabs(d) > 1e12) {
      warnings.push_back(quoted(name) + " is a number out of range for epoch seconds; ignored");
      return std::nullopt;
    }
    t = Instant{static_cast<std::int64_t>(d), 9 * 60};  // shown in KST
  } else {
    warnings.push_back(quoted(name) + " is " + type_name(v) + ", not a date string or epoch seconds; ignored");
    return std::nullopt;
  }
  if (const std::string why = implausible_date(t->epoch, now); !why.empty()) {
    warnings.push_back(quoted(name) + " " + schema::format_iso8601(t->epoch, t->offset_minutes) + " is " + why +
                       "; ignored");
    return std::nullopt;
  }
  return t;
}

std::vector<std::string> captions(simdjson::dom::element rec, std::vector<std::string>& warnings) {
  std::vector<std::string> out;
  simdjson::dom::element v;
  std::string_view name;
  if (!field(rec, {"captions", "caption"}, v, name)) return out;
  if (std::string_view s; v.get_string().get(s) == simdjson::SUCCESS) {
    if (!s.empty()) out.emplace_back(s);
  } else if (simdjson::dom::array a; v.get_array().get(a) == simdjson::SUCCESS) {
    for (simdjson::dom::element e : a) {
      if (std::string_view s2; e.get_string().get(s2) == simdjson::SUCCESS) out.emplace_back(s2);
    }
  } else {
    warnings.push_back(quoted(name) + " is " + type_name(v) + ", not a string or an array of strings; ignored");
  }
  return out;
}

}  // namespace

ArticleFields jsonl_fields(simdjson::dom::element rec, std::int64_t now, std::vector<std::string>& warnings) {
  ArticleFields f;
  if (auto t = date(rec, {"published", "date", "datetime", "published_at", "pubdate"}, now, warnings)) {
    f.published = t->epoch;
    f.published_offset_minutes = t->offset_minutes;
  }
  if (auto t = date(rec, {"updated", "modified", "updated_at"}, now, warnings)) {
    f.updated = t->epoch;
    f.updated_offset_minutes = t->offset_minutes;
  }
  f.publisher = text(rec, {"publisher", "source", "press"}, warnings);
  f.reporters = names(rec, {"reporters", "author", "byline", "authors"}, warnings);
  f.section = text(rec, {"section", "category"}, warnings);
  f.url = text(rec, {"url", "link"}, warnings);
  f.captions = captions(rec, warnings);
  return f;
}

}  // namespace kosearch::news
