#include "search_request.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "kosearch/core/option_value.hpp"

namespace kosearch::server_detail {
namespace {

// The search options a request may set, each parsed by apply_search_option's table under its
// own name (as `--set` and ks_searcher_set_option); the ranking's stay the server's (--set).
constexpr std::array<std::string_view, 3> kPageParameters = {"k", "offset", "one_per_article"};
constexpr std::array<std::string_view, 9> kNewsParameters = {
    "since", "until", "publisher", "reporter", "section", "sort", "recency", "facets", "duplicates"};

bool is_page_parameter(std::string_view key) {
  return std::ranges::find(kPageParameters, key) != kPageParameters.end();
}
bool is_news_parameter(std::string_view key) {
  return std::ranges::find(kNewsParameters, key) != kNewsParameters.end();
}

// "q, k, offset, one_per_article, explain, since, …": every parameter /search reads.
std::string valid_parameters() {
  std::string out = "q";
  for (const auto p : kPageParameters) out.append(", ").append(p);
  out += ", explain";
  for (const auto p : kNewsParameters) out.append(", ").append(p);
  return out;
}

}  // namespace

SearchRequest read_search_request(const httplib::Params& params, const ServerOptions& server) {
  SearchRequest r;
  r.options = server.search;
  std::optional<std::string> query;
  bool k_given = false;
  for (const auto& [key, value] : params) {
    try {
      if (key == "q") {
        query = value;
      } else if (is_page_parameter(key)) {
        // The parser and messages of `--set` (and of the C API's options).
        apply_search_option(r.options, key, value);
        k_given |= key == "k";
      } else if (is_news_parameter(key)) {
        // As the CLI's --since, --publisher, … read them (docs/news-search.md); a repeated
        // publisher/reporter/section adds a name, an empty value (a cleared form field) is none.
        if (!value.empty()) apply_search_option(r.options, key, value);
      } else if (key == "explain") {
        r.explain = option_value::to_bool(key, value);
      } else {
        throw BadRequest(400, "unknown parameter '" + key + "'. Valid parameters: " + valid_parameters());
      }
    } catch (const BadRequest&) {
      throw;
    } catch (const InvalidArgument& e) {
      throw BadRequest(400, e.what());
    }
  }
  if (k_given && r.options.k > server.max_k) {
    throw BadRequest(400, "k is " + std::to_string(r.options.k) + "; the limit is " +
                              std::to_string(server.max_k));
  }
  if (r.options.offset > kMaxOffset) {
    throw BadRequest(400, "offset is " + std::to_string(r.options.offset) + "; the limit is " +
                              std::to_string(kMaxOffset));
  }
  if (!query) throw BadRequest(400, "missing parameter q. Example: /search?q=스케일AI&k=10");
  // As `kosearch search` calls it: a usage error.
  if (query->find_first_not_of(" \t\r\n") == std::string::npos) {
    throw BadRequest(400, "the query q is empty. Example: /search?q=스케일AI&k=10");
  }
  if (query->size() > server.max_query_bytes) {
    throw BadRequest(414, "query is " + std::to_string(query->size()) + " bytes; the limit is " +
                              std::to_string(server.max_query_bytes) + ". Shorten it.");
  }
  r.query = std::move(*query);
  return r;
}

}  // namespace kosearch::server_detail
