#include "page.hpp"

#include <httplib.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

#include "kosearch/web/index_html.hpp"  // generated from server/web/index.html

namespace kosearch {

namespace {

constexpr std::string_view kNoncePlaceholder = "__KOSEARCH_NONCE__";

// 128 random bits as hex: a fresh CSP nonce per response.
std::string make_nonce() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (int word = 0; word < 2; ++word) {
    std::uint64_t v = rng();
    for (int i = 0; i < 16; ++i, v >>= 4) out.push_back(kHex[v & 0xF]);
  }
  return out;
}

// httplib compresses any text/* answer with Brotli at quality 11 whenever the request accepts
// `br`, as browsers all do: about 50 ms of CPU for this 25 KB page on every load, where gzip,
// which every browser takes too, needs about a millisecond (docs/web.md). So the page's request
// is answered as if `br` were not accepted. The Request is httplib's own mutable object, handed
// to handlers as const.
void leave_out_brotli(const httplib::Request& req) {
  auto& headers = const_cast<httplib::Request&>(req).headers;
  const auto [begin, end] = headers.equal_range("Accept-Encoding");
  for (auto it = begin; it != end; ++it) {
    std::string kept;
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      std::string_view coding = rest.substr(0, comma);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      coding.remove_prefix(std::min(coding.find_first_not_of(" \t"), coding.size()));
      if (coding.empty() || coding.substr(0, 2) == "br") continue;  // `br`, `br;q=1.0`
      kept.append(kept.empty() ? "" : ", ").append(coding);
    }
    it->second = kept;
  }
}

}  // namespace

std::string search_page(const std::string& nonce) {
  std::string page(web::kIndexHtml);
  for (auto at = page.find(kNoncePlaceholder); at != std::string::npos; at = page.find(kNoncePlaceholder, at)) {
    page.replace(at, kNoncePlaceholder.size(), nonce);
    at += nonce.size();
  }
  return page;
}

void serve_search_page(const httplib::Request& req, httplib::Response& res) {
  leave_out_brotli(req);
  const std::string nonce = make_nonce();
  // Only the page's own script runs, and it may talk to this server only: an index text that
  // got into the page as HTML could still not run or load anything.
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'nonce-" + nonce +
                     "'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; "
                     "base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Cache-Control", "no-cache");
  res.set_content(search_page(nonce), "text/html; charset=utf-8");
}

void add_cors_header(httplib::Server& http, const std::string& origin) {
  // Simple GET requests only (no custom headers), so no preflight is needed.
  http.set_post_routing_handler([origin](const httplib::Request&, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", origin);
    res.set_header("Vary", "Origin");
  });
}

}  // namespace kosearch
