#pragma once
// Internal: the bounded queue between the reader and the writer threads of a parallel build.

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "ingest/jsonl.hpp"

namespace kosearch::detail {

// A small bounded queue: the reader blocks when workers fall behind, so memory stays bounded
// whatever the corpus size.
class RecordQueue {
 public:
  explicit RecordQueue(std::size_t capacity) : capacity_(capacity) {}
  // False when the queue was aborted.
  bool push(Record&& r) {
    std::unique_lock lock(mu_);
    not_full_.wait(lock, [&] { return q_.size() < capacity_ || aborted_; });
    if (aborted_) return false;
    q_.push_back(std::move(r));
    not_empty_.notify_one();
    return true;
  }
  // False when the queue is closed and drained, or aborted.
  bool pop(Record& r) {
    std::unique_lock lock(mu_);
    not_empty_.wait(lock, [&] { return !q_.empty() || closed_ || aborted_; });
    if (aborted_ || q_.empty()) return false;
    r = std::move(q_.front());
    q_.pop_front();
    not_full_.notify_one();
    return true;
  }
  void close() {
    std::lock_guard lock(mu_);
    closed_ = true;
    not_empty_.notify_all();
  }
  void abort() {
    std::lock_guard lock(mu_);
    aborted_ = true;
    not_empty_.notify_all();
    not_full_.notify_all();
  }

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable not_full_, not_empty_;
  std::deque<Record> q_;
  bool closed_ = false, aborted_ = false;
};

}  // namespace kosearch::detail
