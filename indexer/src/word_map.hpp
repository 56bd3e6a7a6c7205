#pragma once
// Internal: a map from words to small values for the suggestion terms (suggest_terms.hpp): an
// article's words with their counts, stems with the particles seen after them. Open addressing
// over one arena of bytes, entries kept in order of insertion: no allocation per word (an
// article's words are counted several hundred at a time).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#define XXH_INLINE_ALL  // header-only use, as in ingest/source_hash.cpp
#include <xxhash.h>

namespace kosearch::detail {

template <typename Value>
class WordMap {
 public:
  struct Entry {
    std::uint32_t at = 0, size = 0;  // the word's bytes in the arena
    std::uint64_t hash = 0;
    Value value{};
  };

  // The value of `word`, inserted as Value{} (at the end of entries()) if absent.
  Value& operator[](std::string_view word) {
    const std::uint64_t hash = XXH3_64bits(word.data(), word.size());
    const std::size_t i = slot_of(word, hash);
    if (slots_[i] != 0) return entries_[slots_[i] - 1].value;
    entries_.push_back(Entry{static_cast<std::uint32_t>(arena_.size()), static_cast<std::uint32_t>(word.size()), hash, Value{}});
    arena_.append(word);
    slots_[i] = static_cast<std::uint32_t>(entries_.size());
    if (2 * entries_.size() > slots_.size()) grow();  // at most half full: short probes
    return entries_.back().value;
  }
  // The value of `word`, or null.
  const Value* find(std::string_view word) const {
    const std::uint32_t s = slots_[slot_of(word, XXH3_64bits(word.data(), word.size()))];
    return s == 0 ? nullptr : &entries_[s - 1].value;
  }
  // The word of an entry: valid until the next insertion.
  std::string_view word(const Entry& e) const { return std::string_view(arena_).substr(e.at, e.size); }
  // In order of insertion.
  const std::vector<Entry>& entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }

 private:
  std::size_t slot_of(std::string_view word, std::uint64_t hash) const {  // its slot, or an empty one
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const std::uint32_t s = slots_[i];
      if (s == 0) return i;
      const Entry& e = entries_[s - 1];
      if (e.hash == hash && this->word(e) == word) return i;
    }
  }
  void grow() {
    std::vector<std::uint32_t> slots(2 * slots_.size(), 0);
    const std::size_t mask = slots.size() - 1;
    for (std::uint32_t n = 0; n < entries_.size(); ++n) {
      std::size_t i = entries_[n].hash & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = n + 1;
    }
    slots_.swap(slots);
  }

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(64, 0);  // 1 + entry index; 0: empty
};

}  // namespace kosearch::detail
