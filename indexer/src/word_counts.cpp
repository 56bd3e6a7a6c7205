#include "word_counts.hpp"

#define XXH_INLINE_ALL  // header-only use, as in ingest/source_hash.cpp
#include <xxhash.h>

namespace kosearch::detail {

std::size_t WordCounts::slot_of(std::string_view word, std::uint64_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint32_t s = slots_[i];
    if (s == 0) return i;
    const Entry& e = entries_[s - 1];
    if (e.hash == hash && this->word(e) == word) return i;
  }
}

void WordCounts::add(std::string_view word) {
  const std::uint64_t hash = XXH3_64bits(word.data(), word.size());
  const std::size_t i = slot_of(word, hash);
  if (slots_[i] != 0) {
    ++entries_[slots_[i] - 1].count;
    return;
  }
  const auto n = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back(Entry{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(word.size()), 1, n, hash});
  arena_.append(word);
  slots_[i] = n + 1;
  if (2 * entries_.size() > slots_.size()) grow();  // at most half full: short probes
}

const WordCounts::Entry* WordCounts::find(std::string_view word) const {
  const std::uint32_t s = slots_[slot_of(word, XXH3_64bits(word.data(), word.size()))];
  return s == 0 ? nullptr : &entries_[s - 1];
}

void WordCounts::grow() {
  std::vector<std::uint32_t> slots(2 * slots_.size(), 0);
  const std::size_t mask = slots.size() - 1;
  for (std::uint32_t n = 0; n < entries_.size(); ++n) {
    std::size_t i = entries_[n].hash & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = n + 1;
  }
  slots_.swap(slots);
}

}  // namespace kosearch::detail
