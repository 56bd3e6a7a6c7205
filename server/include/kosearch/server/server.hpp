#pragma once
/// @file The HTTP search server behind `kosearch serve` (internal library, not installed).
///
/// Endpoints (all answer JSON; errors are {"status": <http status>, "error": "<message>"}):
/// - `GET /search?q=...&k=10&offset=0&one_per_article=1&explain=1`: exactly the bytes of
///   `kosearch search --json`. Values are read as `--set` reads them. 400 for a missing or
///   empty `q`, a bad or unknown parameter, or k > max_k; 414 for a query over max_query_bytes
///   or a request line over kRequestLineBytes; 500 with the message for an index error. News
///   parameters (docs/news-search.md): since, until, publisher, reporter, section (repeatable),
///   sort, recency, facets, duplicates.
/// - `GET /suggest?q=PREFIX&k=10`: completions of a typed prefix, exactly the bytes of
///   `kosearch suggest --json` (400 / 414 as for /search).
/// - `GET /health`: {"status":"ok"}.
/// - `GET /stats`: {"passages", "articles", "bytes_on_disk", "analyzer", "passage_settings"}.
/// - `GET /`: the search page (HTML, see server/web/index.html and docs/web.md).
/// - another method on these paths: 405 with `Allow: GET, HEAD`; HEAD is GET without the body;
///   other paths: 404; a request body over max_request_bytes: 413; a request not received
///   whole within request_timeout: 408; more connections than connections + the queue: 503.
/// docs/http.md says all of it for users.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch {

/// Longest request line httplib reads (CPPHTTPLIB_REQUEST_URI_MAX_LENGTH, built into the
/// library); a longer one is 414.
inline constexpr std::size_t kRequestLineBytes = 8192;
/// Longest query that always fits in the request line, percent-encoded (3 bytes per byte: 900
/// Hangul syllables) with every other parameter: the default max_query_bytes.
inline constexpr std::size_t kQueryFitsBytes = 2700;
/// Most worker threads (searchers) a Server takes.
inline constexpr std::uint32_t kMaxThreads = 256;

/// Settings of a Server.
struct ServerOptions {
  /// The index to serve (a directory, or a sharded index's stub). Required.
  std::filesystem::path index_dir;
  /// How each worker's Searcher opens it (e.g. allow_missing_shards). Default: SearcherOptions{}.
  SearcherOptions searcher;
  /// Address to listen on. Default: "127.0.0.1" (loopback only).
  std::string host = "127.0.0.1";
  /// TCP port; 0 picks a free one (see Server::port()). Default: 8080.
  int port = 8080;
  /// Worker threads, each with its own Searcher (0 = one per core; at most kMaxThreads).
  /// Default: 2.
  std::uint32_t threads = 2;
  /// Connections served at once, each on its own thread; a request takes a worker only once it
  /// is received, so slow clients hold connections, not workers. Default: 64.
  std::uint32_t connections = 64;
  /// Accepted connections waiting for one of `connections` (more: 503). Default: 256.
  std::uint32_t connection_queue = 256;
  /// Time to receive a request (line, headers and body) from its first byte; then 408 and the
  /// connection is closed. Default: 10 s.
  std::chrono::milliseconds request_timeout{10000};
  /// Time a kept-alive connection may wait for its next request. Default: 2 s.
  std::chrono::milliseconds idle_timeout{2000};
  /// Longest accepted `q`, in bytes (longer: 414). Default: kQueryFitsBytes.
  std::size_t max_query_bytes = kQueryFitsBytes;
  /// Largest accepted request body, in bytes (larger: 413). Default: 16384.
  std::size_t max_request_bytes = 16 * 1024;
  /// Largest accepted `k` (larger: 400). Default: 1000.
  std::uint32_t max_k = 1000;
  /// A worker moves its Searcher to the latest commit before a request when it last did so at
  /// least this long ago, so commits become visible without a restart; 0 = before every
  /// request. Default: 1 s.
  std::chrono::milliseconds reopen_interval{1000};
  /// When not empty, every response carries `Access-Control-Allow-Origin: <cors_origin>`, so a
  /// page from that origin may call the API (`kosearch serve --cors ORIGIN`). Default: empty
  /// (no CORS header: only pages served by this server read the answers).
  std::string cors_origin;
  /// Search options of every request before its parameters (k, offset, one_per_article)
  /// apply, e.g. `ranking` parameters. Default: SearchOptions{}, i.e. what
  /// `kosearch search --json` uses.
  SearchOptions search;
};

/// An HTTP server answering searches over one index. Connections are served by up to
/// `connections` threads; a received request borrows one of `threads` workers, each owning its
/// own Searcher (a Searcher is not thread-safe), so `threads` searches run at once and further
/// requests wait for a worker.
///
/// Thread safety: `stop()` and `port()` may be called from any thread (e.g. a signal-handling
/// one) while `run()` blocks in another; the other members are not safe for concurrent use.
class Server {
 public:
  /// Opens one Searcher per worker. Throws IndexNotFound, IndexCorrupt, IndexVersionMismatch,
  /// or InvalidArgument (no index_dir, threads over kMaxThreads, connections 0).
  explicit Server(const ServerOptions& options);

  /// Binds the listening socket and returns the port (the chosen one when options.port is 0).
  /// Throws IoError if the address cannot be bound.
  int bind();

  /// Serves requests until `stop()`. Calls `bind()` first if it has not been called. Returns
  /// at once if `stop()` was already called.
  void run();

  /// Makes `run()` return: stops accepting, lets the workers finish their current requests.
  /// Idempotent; safe from any thread; never throws.
  void stop() noexcept;

  /// The bound port, or 0 before `bind()`.
  int port() const noexcept;

  /// Number of worker threads (options.threads, or the core count for 0).
  std::uint32_t threads() const noexcept;

  /// Warnings of opening the index (e.g. shards left out by allow_missing_shards).
  std::vector<std::string> warnings() const;

  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kosearch
