#pragma once
// Internal: which shard a document goes to. The hash must never change between builds,
// machines or compilers (std::hash may), because re-indexing a document has to land in the shard
// that already holds it so that it replaces the old version instead of duplicating it.

#include <cstdint>
#include <string_view>

namespace kosearch::detail {

// 64-bit FNV-1a of the bytes of `s`.
constexpr std::uint64_t fnv1a64(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return h;
}

// The shard (0..n-1) of document `id` in an index of `n` shards.
constexpr std::size_t shard_of(std::string_view id, std::size_t n) noexcept {
  return n <= 1 ? 0 : static_cast<std::size_t>(fnv1a64(id) % n);
}

// Published FNV-1a test vectors: a build where these fail would route documents differently.
static_assert(fnv1a64("") == 0xcbf29ce484222325ull);
static_assert(fnv1a64("a") == 0xaf63dc4c8601ec8cull);
static_assert(fnv1a64("foobar") == 0x85944171f73967e8ull);

}  // namespace kosearch::detail
