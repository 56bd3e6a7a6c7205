#include "connections.hpp"

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include "kosearch/json/results.hpp"

namespace kosearch::server_detail {

namespace {

using Clock = std::chrono::steady_clock;

// How often a connection thread waiting for a client looks whether the server stopped or is
// overloaded.
constexpr std::chrono::milliseconds kStopCheck{100};
// A queue this old means every connection thread is busy (a free one takes a socket at once).
constexpr std::chrono::milliseconds kOverloadedAfter{200};

// Waits up to `timeout` for `events` on `sock`: >0 ready, 0 timed out, <0 error.
int wait_for(socket_t sock, short events, std::chrono::milliseconds timeout) {
  pollfd p{sock, events, 0};
  for (;;) {
    const int r = ::poll(&p, 1, static_cast<int>(std::max<std::int64_t>(0, timeout.count())));
    if (r >= 0 || errno != EINTR) return r;
  }
}

std::string error_response(int status, const char* reason, const std::string& message) {
  const std::string body = json::dump_json({{"status", status}, {"error", message}});
  return "HTTP/1.1 " + std::to_string(status) + " " + reason +
         "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

// A response the server sends instead of serving: one non-blocking send (it fits a socket
// buffer), then the connection is closed.
void send_and_close(socket_t sock, const std::string& response) {
  (void)::send(sock, response.data(), response.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
}

void address_of(socket_t sock, bool peer, std::string& ip, int& port) {
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  const int r = peer ? ::getpeername(sock, reinterpret_cast<sockaddr*>(&addr), &len)
                     : ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len);
  if (r != 0) return;
  std::array<char, NI_MAXHOST> host{};
  std::array<char, NI_MAXSERV> serv{};
  if (::getnameinfo(reinterpret_cast<sockaddr*>(&addr), len, host.data(), host.size(), serv.data(),
                    serv.size(), NI_NUMERICHOST | NI_NUMERICSERV) == 0) {
    ip = host.data();
    port = std::atoi(serv.data());
  }
}

// One connection's socket as httplib reads requests from it: buffered (httplib reads a request
// line byte by byte), every read of a request bounded by the request's deadline and byte limit,
// not by a timeout that each byte restarts. Past the deadline it answers 408 itself and takes
// whatever httplib then writes without sending it.
class RequestStream final : public httplib::Stream {
 public:
  RequestStream(socket_t sock, const ConnectionLimits& limits, const BoundedHttpServer& server)
      : sock_(sock), limits_(limits), server_(server) {}

  // Arms the deadline and byte count for the next request.
  void start_request() {
    start_ = Clock::now();
    deadline_ = start_ + limits_.request_timeout;
    bytes_ = 0;
  }
  bool buffered() const { return pos_ < len_; }
  bool timed_out() const { return timed_out_; }

  bool is_readable() const override { return buffered() || wait_until_deadline() > 0; }
  bool is_writable() const override {
    return timed_out_ || wait_for(sock_, POLLOUT, limits_.write_timeout) > 0;
  }

  ssize_t read(char* ptr, size_t size) override {
    if (timed_out_) return -1;
    if (!buffered()) {
      const int ready = wait_until_deadline();
      if (ready == 0) {
        timed_out_ = true;
        (void)::send(sock_, timeout_response().data(), timeout_response().size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        return -1;
      }
      if (ready < 0) return -1;
      const ssize_t n = ::recv(sock_, buffer_.data(), buffer_.size(), 0);
      if (n <= 0) return n;
      pos_ = 0;
      len_ = static_cast<std::size_t>(n);
    }
    const std::size_t n = std::min(size, len_ - pos_);
    bytes_ += n;
    if (bytes_ > limits_.max_request_bytes) return -1;  // httplib answers 400
    std::memcpy(ptr, buffer_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (timed_out_) return static_cast<ssize_t>(size);  // the 408 was the answer
    if (wait_for(sock_, POLLOUT, limits_.write_timeout) <= 0) return -1;
    return ::send(sock_, ptr, size, MSG_NOSIGNAL);
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    address_of(sock_, true, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    address_of(sock_, false, ip, port);
  }
  socket_t socket() const override { return sock_; }

 private:
  // As wait_for(POLLIN), until the deadline (overload_grace after the start while the server
  // is overloaded); in slices, so that a stopped server does not wait for a slow request (-1).
  int wait_until_deadline() const {
    for (;;) {
      if (server_.stopped()) return -1;
      const auto now = Clock::now();
      if (now - start_ >= limits_.overload_grace && server_.overloaded()) return 0;
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline_ - now);
      if (left.count() <= 0) return 0;
      const int r = wait_for(sock_, POLLIN, std::min(left, kStopCheck));
      if (r != 0 || left <= kStopCheck) return r;
    }
  }
  const std::string& timeout_response() const {
    if (timeout_response_.empty()) {
      timeout_response_ = error_response(
          408, "Request Timeout",
          "the request was not received in time (" +
              std::to_string(limits_.request_timeout.count()) + " ms; " +
              std::to_string(limits_.overload_grace.count()) +
              " ms while connections wait): send it whole at once");
    }
    return timeout_response_;
  }

  socket_t sock_;
  const ConnectionLimits& limits_;
  const BoundedHttpServer& server_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point deadline_ = start_;
  std::size_t bytes_ = 0;
  bool timed_out_ = false;
  std::array<char, 4096> buffer_{};
  std::size_t pos_ = 0, len_ = 0;
  mutable std::string timeout_response_;
};

}  // namespace

// httplib's task queue, made for the life of the accept loop: runs each job (which calls
// process_and_close_socket) at once on the accepting thread, and owns the connection threads.
class AcceptQueue final : public httplib::TaskQueue {
 public:
  explicit AcceptQueue(BoundedHttpServer& server) : server_(server) { server_.start_threads(); }
  ~AcceptQueue() override { shutdown(); }
  AcceptQueue(const AcceptQueue&) = delete;
  AcceptQueue& operator=(const AcceptQueue&) = delete;
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override { server_.stop_threads(); }

 private:
  BoundedHttpServer& server_;
};

BoundedHttpServer::BoundedHttpServer(const ConnectionLimits& limits) : limits_(limits) {
  new_task_queue = [this] { return new AcceptQueue(*this); };
  // Only what httplib writes in the Keep-Alive header: serve() applies them.
  set_keep_alive_max_count(limits.max_requests);
  set_keep_alive_timeout(std::max<time_t>(
      1, std::chrono::duration_cast<std::chrono::seconds>(limits.idle_timeout).count()));
}

BoundedHttpServer::~BoundedHttpServer() { stop_threads(); }

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && queue_.size() < limits_.queue) {
      const auto now = Clock::now();
      if (queue_.empty()) oldest_queued_ = now.time_since_epoch().count();
      queue_.push_back({sock, now});
      cv_.notify_one();
      return true;
    }
  }
  send_and_close(sock, error_response(503, "Service Unavailable",
                                      "the server has more connections than it can take; retry"));
  return false;
}

void BoundedHttpServer::start_threads() {
  std::lock_guard lock(mutex_);
  stopping_ = false;
  for (std::uint32_t i = 0; i < std::max(1u, limits_.threads); ++i) {
    threads_.emplace_back([this] { thread_loop(); });
  }
}

void BoundedHttpServer::stop_threads() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
  for (const auto& q : queue_) {  // accepted, never served: the server stopped first
    ::shutdown(q.sock, SHUT_RDWR);
    ::close(q.sock);
  }
  queue_.clear();
  oldest_queued_ = 0;
}

void BoundedHttpServer::thread_loop() {
  for (;;) {
    socket_t sock = INVALID_SOCKET;
    Clock::time_point accepted;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      sock = queue_.front().sock;
      accepted = queue_.front().since;
      queue_.pop_front();
      oldest_queued_ = queue_.empty() ? 0 : queue_.front().since.time_since_epoch().count();
    }
    serve(sock, accepted);
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
  }
}

bool BoundedHttpServer::overloaded() const {
  const auto oldest = oldest_queued_.load();
  return oldest != 0 &&
         Clock::now().time_since_epoch() - Clock::duration(oldest) > kOverloadedAfter;
}

bool BoundedHttpServer::wait_for_request(socket_t sock, bool buffered,
                                         Clock::time_point idle_since) const {
  if (buffered) return true;  // a pipelined request already read
  const auto until = Clock::now() + limits_.idle_timeout;
  // In slices, so that a stopped server (its listening socket closed) ends idle connections,
  // and an overloaded one those that sent nothing for a moment.
  while (!stopped()) {
    if (overloaded() && Clock::now() - idle_since > kOverloadedAfter) {
      return wait_for(sock, POLLIN, std::chrono::milliseconds(0)) > 0;
    }
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(until - Clock::now());
    if (left.count() <= 0) return false;
    const int r = wait_for(sock, POLLIN, std::min(left, kStopCheck));
    if (r != 0) return r > 0;
  }
  return false;
}

void BoundedHttpServer::serve(socket_t sock, Clock::time_point accepted) {
  RequestStream stream(sock, limits_, *this);
  auto idle_since = accepted;
  for (std::size_t left = std::max<std::size_t>(1, limits_.max_requests); left > 0; --left) {
    if (!wait_for_request(sock, stream.buffered(), idle_since)) return;
    stream.start_request();
    bool connection_closed = false;
    const bool close_after = left == 1 || stopped();
    const bool ok = process_request(stream, close_after, connection_closed,
                                    [](httplib::Request&) {});
    if (!ok || connection_closed || close_after || stream.timed_out()) return;
    idle_since = Clock::now();
  }
}

}  // namespace kosearch::server_detail
