#include "source_hash.hpp"

#define XXH_INLINE_ALL  // header-only use: no link dependency beyond the header package
#include <xxhash.h>

#include <cstdio>
#include <memory>
#include <set>
#include <system_error>

#include "article_fields.hpp"
#include "schema.hpp"
#include "kosearch/core/error.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

namespace {

std::string hex64(XXH64_hash_t h) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

struct StateDeleter {
  void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
};
using State = std::unique_ptr<XXH3_state_t, StateDeleter>;

State new_state() {
  State s(XXH3_createState());
  if (!s || XXH3_64bits_reset(s.get()) != XXH_OK) throw InternalError("XXH3: cannot create hash state");
  return s;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

// Xapian keys are limited to ~245 bytes; a long path keeps a readable head and a hash of the
// whole. The full name is in the record's value, so nothing is lost.
std::string metadata_key(const std::string& name) {
  std::string key(schema::kMetaSourcePrefix);
  if (name.size() <= 200) return key + name;
  return key + name.substr(0, 150) + "~" + hash_bytes(name);
}

// "<hash> <articles> <name>"; nullopt for anything else (e.g. a hand-edited value).
std::optional<SourceRecord> parse(const std::string& value) {
  const auto a = value.find(' ');
  if (a == std::string::npos) return std::nullopt;
  const auto b = value.find(' ', a + 1);
  if (b == std::string::npos) return std::nullopt;
  SourceRecord r;
  r.hash = value.substr(0, a);
  try {
    r.articles = std::stoull(value.substr(a + 1, b - a - 1));
  } catch (const std::exception&) {
    return std::nullopt;
  }
  r.name = value.substr(b + 1);
  return r;
}

}  // namespace

std::string hash_file(const fs::path& file) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
  if (!f) throw IoError("cannot read " + file.string() + ": permission denied or not a file");
  State s = new_state();
  std::vector<char> buf(1 << 20);
  for (;;) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n > 0) XXH3_64bits_update(s.get(), buf.data(), n);
    if (n < buf.size()) break;
  }
  if (std::ferror(f.get())) throw IoError("read error in " + file.string());
  return hex64(XXH3_64bits_digest(s.get()));
}

std::string hash_bytes(std::string_view bytes) { return hex64(XXH3_64bits(bytes.data(), bytes.size())); }

std::string hash_article(std::string_view title, std::string_view text) {
  State s = new_state();
  const std::uint64_t len = title.size();
  XXH3_64bits_update(s.get(), &len, sizeof len);
  XXH3_64bits_update(s.get(), title.data(), title.size());
  XXH3_64bits_update(s.get(), text.data(), text.size());
  return hex64(XXH3_64bits_digest(s.get()));
}

std::string hash_article(std::string_view title, std::string_view text, const ArticleFields& fields) {
  if (fields.empty()) return hash_article(title, text);
  std::string all(text);
  all += '\x1e';
  all += schema::fields_to_json(fields);
  for (const auto& c : fields.captions) all += '\x1f' + c;
  return hash_article(title, all);
}

std::string source_name(const fs::path& file) {
  std::error_code ec;
  fs::path p = fs::canonical(file, ec);
  if (ec) p = fs::absolute(file, ec).lexically_normal();  // e.g. gone meanwhile
  return p.string();
}

std::string source_term(const std::string& name) { return schema::id_term(schema::kPrefixSource, name); }

std::optional<SourceRecord> SourceLedger::find(const std::string& name) const {
  try {
    auto r = parse(db_->get_metadata(metadata_key(name)));
    if (r && r->name != name) return std::nullopt;  // a hashed key shared by another path
    return r;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_path_, "read");
  }
}

void SourceLedger::record(const SourceRecord& r) {
  try {
    db_->set_metadata(metadata_key(r.name), r.hash + " " + std::to_string(r.articles) + " " + r.name);
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_path_, "write to");
  }
}

void SourceLedger::forget(const std::string& name) {
  try {
    db_->set_metadata(metadata_key(name), {});  // an empty value deletes the key
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_path_, "write to");
  }
}

void SourceLedger::mark_incomplete(const std::string& name) {
  if (auto r = find(name)) {
    r->hash = std::string(kIncomplete);
    record(*r);
  }
}

std::vector<SourceRecord> SourceLedger::all() const {
  std::vector<SourceRecord> out;
  try {
    const std::string prefix(schema::kMetaSourcePrefix);
    for (auto it = db_->metadata_keys_begin(prefix); it != db_->metadata_keys_end(prefix); ++it) {
      if (auto r = parse(db_->get_metadata(*it))) out.push_back(std::move(*r));
    }
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_path_, "read");
  }
  return out;
}

SourceLedger::Article SourceLedger::article_state(const std::string& id, const std::string& term,
                                                  const std::string& content_hash) const {
  try {
    const std::string article = schema::id_term(schema::kPrefixArticle, id);
    auto pl = db_->postlist_begin(article);
    if (pl == db_->postlist_end(article)) return Article::kNew;
    const Xapian::Document doc = db_->get_document(*pl);
    if (doc.get_value(schema::kSlotContentHash) != content_hash) return Article::kChanged;
    // Through the source term's posting list rather than the document's termlist, which an
    // append-only index does not have.
    auto in_source = db_->postlist_begin(term);
    in_source.skip_to(*pl);
    return in_source != db_->postlist_end(term) && *in_source == *pl ? Article::kUnchanged
                                                                      : Article::kChanged;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_path_, "read");
  }
}

std::uint64_t SourceLedger::remove_articles(const std::string& term,
                                            const std::unordered_set<std::string>* keep) {
  try {
    // Collect first: deleting while walking the posting list would invalidate it.
    std::vector<Xapian::docid> doomed;
    std::set<std::string> articles;
    for (auto pl = db_->postlist_begin(term); pl != db_->postlist_end(term); ++pl) {
      std::string id = db_->get_document(*pl).get_value(schema::kSlotDocId);
      if (keep && keep->count(id)) continue;
      doomed.push_back(*pl);
      articles.insert(std::move(id));
    }
    if (!doomed.empty() && db_->get_metadata(std::string(schema::kMetaAppendOnly)) == "1") {
      throw InvalidArgument(std::to_string(articles.size()) + " articles (e.g. \"" +
                            *articles.begin() + "\") of " + term.substr(1) + " are to be removed "
                            "from index " + index_path_.string() + ", which is append-only (built "
                            "with --append-only) and cannot delete articles. Rebuild it "
                            "(--rebuild), or build it updatable (--rebuild --updatable).");
    }
    // One transaction: a kill never leaves part of an article (see Writer::add_article).
    db_->begin_transaction(false);
    for (auto d : doomed) db_->delete_document(d);
    db_->commit_transaction();
    return articles.size();
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, index_path_, "write to");
  }
}

}  // namespace kosearch::detail
