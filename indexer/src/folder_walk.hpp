#pragma once
// Internal: what a folder given to `kosearch index` holds — the .txt articles and JSONL files to
// index (searched recursively, sorted), and the other files, which are named in a note.

#include <filesystem>
#include <string>
#include <vector>

namespace kosearch::detail {

// Whether `p` names a JSONL file (`.jsonl`, `.jsonl.zst`, `.json.zst`, `.ndjson`).
bool is_jsonl(const std::filesystem::path& p);

struct FolderListing {
  std::vector<std::filesystem::path> files;  // .txt and JSONL files, sorted
  std::vector<std::string> ignored;          // other files, relative to the folder, sorted
};

// Lists `folder` recursively. Hidden entries and index databases (the index may be inside the
// input folder) are not looked at. Throws IoError when the folder cannot be listed.
FolderListing list_folder(const std::filesystem::path& folder);

}  // namespace kosearch::detail
