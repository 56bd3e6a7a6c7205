#include "dedup.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <optional>
#include <utility>
#include <unordered_set>

#include "article_fields.hpp"
#include "clusters.hpp"
#include "schema.hpp"

namespace kosearch::detail::news {

namespace {

constexpr std::size_t kShingle = 5;  // code points
constexpr std::size_t kRows = kMinHashes / kBands;
constexpr std::size_t kBinBits = 6;  // 2^6 = kMinHashes bins
static_assert(std::size_t{1} << kBinBits == kMinHashes);

constexpr std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// Next code point of UTF-8 `s` at `at` (invalid bytes are taken one by one).
char32_t next_code_point(std::string_view s, std::size_t& at) {
  const auto c = static_cast<unsigned char>(s[at]);
  std::size_t len = c < 0x80 ? 1 : c >> 5 == 6 ? 2 : c >> 4 == 14 ? 3 : c >> 3 == 30 ? 4 : 1;
  if (at + len > s.size()) len = 1;
  char32_t cp = len == 1 ? c : c & (0xFF >> (len + 1));
  for (std::size_t i = 1; i < len; ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[at + i]) & 0x3F);
  at += len;
  return cp;
}

// Characters that carry no story: spaces, ASCII punctuation, quotes, dots, brackets.
bool skipped(char32_t c) {
  if (c < 0x80) return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  return c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x206F) /* general punctuation */ ||
         (c >= 0x3001 && c <= 0x301F) /* CJK punctuation, brackets */ || c == 0xB7 || (c >= 0xFF01 && c <= 0xFF0F);
}

std::uint64_t splitmix64_of(std::uint64_t x) { return splitmix64(x); }

// The LSH key of one band of `sig` (32 bits): the band number and its kRows minima, hashed.
std::uint64_t band_key(std::size_t band, std::span<const std::uint32_t> sig) {
  std::uint64_t h = 0xCBF29CE484222325ULL ^ band;
  for (std::size_t r = 0; r < kRows; ++r) h = (h ^ sig[band * kRows + r]) * 0x100000001B3ULL;
  return splitmix64(h) >> 32;
}

// Two bytes per minimum, little-endian (the minima are 16-bit: see signature()).
std::string encode(const std::vector<std::uint32_t>& sig) {
  std::string out;
  out.reserve(sig.size() * 2);
  for (const std::uint32_t m : sig) {
    out += static_cast<char>(m & 0xFF);
    out += static_cast<char>((m >> 8) & 0xFF);
  }
  return out;
}

std::vector<std::uint32_t> decode(const std::string& v) {
  if (v.size() != kMinHashes * 2) return {};
  std::vector<std::uint32_t> sig(kMinHashes);
  for (std::size_t i = 0; i < kMinHashes; ++i) {
    sig[i] = static_cast<unsigned char>(v[2 * i]) | static_cast<std::uint32_t>(static_cast<unsigned char>(v[2 * i + 1])) << 8;
  }
  return sig;
}

// The cluster an article of `db` belongs to (its key, else its id), or nullopt when `first`
// is no longer the first passage of a live article (deleted or replaced since it was seen).
std::optional<std::pair<std::string, std::string>> article_at(const Xapian::Database& db, Xapian::docid first) {
  try {
    const Xapian::Document doc = db.get_document(first);
    if (doc.get_value(schema::kSlotSignature).empty()) return std::nullopt;
    std::string id = doc.get_value(schema::kSlotDocId);
    std::string key = doc.get_value(schema::kSlotCluster);
    if (key.empty()) key = id;
    return std::make_pair(std::move(id), std::move(key));
  } catch (const Xapian::DocNotFoundError&) {
    return std::nullopt;
  }
}

// The passages of article `article`, and its cluster key set to `key` on each (the member term
// moved on its first passage, the one with the signature).
void rekey(Xapian::WritableDatabase& db, const std::string& article, const std::string& key) {
  const std::string term = schema::id_term(schema::kPrefixArticle, article);
  std::vector<Xapian::docid> passages(db.postlist_begin(term), db.postlist_end(term));
  for (const Xapian::docid did : passages) {
    Xapian::Document doc = db.get_document(did);
    const std::string old = doc.get_value(schema::kSlotCluster);
    const bool first = !doc.get_value(schema::kSlotSignature).empty();
    if (first && !old.empty()) doc.remove_term(schema::id_term(schema::kPrefixClusterMember, old));
    doc.add_value(schema::kSlotCluster, key);
    if (first) doc.add_boolean_term(schema::id_term(schema::kPrefixClusterMember, key));
    db.replace_document(did, doc);
  }
}

}  // namespace

std::vector<std::uint32_t> signature(std::string_view body) {
  // One-permutation MinHash (Li, Owen and Zhang 2012): one 64-bit hash per shingle, whose top
  // bits pick one of kMinHashes bins and whose low 32 bits compete for that bin's minimum. One
  // hash per shingle instead of kMinHashes: the signature costs about what reading the text does.
  constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> mins(kMinHashes, kEmpty);
  std::array<char32_t, kShingle> window{};
  std::size_t filled = 0, shingles = 0;
  for (std::size_t at = 0; at < body.size();) {
    char32_t c = next_code_point(body, at);
    if (skipped(c)) continue;
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    window[filled++ % kShingle] = c;
    if (filled < kShingle) continue;
    // The last kShingle code points, oldest first.
    std::uint64_t x = 0x6B6F736561726368ULL;  // "kosearch": fixed, so signatures of builds compare
    for (std::size_t i = 0; i < kShingle; ++i) x = (x ^ window[(filled + i) % kShingle]) * 0x100000001B3ULL;
    const std::uint64_t h = splitmix64(x);
    ++shingles;
    std::uint32_t& bin = mins[h >> (64 - kBinBits)];
    bin = std::min(bin, static_cast<std::uint32_t>(h));
  }
  if (shingles < kMinShingles) return {};
  // Densification by rotation (Shrivastava and Li 2014): an empty bin takes the next non-empty
  // bin's minimum, offset by the distance, so two similar texts still agree on it.
  const std::vector<std::uint32_t> filled_bins = mins;
  for (std::size_t i = 0; i < kMinHashes; ++i) {
    for (std::size_t d = 1; mins[i] == kEmpty && d < kMinHashes; ++d) {
      const std::uint32_t v = filled_bins[(i + d) % kMinHashes];
      if (v != kEmpty) mins[i] = v ^ static_cast<std::uint32_t>(0x9E3779B9u * d);
    }
  }
  // 16 bits of each minimum are kept (128 stored bytes, not 256): two different minima then
  // agree by chance once in 65,536, far under what the 0.5 threshold could notice.
  for (std::uint32_t& m : mins) m >>= 16;
  return mins;
}

double similarity(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  if (a.size() != kMinHashes || b.size() != kMinHashes) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < kMinHashes; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kMinHashes;
}

void BandTable::put(std::uint64_t v) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = splitmix64_of(v >> 32) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0) {
      slots_[i] = v;
      return;
    }
  }
}

void BandTable::insert(std::uint32_t entry, std::span<const std::uint32_t> sig) {
  if (2 * (used_ + kBands) > slots_.size()) {  // load factor at most 1/2
    std::vector<std::uint64_t> old(std::max<std::size_t>(1024, 2 * slots_.size()), 0);
    old.swap(slots_);
    for (const std::uint64_t v : old) {
      if (v != 0) put(v);
    }
  }
  for (std::size_t b = 0; b < kBands; ++b) {
    put((band_key(b, sig) << 32) | (std::uint64_t{entry} + 1));
    ++used_;
  }
}

std::vector<std::uint32_t> BandTable::candidates(std::span<const std::uint32_t> sig) const {
  std::vector<std::uint32_t> out;
  if (slots_.empty()) return out;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t b = 0; b < kBands; ++b) {
    const std::uint64_t key = band_key(b, sig);
    for (std::size_t i = splitmix64_of(key) & mask; slots_[i] != 0; i = (i + 1) & mask) {
      if (slots_[i] >> 32 == key) out.push_back(static_cast<std::uint32_t>(slots_[i] & 0xFFFFFFFFu) - 1);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void CopyFinder::insert(Xapian::docid first, std::vector<std::uint32_t> signature) {
  bands_.insert(static_cast<std::uint32_t>(firsts_.size()), signature);
  firsts_.push_back(first);
  minima_.insert(minima_.end(), signature.begin(), signature.end());
}

void CopyFinder::clear() { *this = CopyFinder(); }

void CopyFinder::added(Xapian::docid first, const Cluster& cluster) {
  if (!cluster.signature.empty()) insert(first, cluster.signature);
}

std::string CopyFinder::copied_key(const Xapian::Database& db, std::string_view id,
                                   std::span<const std::uint32_t> sig) const {
  std::string key;
  double best = kCopyThreshold - 1e-9;
  // Entries in the order inserted, so the earliest of equally similar articles wins.
  for (const std::uint32_t e : bands_.candidates(sig)) {
    const double s = similarity(sig, std::span(minima_).subspan(std::size_t{e} * kMinHashes, kMinHashes));
    if (s <= best) continue;
    const auto article = article_at(db, firsts_[e]);
    if (!article || article->first == id) continue;
    best = s;
    key = article->second;
  }
  return key;
}

Cluster CopyFinder::find(const Xapian::Database& db, std::string_view id, std::string_view body) {
  if (!loaded_) {
    loaded_ = true;
    for (auto it = db.valuestream_begin(schema::kSlotSignature); it != db.valuestream_end(schema::kSlotSignature); ++it) {
      if (auto sig = decode(*it); !sig.empty()) insert(it.get_docid(), std::move(sig));
    }
  }
  Cluster out;
  out.signature = signature(body);
  if (out.signature.empty()) return out;
  out.key = copied_key(db, id, out.signature);
  if (out.key == id) out.key.clear();  // a new version of a cluster's first article
  // Copies of an earlier article with this id still hold its id as their key: a new version
  // that is no copy of them takes a key of its own, or it would be grouped with them.
  if (out.key.empty() && db.term_exists(schema::id_term(schema::kPrefixClusterMember, id))) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08x", static_cast<unsigned>(out.signature[0] ^ out.signature[1]));
    out.key = std::string(id) + "\x1e" + buf;
  }
  return out;
}

std::uint64_t regroup(Xapian::WritableDatabase& db) {
  // Read first, then write: the value streams are not walked while documents change.
  std::unordered_set<Xapian::docid> copies;
  for (auto it = db.valuestream_begin(schema::kSlotCluster); it != db.valuestream_end(schema::kSlotCluster); ++it) {
    copies.insert(it.get_docid());
  }
  std::vector<std::pair<Xapian::docid, std::vector<std::uint32_t>>> firsts;  // docid order
  for (auto it = db.valuestream_begin(schema::kSlotSignature); it != db.valuestream_end(schema::kSlotSignature); ++it) {
    if (auto sig = decode(*it); !sig.empty()) firsts.emplace_back(it.get_docid(), std::move(sig));
  }
  // Each article against the earlier ones only: the finder holds those already passed.
  CopyFinder earlier;
  std::uint64_t moved = 0;
  for (auto& [did, sig] : firsts) {
    if (!copies.count(did)) {
      const std::string article = db.get_document(did).get_value(schema::kSlotDocId);
      const std::string key = earlier.copied_key(db, article, sig);
      if (!key.empty() && key != article) {
        // The copies it had gathered in its part follow it.
        const std::string members = schema::id_term(schema::kPrefixClusterMember, article);
        std::vector<std::string> followers;
        for (auto it = db.postlist_begin(members); it != db.postlist_end(members); ++it) {
          followers.push_back(db.get_document(*it).get_value(schema::kSlotDocId));
        }
        rekey(db, article, key);
        for (const auto& f : followers) rekey(db, f, key);
        ++moved;
      }
    }
    earlier.insert(did, std::move(sig));
  }
  return moved;
}

void add_cluster(Xapian::Document& passage, std::uint64_t n, const Cluster& c) {
  if (!c.key.empty()) passage.add_value(schema::kSlotCluster, c.key);
  if (n != 0) return;
  if (!c.key.empty()) passage.add_boolean_term(schema::id_term(schema::kPrefixClusterMember, c.key));
  if (c.signature.empty()) return;
  passage.add_value(schema::kSlotSignature, encode(c.signature));
}

}  // namespace kosearch::detail::news
