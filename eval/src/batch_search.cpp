#include "kosearch/eval/batch_search.hpp"

#include <chrono>
#include <unordered_set>

#include "kosearch/core/error.hpp"

namespace kosearch {

BatchSearch search_topics(Searcher& searcher, std::span<const Topic* const> topics,
                          const SearchOptions& options, bool passages,
                          const BatchProgress& progress, std::size_t progress_every) {
  using Clock = std::chrono::steady_clock;
  BatchSearch out;
  const auto start = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  std::unordered_set<std::string> seen;
  std::size_t done = 0;
  for (const Topic* topic : topics) {
    std::vector<ScoredDoc>& docs = out.run[topic->id];
    try {
      const SearchResults results = searcher.search(topic->text, options);
      seen.clear();
      for (const Hit& hit : results.hits) {
        const std::string& id = passages ? hit.passage_id : hit.doc_id;
        // Best hit per id first: MaxP when several passages of an article come back.
        if (seen.insert(id).second) docs.push_back(ScoredDoc{id, hit.score});
      }
    } catch (const QuerySyntax& e) {
      out.failed.push_back({topic->id, e.what()});
    }
    ++done;
    if (progress && progress_every > 0 && done % progress_every == 0 && done < topics.size()) {
      progress(done, topics.size(), elapsed());
    }
  }
  out.seconds = elapsed();
  return out;
}

}  // namespace kosearch
