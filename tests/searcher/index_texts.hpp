#pragma once
// A small real index for the searcher tests: one short article per (id, text).

#include <filesystem>
#include <initializer_list>
#include <string>
#include <utility>

#include "kosearch/indexer/indexer.hpp"

namespace kosearch::test {

// Indexes passages given as (article id, text), all titled 소식, into a new index at `dir`.
inline void index_texts(const std::filesystem::path& dir,
                        std::initializer_list<std::pair<std::string, std::string>> texts) {
  Indexer indexer(dir);
  for (const auto& [id, text] : texts) indexer.add({id, "소식", text, ""});
  indexer.commit();
}

}  // namespace kosearch::test
