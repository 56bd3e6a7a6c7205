#pragma once
/// @file Batch search: runs every judged query against an index and collects a Run, the
/// articles ranked by their best passage (MaxP) or the passages themselves.

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "kosearch/eval/queries.hpp"
#include "kosearch/eval/run.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace kosearch {

/// A query the searcher refused (QuerySyntax); it stays in the run with no documents.
struct FailedQuery {
  std::string topic;
  std::string message;
};

/// What search_topics() did.
struct BatchSearch {
  /// One entry per topic searched, an empty one for a topic without hits or a failed query
  /// (so it counts as zero even without EvalOptions::complete).
  Run run;
  std::vector<FailedQuery> failed;
  double seconds = 0.0;
};

/// Called every `progress_every` queries with (queries done, queries in all, seconds so far).
using BatchProgress = std::function<void(std::size_t, std::size_t, double)>;

/// Searches `topics` in order with `options`. With `passages`, documents are passage ids
/// (`<doc_id>#<n>`); without, article ids, each article at the score of its best passage (MaxP:
/// the first hit of an article; search with SearchOptions::one_per_article so the k hits are k
/// articles). Other searcher errors propagate.
BatchSearch search_topics(Searcher& searcher, std::span<const Topic* const> topics,
                          const SearchOptions& options, bool passages,
                          const BatchProgress& progress = {}, std::size_t progress_every = 200);

}  // namespace kosearch
