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

std::string txt_id(const fs::path& file, const fs::path& folder) {
  fs::path rel = file.lexically_relative(folder);
  if (rel.empty() || rel.native().starts_with("..")) rel = file.filename();
  rel.replace_extension();
  return rel.generic_string();
}

FolderListing list_folder(const fs::path& input) {
  FolderListing out;
  std::vector<fs::path> pending{input};
  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      std::error_code entry;  // an entry that cannot be looked at is no article (not a listing error)
      const bool directory = it->is_directory(entry) && !it->is_symlink(entry);
      // Hidden entries, and index databases (the index itself may be inside the input folder).
      if (p.filename().string().starts_with(".") || (directory && schema::holds_index(p))) continue;
      if (directory) {
        pending.push_back(p);
      } else if (!it->is_regular_file(entry)) {
        continue;
      } else if (p.extension() == ".txt" || is_jsonl(p)) {
        out.files.push_back(p);
      } else {
        out.ignored.push_back(p.lexically_relative(input).string());
      }
    }
    if (ec && dir == input) throw IoError("cannot list " + input.string() + ": " + ec.message());
    if (ec) out.unreadable.push_back(dir.string() + ": cannot list this folder (" + ec.message() + "); skipped");
  }
  std::sort(out.files.begin(), out.files.end());
  std::sort(out.ignored.begin(), out.ignored.end());
  std::sort(out.unreadable.begin(), out.unreadable.end());
  return out;
}

}  // namespace kosearch::detail
