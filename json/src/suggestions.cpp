#include "kosearch/json/suggestions.hpp"

#include "kosearch/core/utf8.hpp"

namespace kosearch::json {

nlohmann::json to_json(const Suggestions& s) {
  nlohmann::json list = nlohmann::json::array();
  for (const Suggestion& x : s.suggestions) list.push_back({{"text", x.text}, {"count", x.count}});
  // The prefix is echoed as given, which may be any bytes: JSON needs valid UTF-8.
  nlohmann::json out = {{"prefix", utf8::sanitize(s.prefix)}, {"suggestions", std::move(list)}};
  if (!s.reading.empty()) out["reading"] = s.reading;
  if (!s.warning.empty()) out["warning"] = s.warning;
  return out;
}

}  // namespace kosearch::json
