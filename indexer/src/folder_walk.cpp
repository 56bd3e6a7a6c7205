#include "folder_walk.hpp"

#include <algorithm>
#include <system_error>
#include <unordered_map>

#include "shards.hpp"
#include "kosearch/core/error.hpp"
#include "indexer_impl.hpp"

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

namespace kosearch {

void Indexer::Impl::add_folder(const fs::path& input, IngestReport& report,
                               const ProgressCallback& progress, Clock::time_point start) {
  for (const char* beir : {"corpus.jsonl", "corpus.jsonl.zst"}) {
    if (fs::exists(input / beir)) {
      add_jsonl(input / beir, report, progress, start);
      return;
    }
  }
  // .txt articles and JSONL files, in sorted order; hidden files and folders (`.git`) are
  // not looked at, other files are named in a note rather than passed over in silence.
  auto [files, ignored, unreadable] = detail::list_folder(input);
  for (auto& u : unreadable) {
    report.problems.push_back(std::move(u));
    ++report.skipped;
  }
  if (files.empty()) {
    throw InvalidInput(input.string() + " holds no .txt articles, no .jsonl[.zst] files and no "
                       "corpus.jsonl[.zst]; nothing to index.");
  }
  if (!ignored.empty()) {
    std::string names;
    for (std::size_t i = 0; i < std::min<std::size_t>(ignored.size(), 3); ++i) {
      names += (i ? ", " : "") + ignored[i];
    }
    if (ignored.size() > 3) names += ", ...";
    report.notes.push_back(input.string() + ": " + std::to_string(ignored.size()) +
                           (ignored.size() == 1 ? " file" : " files") +
                           " not indexed, neither .txt nor .jsonl[.zst] (" + names + ")");
  }
  // A file reached through two links (or a link and its own name) is one article, indexed once.
  std::unordered_map<std::string, fs::path> first_name;
  for (const auto& f : files) {
    const auto [seen, inserted] = first_name.try_emplace(detail::source_name(f), f);
    if (!inserted) {
      report.notes.push_back(f.string() + " is the same file as " + seen->second.string() +
                             "; indexed once");
      continue;
    }
    if (detail::is_jsonl(f)) {
      add_jsonl(f, report, progress, start);
    } else {
      add_txt(f, detail::txt_id(f, input), report);
    }
    if (report.files % 500 == 0) report_progress(report, progress, start);
  }
}

}  // namespace kosearch
