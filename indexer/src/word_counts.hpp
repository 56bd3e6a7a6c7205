#pragma once
// Internal: the distinct words of an article with how often and from when they occur, for the
// suggestion terms (suggest_terms.hpp). An open-addressing table over one arena of bytes: no
// allocation per word (the article's words are counted several hundred at a time).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch::detail {

class WordCounts {
 public:
  struct Entry {
    std::uint32_t at = 0, size = 0;  // the word's bytes in the arena
    std::uint32_t count = 0;         // occurrences
    std::uint32_t first = 0;         // order of first occurrence among the distinct words
    std::uint64_t hash = 0;
  };

  // One more occurrence of `word`.
  void add(std::string_view word);
  // The entry of `word`, or null.
  const Entry* find(std::string_view word) const;
  // The word of an entry: valid until the next add().
  std::string_view word(const Entry& e) const { return std::string_view(arena_).substr(e.at, e.size); }
  // In order of first occurrence.
  const std::vector<Entry>& entries() const { return entries_; }

 private:
  std::size_t slot_of(std::string_view word, std::uint64_t hash) const;  // its slot, or an empty one
  void grow();

  std::string arena_;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> slots_ = std::vector<std::uint32_t>(256, 0);  // 1 + entry index; 0: empty
};

}  // namespace kosearch::detail
