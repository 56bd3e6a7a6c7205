#pragma once
// GET /suggest?q=PREFIX&k=N: completions of a typed prefix (Searcher::suggest) as JSON, bounded
// like /search (q at most ServerOptions::max_query_bytes, k at most max_k).

#include <httplib.h>

#include "kosearch/searcher/searcher.hpp"
#include "kosearch/server/server.hpp"

namespace kosearch::detail {

// Fills `res` with the suggestions, or with a 400/414 JSON error naming the bad parameter.
void serve_suggest(Searcher& searcher, const httplib::Params& params, const ServerOptions& options,
                   httplib::Response& res);

}  // namespace kosearch::detail
