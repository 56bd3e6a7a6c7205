#include "kosearch/server/server.hpp"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "json_output.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace kosearch {

namespace {

using Clock = std::chrono::steady_clock;

// What one worker thread owns. Only that thread touches `searcher` and `last_reopen`.
struct Worker {
  Searcher searcher;
  Clock::time_point last_reopen;
  std::thread::id thread_id;  // written before the thread gets any job, then read-only
};

// httplib's task queue replaced by one whose threads are our workers: each connection is
// handed to a worker thread, and the handlers find that thread's Worker by thread id.
class WorkerPool final : public httplib::TaskQueue {
 public:
  explicit WorkerPool(std::vector<Worker>& workers) {
    threads_.reserve(workers.size());
    for (auto& w : workers) {
      threads_.emplace_back([this] { loop(); });
      w.thread_id = threads_.back().get_id();
    }
  }
  ~WorkerPool() override { shutdown(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> fn) override {
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back(std::move(fn));
    }
    cv_.notify_one();
  }

  void shutdown() override {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock lock(mutex_);
        cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;  // stopping, and everything queued was served
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

constexpr const char* kJson = "application/json; charset=utf-8";

void send_error(httplib::Response& res, int status, const std::string& message) {
  res.status = status;
  res.set_content(cli::dump_json({{"status", status}, {"error", message}}), kJson);
}

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
  httplib::Server http;
  std::atomic<int> port{0};
  bool bound = false;
  std::atomic<bool> stop_requested{false};
  std::atomic<bool> in_run{false};

  explicit Impl(const ServerOptions& o) : options(o) {
    if (options.index_dir.empty()) throw InvalidArgument("server: no index directory given");
    if (options.threads == 0) options.threads = std::max(1u, std::thread::hardware_concurrency());
    workers.reserve(options.threads);
    for (std::uint32_t i = 0; i < options.threads; ++i) {
      workers.push_back(Worker{Searcher(options.index_dir, options.searcher), Clock::now(), {}});
    }
    setup();
  }

  // The calling worker thread's Worker; null off the pool (never expected).
  Worker* current_worker() {
    const auto id = std::this_thread::get_id();
    for (auto& w : workers) {
      if (w.thread_id == id) return &w;
    }
    return nullptr;
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
    Worker* w = current_worker();
    if (w == nullptr) return send_error(res, 500, "request served outside the worker pool");
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
    SearchOptions so = options.search;
    std::optional<std::string> query;
    bool explain = false;
    for (const auto& [key, value] : req.params) {
      if (key == "q") {
        query = value;
      } else if (key == "k" || key == "offset") {
        const auto v = parse_uint(value);
        if (!v)
          return send_error(res, 400, key + " must be a non-negative integer, got '" + value + "'");
        if (key == "k") {
          if (*v > options.max_k) {
            return send_error(res, 400,
                              "k is " + value + "; the limit is " + std::to_string(options.max_k));
          }
          so.k = static_cast<std::uint32_t>(*v);
        } else {
          if (*v > 100000)
            return send_error(res, 400, "offset is " + value + "; the limit is 100000");
          so.offset = static_cast<std::uint32_t>(*v);
        }
      } else if (key == "one_per_article") {
        const auto v = parse_bool(value);
        if (!v) return send_error(res, 400, "one_per_article must be 0 or 1, got '" + value + "'");
        so.one_per_article = *v;
      } else if (key == "since" || key == "until" || key == "publisher" || key == "reporter" ||
                 key == "section" || key == "sort" || key == "recency" || key == "facets" ||
                 key == "duplicates") {
        // The news parameters read as the CLI's options (docs/news-search.md); repeated names add.
        try {
          if (!value.empty()) apply_search_option(so, key, value);
        } catch (const InvalidArgument& e) {
          return send_error(res, 400, e.what());
        }
      } else if (key == "explain") {
        const auto v = parse_bool(value);
        if (!v) return send_error(res, 400, "explain must be 0 or 1, got '" + value + "'");
        explain = *v;
      } else {
        return send_error(res, 400,
                          "unknown parameter '" + key +
                              "'. Valid parameters: q, k, offset, one_per_article, explain, since, until, "
                              "publisher, reporter, section, sort, recency, facets, duplicates");
      }
    }
    if (!query)
      return send_error(res, 400, "missing parameter q. Example: /search?q=스케일AI&k=10");
    if (query->size() > options.max_query_bytes) {
      return send_error(res, 414,
                        "query is " + std::to_string(query->size()) + " bytes; the limit is " +
                            std::to_string(options.max_query_bytes) + ". Shorten it.");
    }
    with_worker(res, [&](Worker& w) {
      res.set_content(cli::dump_json(cli::to_json(w.searcher.search(*query, so), explain)), kJson);
    });
  }

  void handle_stats(httplib::Response& res) {
    with_worker(res, [&](Worker& w) {
      res.set_content(cli::dump_json(cli::to_json(w.searcher.stats(), w.searcher.warnings())), kJson);
    });
  }

  void setup() {
    http.new_task_queue = [this] { return new WorkerPool(workers); };
    http.set_payload_max_length(options.max_request_bytes);
    // A connection holds its worker while open: keep idle keep-alive connections short.
    http.set_keep_alive_timeout(2);
    http.set_keep_alive_max_count(1000);
    http.set_read_timeout(5);
    http.set_write_timeout(5);
    http.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second server bind the same port
    // and silently share its traffic; keep SO_REUSEADDR only, so a taken port is an error.
    http.set_socket_options([](int sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    });
    http.Get("/search", [this](const httplib::Request& req, httplib::Response& res) {
      handle_search(req, res);
    });
    http.Get("/health", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(cli::dump_json({{"status", "ok"}}), kJson);
    });
    http.Get("/stats",
             [this](const httplib::Request&, httplib::Response& res) { handle_stats(res); });
    // Statuses set by httplib itself (404, 413, 414, 400 for a malformed request) get a JSON
    // body too; responses our handlers already filled are left alone.
    http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;
      std::string message;
      switch (res.status) {
        case 404:
          message = "no such endpoint: " + req.path + ". Endpoints: /search, /health, /stats";
          break;
        case 413:
          message = "request body too large";
          break;
        case 414:
          message = "request line too long (the limit is 8192 bytes): shorten the query";
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
