#pragma once
// `--set KEY=VALUE` arguments of search, serve and eval, applied to SearchOptions.

#include <string>
#include <string_view>
#include <vector>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch::cli {

// Applies each KEY=VALUE of `sets` with apply_search_option. Throws InvalidArgument (a usage
// error, exit status 2) naming `option` for an argument without `=`, or for an unknown key or
// bad value.
void apply_sets(const std::vector<std::string>& sets, SearchOptions& options,
                std::string_view option = "--set");

}  // namespace kosearch::cli
