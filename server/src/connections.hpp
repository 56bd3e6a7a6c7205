#pragma once
// Internal: how `kosearch serve` takes connections. httplib serves a connection on one thread
// of its task queue and reads a request with a timeout that restarts with every byte, so a few
// clients sending a byte a second hold every thread. BoundedHttpServer serves each connection
// itself: on a fixed set of connection threads (more than searchers: a slow client costs a
// thread, not a searcher), with a bounded queue of accepted connections (503 beyond it) and a
// deadline on receiving each request's line, headers and body (408 once it passes). While
// connections wait in the queue, the server sheds what holds threads without use: requests
// still arriving after overload_grace get 408, idle kept-alive connections are closed.

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

namespace kosearch::server_detail {

struct ConnectionLimits {
  std::uint32_t threads = 64;  // connections served at once
  std::size_t queue = 256;     // accepted connections waiting for a thread (more: 503)
  std::chrono::milliseconds request_timeout{10000};  // to receive one request, from its 1st byte
  std::chrono::milliseconds idle_timeout{2000};      // keep-alive: wait for the next request
  std::chrono::milliseconds overload_grace{1000};    // request_timeout while connections wait
  std::chrono::milliseconds write_timeout{5000};     // per write of the response
  std::size_t max_requests = 1000;                   // per connection
  std::size_t max_request_bytes = 64 * 1024;         // line + headers + body of one request
};

class BoundedHttpServer : public httplib::Server {
 public:
  explicit BoundedHttpServer(const ConnectionLimits& limits);
  ~BoundedHttpServer() override;
  BoundedHttpServer(const BoundedHttpServer&) = delete;
  BoundedHttpServer& operator=(const BoundedHttpServer&) = delete;

  // The listening socket is closed: stop serving.
  bool stopped() const { return svr_sock_ == INVALID_SOCKET; }
  // A connection has waited in the queue for more than a moment: every thread is busy.
  bool overloaded() const;

 private:
  friend class AcceptQueue;

  // httplib's accept loop hands each accepted socket here (through a task queue that runs the
  // job at once): queue it for a connection thread, or refuse it with 503 when the queue is full.
  bool process_and_close_socket(socket_t sock) override;

  void start_threads();
  void stop_threads();  // after the accept loop ended: joins the threads, closes queued sockets
  void thread_loop();
  // The connection's requests until it closes, idles or errs.
  void serve(socket_t sock, std::chrono::steady_clock::time_point accepted);
  bool wait_for_request(socket_t sock, bool buffered,
                        std::chrono::steady_clock::time_point idle_since) const;

  ConnectionLimits limits_;
  std::mutex mutex_;
  std::condition_variable cv_;
  struct Queued {
    socket_t sock;
    std::chrono::steady_clock::time_point since;
  };
  std::deque<Queued> queue_;
  // queue_.front().since in steady_clock ticks, 0 when the queue is empty; read without the lock.
  std::atomic<std::chrono::steady_clock::rep> oldest_queued_{0};
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace kosearch::server_detail
