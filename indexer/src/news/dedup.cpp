#include "dedup.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <limits>
#include <unordered_set>

#include "article_fields.hpp"
#include "clusters.hpp"
#include "schema.hpp"

namespace kosearch::detail::news {

namespace {

constexpr std::size_t kShingle = 5;  // code points
constexpr std::size_t kRows = kMinHashes / kBands;
constexpr std::size_t kMaxCandidates = 32;

constexpr std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// The multipliers and addends of the kMinHashes hash functions h_i(x) = (a_i x + b_i) >> 32:
// fixed, so signatures of different builds compare.
struct HashFamily {
  std::array<std::uint64_t, kMinHashes> a{}, b{};
  constexpr HashFamily() {
    std::uint64_t seed = 0x6B6F736561726368ULL;  // "kosearch"
    for (std::size_t i = 0; i < kMinHashes; ++i) {
      a[i] = splitmix64(seed) | 1;
      b[i] = splitmix64(seed);
    }
  }
};
constexpr HashFamily kFamily;

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

std::string band_term(std::size_t band, const std::vector<std::uint32_t>& sig) {
  std::uint64_t h = 0xCBF29CE484222325ULL ^ band;
  for (std::size_t r = 0; r < kRows; ++r) {
    h = (h ^ sig[band * kRows + r]) * 0x100000001B3ULL;
    h ^= h >> 29;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%08x", static_cast<char>('a' + band), static_cast<unsigned>(h ^ (h >> 32)));
  return std::string(schema::kPrefixBand) + buf;
}

std::string encode(const std::vector<std::uint32_t>& sig) {
  std::string out(sig.size() * 4, '\0');
  std::memcpy(out.data(), sig.data(), out.size());
  return out;
}

std::vector<std::uint32_t> decode(const std::string& v) {
  if (v.size() != kMinHashes * 4) return {};
  std::vector<std::uint32_t> sig(kMinHashes);
  std::memcpy(sig.data(), v.data(), v.size());
  return sig;
}

std::vector<std::string> band_terms(const std::vector<std::uint32_t>& sig) {
  std::vector<std::string> bands;
  for (std::size_t b = 0; b < kBands; ++b) bands.push_back(band_term(b, sig));
  return bands;
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
  std::vector<std::uint32_t> mins(kMinHashes, std::numeric_limits<std::uint32_t>::max());
  std::array<char32_t, kShingle> window{};
  std::size_t filled = 0, shingles = 0;
  for (std::size_t at = 0; at < body.size();) {
    char32_t c = next_code_point(body, at);
    if (skipped(c)) continue;
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    window[filled++ % kShingle] = c;
    if (filled < kShingle) continue;
    // The last kShingle code points, oldest first.
    std::uint64_t x = 0x84222325CBF29CE4ULL;
    for (std::size_t i = 0; i < kShingle; ++i) {
      x = (x ^ window[(filled + i) % kShingle]) * 0x100000001B3ULL;
    }
    x ^= x >> 31;
    ++shingles;
    for (std::size_t i = 0; i < kMinHashes; ++i) {
      mins[i] = std::min(mins[i], static_cast<std::uint32_t>((kFamily.a[i] * x + kFamily.b[i]) >> 32));
    }
  }
  if (shingles < kMinShingles) return {};
  return mins;
}

double similarity(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.size() != kMinHashes || b.size() != kMinHashes) return 0;
  std::size_t same = 0;
  for (std::size_t i = 0; i < kMinHashes; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / kMinHashes;
}

Cluster find_cluster(const Xapian::Database& db, std::string_view id, std::string_view body) {
  Cluster out;
  out.signature = signature(body);
  if (out.signature.empty()) return out;
  const std::vector<std::string> bands = band_terms(out.signature);
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, bands.begin(), bands.end()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);  // earliest first: it wins ties
  const Xapian::MSet candidates = enquire.get_mset(0, kMaxCandidates);
  double best = kCopyThreshold - 1e-9;
  for (auto it = candidates.begin(); it != candidates.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const double s = similarity(out.signature, decode(doc.get_value(schema::kSlotSignature)));
    if (s <= best) continue;
    const std::string article = doc.get_value(schema::kSlotDocId);
    if (article == id) continue;
    best = s;
    const std::string key = doc.get_value(schema::kSlotCluster);
    out.key = key.empty() ? article : key;
  }
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
  std::vector<std::pair<Xapian::docid, std::vector<std::uint32_t>>> heads;
  for (auto it = db.valuestream_begin(schema::kSlotSignature); it != db.valuestream_end(schema::kSlotSignature); ++it) {
    if (!copies.count(it.get_docid())) heads.emplace_back(it.get_docid(), decode(*it));
  }
  std::uint64_t moved = 0;
  for (const auto& [did, sig] : heads) {
    if (sig.empty()) continue;
    const std::vector<std::string> bands = band_terms(sig);
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, bands.begin(), bands.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet candidates = enquire.get_mset(0, kMaxCandidates);
    double best = kCopyThreshold - 1e-9;
    std::string key;
    for (auto it = candidates.begin(); it != candidates.end() && *it < did; ++it) {
      const Xapian::Document doc = it.get_document();
      const double s = similarity(sig, decode(doc.get_value(schema::kSlotSignature)));
      if (s <= best) continue;
      best = s;
      const std::string k = doc.get_value(schema::kSlotCluster);
      key = k.empty() ? doc.get_value(schema::kSlotDocId) : k;
    }
    if (key.empty()) continue;
    const std::string article = db.get_document(did).get_value(schema::kSlotDocId);
    if (key == article) continue;
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
  return moved;
}

void add_cluster(Xapian::Document& passage, std::uint64_t n, const Cluster& c) {
  if (!c.key.empty()) passage.add_value(schema::kSlotCluster, c.key);
  if (n != 0) return;
  if (!c.key.empty()) passage.add_boolean_term(schema::id_term(schema::kPrefixClusterMember, c.key));
  if (c.signature.empty()) return;
  passage.add_value(schema::kSlotSignature, encode(c.signature));
  for (std::size_t b = 0; b < kBands; ++b) passage.add_boolean_term(band_term(b, c.signature));
}

}  // namespace kosearch::detail::news
