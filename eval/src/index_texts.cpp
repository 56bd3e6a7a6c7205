#include "kosearch/eval/index_texts.hpp"

namespace kosearch {

IndexTexts::IndexTexts(const std::filesystem::path& index_dir, std::size_t max_entries)
    : reader_(index_dir), max_entries_(max_entries) {}

const std::vector<StoredPassage>& IndexTexts::lookup(std::string_view id) {
  std::string key(id);
  if (const auto it = cache_.find(key); it != cache_.end()) return it->second;
  if (cache_.size() >= max_entries_) cache_.clear();  // bounded; refills from the index
  std::vector<StoredPassage> found = reader_.lookup(id);
  return cache_.emplace(std::move(key), std::move(found)).first->second;
}

PassageTexts IndexTexts::texts() {
  return [this](std::string_view id) {
    std::vector<std::string> out;
    for (const auto& p : lookup(id)) out.push_back(p.text);
    return out;
  };
}

ReportPassage IndexTexts::report_passage(std::string_view id) {
  constexpr std::size_t kEnough = 2000;
  ReportPassage out;
  for (const auto& p : lookup(id)) {
    if (out.title.empty()) out.title = p.title;
    if (!out.text.empty()) out.text += " … ";
    out.text += p.text;
    if (out.text.size() > kEnough) break;
  }
  return out;
}

bool IndexTexts::holds_any(std::string_view id, const std::vector<std::string>& keys) {
  if (keys.empty()) return false;
  for (const auto& p : lookup(id)) {
    const std::string text = normalize_(p.text);
    for (const auto& key : keys) {
      if (text.find(key) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace kosearch
