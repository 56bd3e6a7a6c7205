#include "search_sets.hpp"

#include <fmt/format.h>

#include "kosearch/core/error.hpp"

namespace kosearch::cli {

void apply_sets(const std::vector<std::string>& sets, SearchOptions& options, std::string_view option) {
  for (const auto& kv : sets) {
    const auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw InvalidArgument(fmt::format("{} expects KEY=VALUE, got '{}'", option, kv));
    }
    apply_search_option(options, kv.substr(0, eq), kv.substr(eq + 1));
  }
}

}  // namespace kosearch::cli
