#pragma once
/// @file The HTTP search server behind `kosearch serve` (internal library, not installed).
///
/// Endpoints (all answer JSON; errors are {"status": <http status>, "error": "<message>"}):
/// - `GET /search?q=...&k=10&offset=0&one_per_article=1`: exactly the bytes of
///   `kosearch search --json` (400 for a missing `q`, a bad or unknown parameter, or k > max_k;
///   414 for a query over max_query_bytes or a request line over 8 KB; 500 with the message for
///   an index error). News parameters (docs/news-search.md): since, until, publisher, reporter,
///   section (repeatable), sort, recency, facets, duplicates.
/// - `GET /health`: {"status":"ok"}.
/// - `GET /stats`: {"passages", "articles", "bytes_on_disk", "analyzer", "passage_settings"}.
/// - anything else: 404; a request body over max_request_bytes: 413.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch {

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
  /// Worker threads, each with its own Searcher (0 = one per core). Default: 2.
  std::uint32_t threads = 2;
  /// Longest accepted `q`, in bytes (longer: 414). Default: 4096.
  std::size_t max_query_bytes = 4096;
  /// Largest accepted request body, in bytes (larger: 413). Default: 16384.
  std::size_t max_request_bytes = 16 * 1024;
  /// Largest accepted `k` (larger: 400). Default: 1000.
  std::uint32_t max_k = 1000;
  /// A worker moves its Searcher to the latest commit before a request when it last did so at
  /// least this long ago, so commits become visible without a restart; 0 = before every
  /// request. Default: 1 s.
  std::chrono::milliseconds reopen_interval{1000};
  /// Search options of every request before its parameters (k, offset, one_per_article)
  /// apply, e.g. BM25 or proximity settings. Default: SearchOptions{}, i.e. what
  /// `kosearch search --json` uses.
  SearchOptions search;
};

/// An HTTP server answering searches over one index with a fixed pool of worker threads. Each
/// connection is served by one worker, which owns its own Searcher (a Searcher is not
/// thread-safe), so `threads` requests run at once and further connections wait their turn.
///
/// Thread safety: `stop()` and `port()` may be called from any thread (e.g. a signal-handling
/// one) while `run()` blocks in another; the other members are not safe for concurrent use.
class Server {
 public:
  /// Opens one Searcher per worker. Throws IndexNotFound, IndexCorrupt, IndexVersionMismatch,
  /// or InvalidArgument (no index_dir).
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
