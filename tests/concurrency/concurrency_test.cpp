// One writer committing batches while several threads, each with its own Searcher, search and
// reopen in a loop: every answer must be consistent with some commit (run under ASan/TSan too).

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;

namespace {

constexpr int kInitialDocs = 20;
constexpr int kBatches = 12;
constexpr int kBatchSize = 15;
constexpr int kSearchers = 3;

std::string id_of(int n) { return "doc-" + std::to_string(n); }
std::string title_of(int n) { return "제목 " + std::to_string(n); }
// Every document has the word 공통어휘; the number makes each text unique.
std::string text_of(int n) {
  return "공통어휘 문서 번호 " + std::to_string(n) + " 입니다. 검색 엔진 동시성 시험 " +
         std::to_string(n * 7919) + ".";
}

kosearch::Document doc(int n) {
  kosearch::Document d;
  d.id = id_of(n);
  d.title = title_of(n);
  d.text = text_of(n);
  return d;
}

// Failures found off the main thread, checked at the end (doctest asserts stay on one thread).
class Failures {
 public:
  void add(std::string what) {
    std::lock_guard lock(mutex_);
    if (list_.size() < 20) list_.push_back(std::move(what));
    ++count_;
  }
  std::size_t count() const { return count_; }
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::mutex mutex_;
  std::vector<std::string> list_;
  std::atomic<std::size_t> count_{0};
};

// Runs the scenario; `with_stats` also calls Searcher::stats() in every round.
void run_scenario(bool with_stats) {
  TempDir tmp;
  const auto idx = tmp / "idx";
  kosearch::Indexer writer(idx);
  for (int n = 0; n < kInitialDocs; ++n) writer.add(doc(n));
  writer.commit();

  std::atomic<int> committed{kInitialDocs};  // documents visible to any searcher opened now
  std::atomic<bool> writer_done{false};
  Failures failures;
  std::atomic<long> searches{0};

  std::vector<std::thread> readers;
  for (int t = 0; t < kSearchers; ++t) {
    readers.emplace_back([&, t] {
      const char* step = "open";  // what the thread was doing, for failure messages
      try {
        kosearch::Searcher searcher(idx);
        kosearch::SearchOptions with_snippets;
        with_snippets.k = 10;
        kosearch::SearchOptions all;
        all.k = 1000;
        all.snippets = false;
        bool last_round = false;
        while (!last_round) {
          last_round = writer_done.load();
          const int before = committed.load();
          step = "reopen";
          searcher.reopen();
          step = "search";
          // Alternate a full listing (checks counts) and a snippet search (checks texts).
          const auto r = searcher.search("공통어휘", all);
          if (r.hits.size() < static_cast<std::size_t>(before)) {
            failures.add("searcher " + std::to_string(t) + " saw " + std::to_string(r.hits.size()) +
                         " documents after " + std::to_string(before) + " were committed");
          }
          if (r.total < r.hits.size()) failures.add("total below the number of hits");
          for (const auto& h : r.hits) {
            const int n = std::stoi(h.doc_id.substr(4));
            if (h.doc_id != id_of(n) || h.text != text_of(n) || h.title != title_of(n)) {
              failures.add("hit " + h.passage_id + " has text '" + h.text + "'");
            }
          }
          if (with_stats) {
            step = "stats";
            const auto stats = searcher.stats();
            step = "search";
            if (stats.passages < static_cast<std::uint64_t>(before)) {
              failures.add("stats show " + std::to_string(stats.passages) + " passages after " +
                           std::to_string(before) + " were committed");
            }
          }
          const int probe = (before * 31 + t) % before;
          const auto one =
              searcher.search("번호 " + std::to_string(probe) + " 입니다", with_snippets);
          bool found = false;
          for (const auto& h : one.hits) {
            if (h.doc_id == id_of(probe)) found = h.text == text_of(probe);
          }
          if (!found) failures.add("document " + id_of(probe) + " not found by its number");
          ++searches;
        }
        // After the last commit, every document is there.
        searcher.reopen();
        const auto last = searcher.search("공통어휘", all);
        const std::size_t expected = kInitialDocs + kBatches * kBatchSize;
        if (last.hits.size() != expected) {
          failures.add("final search found " + std::to_string(last.hits.size()) + " of " +
                       std::to_string(expected));
        }
      } catch (const std::exception& e) {
        failures.add(std::string("exception in a searcher thread during ") + step + ": " +
                     e.what());
      } catch (...) {
        failures.add("unknown exception in a searcher thread");
      }
    });
  }

  std::thread writer_thread([&] {
    try {
      int next = kInitialDocs;
      for (int b = 0; b < kBatches; ++b) {
        for (int i = 0; i < kBatchSize; ++i) writer.add(doc(next++));
        writer.commit();
        committed = next;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      // Replacing documents by id never changes what a reader sees for that id.
      for (int n = 0; n < 10; ++n) writer.add(doc(n));
      writer.commit();
    } catch (const std::exception& e) {
      failures.add(std::string("exception in the writer: ") + e.what());
    }
    writer_done = true;
  });

  writer_thread.join();
  for (auto& r : readers) r.join();
  for (const auto& f : failures.list()) MESSAGE(f);
  CHECK(failures.count() == 0);
  CHECK(searches.load() >= kSearchers);
  MESSAGE(searches.load() << " search rounds");
}

}  // namespace

TEST_CASE("searchers reopening while a writer commits see consistent snapshots") {
  run_scenario(false);
}

// Known bug (reported): Searcher::stats() does not retry on Xapian's DatabaseModifiedError as
// search() does, so a commit landing while it walks the article terms makes it throw
// (IndexCorrupt, "changed while reading"). Remove may_fail once stats() retries.
TEST_CASE("stats() stays consistent while a writer commits" * doctest::may_fail()) {
  run_scenario(true);
}
