#include "kosearch/server/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "connections.hpp"
#include "kosearch/json/results.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "page.hpp"
#include "search_request.hpp"
#include "suggest_endpoint.hpp"

namespace kosearch {

namespace {

using Clock = std::chrono::steady_clock;

// A Searcher and when it last looked for commits; used by one request at a time.
struct Worker {
  Searcher searcher;
  Clock::time_point last_reopen;
};

// The workers, lent to one request at a time: connection threads outnumber them, and a request
// holds one only while it runs (not while it is received or its answer sent).
class WorkerPool {
 public:
  class Lease {
   public:
    Lease(WorkerPool& pool, Worker& worker) : pool_(pool), worker_(worker) {}
    ~Lease() { pool_.release(worker_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Worker& worker() const { return worker_; }

   private:
    WorkerPool& pool_;
    Worker& worker_;
  };

  void add(Worker& worker) { free_.push_back(&worker); }

  // Waits for a free worker.
  Lease acquire() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return !free_.empty(); });
    Worker* w = free_.back();
    free_.pop_back();
    return Lease(*this, *w);
  }

 private:
  void release(Worker& worker) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(&worker);
    }
    cv_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<Worker*> free_;
};

server_detail::ConnectionLimits connection_limits(const ServerOptions& o) {
  if (o.connections == 0) throw InvalidArgument("server: connections must be at least 1");
  server_detail::ConnectionLimits l;
  l.threads = o.connections;
  l.queue = o.connection_queue;
  l.request_timeout = o.request_timeout;
  l.idle_timeout = o.idle_timeout;
  l.max_request_bytes = o.max_request_bytes + kRequestLineBytes + 32 * 1024;  // + headers
  return l;
}

static_assert(kRequestLineBytes == CPPHTTPLIB_REQUEST_URI_MAX_LENGTH);

constexpr const char* kJson = "application/json; charset=utf-8";

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(json::dump_json({{"status", status}, {"error", message}}), kJson);
}

int status_for(const Error& e) {
  switch (e.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kQuerySyntax:
      return 400;
    default:
      return 500;
  }
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  std::vector<Worker> workers;
  WorkerPool pool;
  server_detail::BoundedHttpServer http;
  std::atomic<int> port{0};
  bool bound = false;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> in_run{false};

  explicit Impl(const ServerOptions& o) : options(o), http(connection_limits(o)) {
    if (options.index_dir.empty()) throw InvalidArgument("server: no index directory given");
    if (options.threads > kMaxThreads) {
      throw InvalidArgument("server: " + std::to_string(options.threads) +
                            " worker threads asked for; the limit is " + std::to_string(kMaxThreads));
    }
    if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
    workers.reserve(options.threads);
    for (std::uint32_t i = 0; i < options.threads; ++i) {
      workers.push_back(Worker{Searcher(options.index_dir, options.searcher), Clock::now()});
    }
    for (auto& w : workers) pool.add(w);
    setup();
  }

  // Moves the worker's Searcher to the latest commit when its last look is old enough.
  void maybe_reopen(Worker& w) {
    const auto now = Clock::now();
    if (now - w.last_reopen < options.reopen_interval) return;
    w.searcher.reopen();
    w.last_reopen = now;
  }

  // Runs `fn(worker)`, translating errors into JSON error responses.
  template <typename Fn>
  void with_worker(httplib::Response& res, Fn&& fn) {
    const auto lease = pool.acquire();
    Worker* w = &lease.worker();
    try {
      maybe_reopen(*w);
      try {
        fn(*w);
      } catch (const IndexCorrupt&) {
        // Also what a commit landing mid-read gives ("changed while reading ... reopen the
        // searcher and retry"): do that once; a really damaged index fails again.
        w->searcher.reopen();
        w->last_reopen = Clock::now();
        fn(*w);
      }
    } catch (const Error& e) {
      send_error(res, status_for(e), e.what());
    } catch (const std::exception& e) {
      send_error(res, 500, e.what());
    }
  }

  void handle_search(const httplib::Request& req, httplib::Response& res) {
    server_detail::SearchRequest r;
    try {
      r = server_detail::read_search_request(req.params, options);
    } catch (const server_detail::BadRequest& e) {
      return send_error(res, e.status(), e.what());
    }
    with_worker(res, [&](Worker& w) {
      res.set_content(json::dump_json(json::to_json(w.searcher.search(r.query, r.options), r.explain)),
                      kJson);
    });
  }

  void handle_stats(httplib::Response& res) {
    with_worker(res, [&](Worker& w) {
      res.set_content(json::dump_json(json::to_json(w.searcher.stats(), w.searcher.warnings())), kJson);
    });
  }

  // The paths of the GET endpoints, in the order registered: the 404 message lists them, and
  // another method on one of them is 405.
  std::vector<std::string> get_paths;

  void get(const std::string& path, httplib::Server::Handler handler) {
    get_paths.push_back(path);
    http.Get(path, std::move(handler));
  }

  bool is_get_endpoint(const std::string& path) const {
    return std::find(get_paths.begin(), get_paths.end(), path) != get_paths.end();
  }

  std::string no_such_endpoint(const std::string& path) const {
    std::string all;
    for (const auto& p : get_paths) all.append(all.empty() ? "" : ", ").append(p);
    return "no such endpoint: " + path + ". Endpoints: " + all;
  }

  static void method_not_allowed(const httplib::Request& req, httplib::Response& res) {
    res.set_header("Allow", "GET, HEAD");
    send_error(res, 405, req.method + " is not allowed on " + req.path + ": use GET");
  }

  void setup() {
    // Connection threads, keep-alive and the time to receive a request: connection_limits().
    http.set_payload_max_length(options.max_request_bytes);
    http.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port
    // and silently share its traffic; keep SO_REUSEADDR only, so a taken port is an error.
    http.set_socket_options([](int sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    get("/search", [this](const httplib::Request& req, httplib::Response& res) {
      handle_search(req, res);
    });
    get("/suggest", [this](const httplib::Request& req, httplib::Response& res) {
      with_worker(res, [&](Worker& w) { detail::serve_suggest(w.searcher, req.params, options, res); });
    });
    get("/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(json::dump_json({{"status", "ok"}}), kJson);
    });
    get("/stats", [this](const httplib::Request&, httplib::Response& res) { handle_stats(res); });
    get("/", serve_search_page);  // the search page (page.cpp)
    if (!options.cors_origin.empty()) add_cors_header(http, options.cors_origin);
    // Statuses set by httplib itself (404, 413, 414, 400 for a malformed request) get a JSON
    // body too; responses our handlers already filled are left alone.
    // httplib reads the body of a POST, PUT, PATCH or DELETE without Content-Length until the
    // connection closes (here: 408 after the request timeout). Such a request has no body
    // (RFC 9112, 6.3) and no route takes one: answer it at once.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      const bool body_method = req.method == "POST" || req.method == "PUT" ||
                               req.method == "PATCH" || req.method == "DELETE";
      if (!body_method || req.has_header("Content-Length") || req.has_header("Transfer-Encoding")) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      if (is_get_endpoint(req.path)) {
        method_not_allowed(req, res);
      } else {
        send_error(res, 404, no_such_endpoint(req.path));
      }
      return httplib::Server::HandlerResponse::Handled;
    });
    http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      // A GET endpoint asked with another method: httplib finds no route (404; 400 for
      // methods it has no table for, e.g. TRACE).
      if ((res.status == 404 || res.status == 400) && is_get_endpoint(req.path) &&
          !req.method.empty() && req.method != "GET" && req.method != "HEAD") {
        return method_not_allowed(req, res);
      }
      std::string message;
      switch (res.status) {
        case 404:
          message = no_such_endpoint(req.path);
          break;
        case 413:
          message = "request body too large";
          break;
        case 414:
          message = "request line over " + std::to_string(kRequestLineBytes) +
                    " bytes: shorten the query (up to " + std::to_string(kQueryFitsBytes) +
                    " bytes always fit, percent-encoded)";
          break;
        default:
          message = "HTTP error " + std::to_string(res.status);
          break;
      }
      send_error(res, res.status, message);
    });
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
          try {
            std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            send_error(res, 500, e.what());
          } catch (...) {
            send_error(res, 500, "unknown error");
          }
        });
  }
};

Server::Server(const ServerOptions& options) : impl_(std::make_unique<Impl>(options)) {}

int Server::bind() {
  if (impl_->bound) return impl_->port;
  const auto& o = impl_->options;
  int port = o.port;
  if (port == 0) {
    port = impl_->http.bind_to_any_port(o.host);
    if (port < 0) port = 0;
  } else if (!impl_->http.bind_to_port(o.host, port)) {
    port = 0;
  }
  if (port <= 0) {
    throw IoError("cannot listen on " + o.host + ":" + std::to_string(o.port) +
                  " (address in use, not local, or not permitted). Choose another --listen.");
  }
  impl_->port = port;
  impl_->bound = true;
  return port;
}

void Server::run() {
  bind();
  impl_->in_run = true;
  if (!impl_->stop_requested) impl_->http.listen_after_bind();
  impl_->in_run = false;
}

void Server::stop() noexcept {
  impl_->stop_requested = true;
  // run() may be between its check of stop_requested and httplib's accept loop: wait for the
  // loop to start (or run() to end) so the stop is not lost.
  const auto deadline = Clock::now() + std::chrono::seconds(2);
  while (impl_->in_run && !impl_->http.is_running() && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  impl_->http.stop();
}

int Server::port() const noexcept { return impl_->port; }

std::uint32_t Server::threads() const noexcept { return impl_->options.threads; }

std::vector<std::string> Server::warnings() const {
  return impl_->workers.empty() ? std::vector<std::string>() : impl_->workers.front().searcher.warnings();
}

Server::~Server() { stop(); }

}  // namespace kosearch
