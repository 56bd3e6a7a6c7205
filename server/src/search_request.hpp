#pragma once
// Internal: the query parameters of GET /search read into one search, or refused with an HTTP
// status and a message.

#include <httplib.h>

#include <cstdint>
#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/server/server.hpp"

namespace kosearch::server_detail {

// A request the server refuses: what() is the message, status() the HTTP status (400, 414).
class BadRequest : public InvalidArgument {
 public:
  BadRequest(int status, const std::string& message) : InvalidArgument(message), status_(status) {}
  int status() const noexcept { return status_; }

 private:
  int status_;
};

// One GET /search: the query, the search options (the server's, then the request's
// parameters) and whether each hit carries its score parts.
struct SearchRequest {
  std::string query;
  SearchOptions options;
  bool explain = false;
};

// Largest accepted `offset`.
inline constexpr std::uint32_t kMaxOffset = 100000;

// Reads `params` (q, k, offset, one_per_article, explain) over `server`'s search options and
// limits, each value read as `--set` reads it (one_per_article=yes|on|1|true, the same
// messages). Throws BadRequest: 400 for a missing or empty q or a bad or unknown parameter, 414
// for a q over max_query_bytes.
SearchRequest read_search_request(const httplib::Params& params, const ServerOptions& server);

}  // namespace kosearch::server_detail
