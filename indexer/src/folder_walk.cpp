#include "folder_walk.hpp"

#include <algorithm>
#include <system_error>

#include "../schema/shards.hpp"
#include "kosearch/core/error.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

bool is_jsonl(const fs::path& p) {
  const std::string name = p.filename().string();
  auto ends = [&](std::string_view suffix) {
    return name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends(".jsonl") || ends(".jsonl.zst") || ends(".json.zst") || ends(".ndjson");
}

FolderListing list_folder(const fs::path& input) {
  FolderListing out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code entry;  // an entry that cannot be looked at is no article (not a listing error)
    const bool directory = it->is_directory(entry);
    // Hidden entries, and index databases (the index itself may be inside the input folder).
    if (p.filename().string().starts_with(".") ||
        (directory && schema::holds_index(p))) {
      if (directory) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(entry)) continue;
    if (p.extension() == ".txt" || is_jsonl(p)) {
      out.files.push_back(p);
    } else {
      out.ignored.push_back(p.lexically_relative(input).string());
    }
  }
  if (ec) throw IoError("cannot list " + input.string() + ": " + ec.message());
  std::sort(out.files.begin(), out.files.end());
  std::sort(out.ignored.begin(), out.ignored.end());
  return out;
}

}  // namespace kosearch::detail
