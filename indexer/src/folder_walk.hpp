#pragma once
// Internal: what a folder given to `kosearch index` holds — the .txt articles and JSONL files to
// index (searched recursively, sorted), and the other files, which are named in a note.

#include <filesystem>
#include <string>
#include <vector>

namespace kosearch::detail {

// Whether `p` names a JSONL file (`.jsonl`, `.jsonl.zst`, `.json.zst`, `.ndjson`).
bool is_jsonl(const std::filesystem::path& p);

// The id of .txt article `file` found in `folder`: its path relative to the folder without
// `.txt`, with `/` between folders (`2025/08/14/index`), so same-named files in two folders are
// two articles.
std::string txt_id(const std::filesystem::path& file, const std::filesystem::path& folder);

struct FolderListing {
  std::vector<std::filesystem::path> files;  // .txt and JSONL files, sorted
  std::vector<std::string> ignored;          // other files, relative to the folder, sorted
  std::vector<std::string> unreadable;       // "SUBFOLDER: cannot list it (why); skipped"
};

// Lists `folder` recursively (not into linked folders). Hidden entries and index databases (the
// index may be inside the input folder) are not looked at; a subfolder that cannot be listed is
// named in `unreadable` and the rest listed. Throws IoError when `folder` itself cannot be.
FolderListing list_folder(const std::filesystem::path& folder);

}  // namespace kosearch::detail
