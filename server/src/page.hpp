#pragma once
// The search page of `kosearch serve` (GET /) and the --cors header.

#include <string>

namespace httplib {
class Server;
}

namespace kosearch {

struct ServerOptions;

/// Adds GET / (the page embedded from server/web/index.html, with a Content-Security-Policy
/// that lets only its own inline script run) and, when options.cors_origin is set, the
/// Access-Control-Allow-Origin header on every response.
void add_page_routes(httplib::Server& http, const ServerOptions& options);

/// The page as served: the embedded HTML with `nonce` as its script's CSP nonce.
std::string search_page(const std::string& nonce);

}  // namespace kosearch
