#pragma once
// The search page of `kosearch serve` (GET /) and the --cors header.

#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace kosearch {

/// GET /: the page embedded from server/web/index.html, with a Content-Security-Policy that
/// lets only its own inline script run (a fresh nonce per response).
void serve_search_page(const httplib::Request& req, httplib::Response& res);

/// `kosearch serve --cors ORIGIN`: every response carries Access-Control-Allow-Origin: origin.
void add_cors_header(httplib::Server& http, const std::string& origin);

/// The page as served: the embedded HTML with `nonce` as its script's CSP nonce.
std::string search_page(const std::string& nonce);

}  // namespace kosearch
