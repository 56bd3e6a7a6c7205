#include "suggest_endpoint.hpp"

#include <charconv>

#include "kosearch/json/results.hpp"
#include "kosearch/json/suggestions.hpp"

namespace kosearch::detail {

namespace {

void fail(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json::dump_json({{"status", status}, {"error", message}}), "application/json; charset=utf-8");
}

}  // namespace

void serve_suggest(Searcher& searcher, const httplib::Params& params, const ServerOptions& options,
                   httplib::Response& res) {
  const std::string* prefix = nullptr;
  std::uint32_t k = 10;
  for (const auto& [key, value] : params) {
    if (key == "q") {
      prefix = &value;
    } else if (key == "k") {
      std::uint32_t v = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
        return fail(res, 400, "k must be a non-negative integer, got '" + value + "'");
      }
      if (v > options.max_k) {
        return fail(res, 400, "k is " + value + "; the limit is " + std::to_string(options.max_k));
      }
      k = v;
    } else {
      return fail(res, 400, "unknown parameter '" + key + "'. Valid parameters: q, k");
    }
  }
  if (prefix == nullptr) return fail(res, 400, "missing parameter q. Example: /suggest?q=스케&k=10");
  if (prefix->size() > options.max_query_bytes) {
    return fail(res, 414, "q is " + std::to_string(prefix->size()) + " bytes; the limit is " +
                              std::to_string(options.max_query_bytes) + ". Shorten it.");
  }
  res.set_content(json::dump_json(json::to_json(searcher.suggest(*prefix, k))), "application/json; charset=utf-8");
}

}  // namespace kosearch::detail
