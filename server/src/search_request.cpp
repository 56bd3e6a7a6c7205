#include "search_request.hpp"

#include <charconv>
#include <cstdint>
#include <optional>

namespace kosearch::server_detail {

namespace {

// Parses a decimal unsigned integer, the whole string.
std::optional<std::uint64_t> parse_uint(const std::string& s) {
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

std::optional<bool> parse_bool(const std::string& s) {
  if (s == "1" || s == "true" || s == "yes" || s.empty()) return true;
  if (s == "0" || s == "false" || s == "no") return false;
  return std::nullopt;
}

}  // namespace

SearchRequest read_search_request(const httplib::Params& params, const ServerOptions& server) {
  SearchRequest r;
  r.options = server.search;
  std::optional<std::string> query;
  for (const auto& [key, value] : params) {
    if (key == "q") {
      query = value;
    } else if (key == "k" || key == "offset") {
      const auto v = parse_uint(value);
      if (!v) throw BadRequest(400, key + " must be a non-negative integer, got '" + value + "'");
      if (key == "k") {
        if (*v > server.max_k) {
          throw BadRequest(400, "k is " + value + "; the limit is " + std::to_string(server.max_k));
        }
        r.options.k = static_cast<std::uint32_t>(*v);
      } else {
        if (*v > 100000) throw BadRequest(400, "offset is " + value + "; the limit is 100000");
        r.options.offset = static_cast<std::uint32_t>(*v);
      }
    } else if (key == "one_per_article") {
      const auto v = parse_bool(value);
      if (!v) throw BadRequest(400, "one_per_article must be 0 or 1, got '" + value + "'");
      r.options.one_per_article = *v;
    } else if (key == "explain") {
      const auto v = parse_bool(value);
      if (!v) throw BadRequest(400, "explain must be 0 or 1, got '" + value + "'");
      r.explain = *v;
    } else {
      throw BadRequest(400, "unknown parameter '" + key +
                                "'. Valid parameters: q, k, offset, one_per_article, explain");
    }
  }
  if (!query) throw BadRequest(400, "missing parameter q. Example: /search?q=스케일AI&k=10");
  if (query->size() > server.max_query_bytes) {
    throw BadRequest(414, "query is " + std::to_string(query->size()) + " bytes; the limit is " +
                              std::to_string(server.max_query_bytes) + ". Shorten it.");
  }
  r.query = std::move(*query);
  return r;
}

}  // namespace kosearch::server_detail
