#include "kosearch/searcher/passage_reader.hpp"

#include <xapian.h>

#include <algorithm>
#include <charconv>

#include "kosearch/core/error.hpp"
#include "schema.hpp"
#include "shards.hpp"

namespace fs = std::filesystem;

namespace kosearch {

struct PassageReader::Impl {
  fs::path path;
  Xapian::Database db;

  // Passages of article `doc_id` with their ordinals, in order.
  std::vector<std::pair<std::uint32_t, StoredPassage>> article(std::string_view doc_id) {
    std::vector<std::pair<std::uint32_t, StoredPassage>> out;
    const std::string term = schema::id_term(schema::kPrefixArticle, doc_id);
    try {
      for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const std::string value = doc.get_value(schema::kSlotHitInfo);
        const schema::HitInfo info = schema::decode_hit_info(value);
        // A long id is hashed down in the term: the stored id tells a collision apart.
        if (info.doc_id != doc_id) continue;
        out.emplace_back(info.passage_no,
                         StoredPassage{std::string(doc_id) + "#" + std::to_string(info.passage_no),
                                       std::string(info.title), doc.get_data()});
      }
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, path, "read passages of");
    }
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) { return x.first < y.first; });
    return out;
  }
};

PassageReader::PassageReader(const fs::path& index_dir) : impl_(std::make_unique<Impl>()) {
  impl_->path = index_dir;
  std::error_code ec;
  if (!fs::exists(index_dir, ec)) {
    throw IndexNotFound("no index at " + index_dir.string() + ". Build one with `kosearch index --index " +
                        index_dir.string() + " INPUT...`.");
  }
  try {
    const fs::path stub = schema::stub_of(index_dir);
    impl_->db = stub.empty() ? Xapian::Database(index_dir.string())
                             : schema::open_shards(stub, false).db;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_dir, "open");
  }
  if (impl_->db.get_metadata(std::string(schema::kMetaSchema)).empty()) {
    throw IndexCorrupt(index_dir.string() + " is a Xapian database but no kosearch index (no " +
                       std::string(schema::kMetaSchema) + " metadata)");
  }
}

std::vector<StoredPassage> PassageReader::lookup(std::string_view id) {
  std::vector<StoredPassage> out;
  auto whole = impl_->article(id);
  if (!whole.empty()) {
    for (auto& [no, p] : whole) out.push_back(std::move(p));
    return out;
  }
  const auto hash = id.rfind('#');
  if (hash == std::string_view::npos) return out;
  std::uint32_t n = 0;
  const auto [ptr, ec] = std::from_chars(id.data() + hash + 1, id.data() + id.size(), n);
  if (ec != std::errc() || ptr != id.data() + id.size()) return out;
  for (auto& [no, p] : impl_->article(id.substr(0, hash))) {
    if (no == n) out.push_back(std::move(p));
  }
  return out;
}

PassageReader::~PassageReader() = default;
PassageReader::PassageReader(PassageReader&&) noexcept = default;
PassageReader& PassageReader::operator=(PassageReader&&) noexcept = default;

}  // namespace kosearch
