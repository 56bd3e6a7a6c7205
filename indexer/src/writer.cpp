#include "writer.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "article_fields.hpp"
#include "schema.hpp"
#include "kosearch/core/error.hpp"
#include "ingest/source_hash.hpp"
#include "suggest_terms.hpp"

namespace kosearch {

void Writer::commit() {
  try {
    db.commit();
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "commit to");
  }
  pending = 0;
  unflushed = 0;
}

void Writer::open(int action, int flags) {
  copies.clear();  // of the database it wrote before (a roll-over to a new part)
  try {
    // Whether an existing database is append-only decides the flags, so it is looked up first;
    // DB_NO_TERMLIST only matters when the database is created.
    bool existing_append_only = false;
    if ((action == Xapian::DB_CREATE_OR_OPEN || action == Xapian::DB_OPEN) &&
        fs::exists(path / "iamglass")) {
      existing_append_only =
          Xapian::Database(path.string()).get_metadata(std::string(schema::kMetaAppendOnly)) == "1";
    }
    // An existing database opens as it was built (a contradicting option is reported below).
    const bool no_termlist = action == Xapian::DB_CREATE_OR_OVERWRITE
                                 ? options->append_only.value_or(false)
                                 : existing_append_only || options->append_only.value_or(false);
    db = Xapian::WritableDatabase(
        path.string(),
        action | flags | Xapian::DB_BACKEND_GLASS | (no_termlist ? Xapian::DB_NO_TERMLIST : 0));
    schema::check_metadata(db, path, analyzer.signature());
    const std::string passages = db.get_metadata(std::string(schema::kMetaPassages));
    if (!passages.empty() && passages != options->passages->to_string()) {
      throw IndexVersionMismatch("index " + path.string() + " was built with passage settings '" +
                                 passages + "', not '" + options->passages->to_string() +
                                 "'. Leave out --passage-chars, --passage-max and --overlap to "
                                 "keep its own, or --rebuild.");
    }
    fresh = db.get_doccount() == 0;
    const std::string stored = db.get_metadata(std::string(schema::kMetaPositions));
    positions = fresh ? options->positions.value_or(false)
                      : options->positions.value_or(stored != "0");
    const std::string wanted = positions ? "1" : "0";
    const bool stored_append_only = db.get_metadata(std::string(schema::kMetaAppendOnly)) == "1";
    append_only = options->append_only.value_or(stored_append_only);
    if (fresh && append_only != stored_append_only && !stored.empty()) {
      // An empty database created earlier with the other setting (its termlist table exists or
      // not already): Xapian decides that at creation, so it must be created again.
      throw IndexVersionMismatch("index " + path.string() + " is empty but was created " +
                                 (stored_append_only ? "append-only" : "updatable") +
                                 "; use --rebuild to create it " +
                                 (append_only ? "append-only." : "updatable."));
    }
    const bool stored_suggest = db.get_metadata(std::string(schema::kMetaSuggest)) != "0";
    suggest = fresh ? options->suggest.value_or(true) : options->suggest.value_or(stored_suggest);
    if (fresh) {
      db.set_metadata(std::string(schema::kMetaSchema), std::string(schema::kSchemaVersion));
      db.set_metadata(std::string(schema::kMetaAnalyzer), analyzer.signature());
      db.set_metadata(std::string(schema::kMetaAnalyzerName), analyzer.name());
      db.set_metadata(std::string(schema::kMetaPassages), options->passages->to_string());
      db.set_metadata(std::string(schema::kMetaPositions), wanted);
      db.set_metadata(std::string(schema::kMetaAppendOnly), append_only ? "1" : "0");
      db.set_metadata(std::string(schema::kMetaTxtIds), "path");
      db.set_metadata(std::string(schema::kMetaSuggest), suggest ? "1" : "0");
    } else if ((stored != "0") != positions) {
      throw IndexVersionMismatch("index " + path.string() + (positions ? " has no" : " has") +
                                 " term positions; leave out --positions/--no-positions to keep "
                                 "its setting, or --rebuild.");
    } else if (stored_append_only != append_only) {
      throw IndexVersionMismatch(
          "index " + path.string() + (stored_append_only ? " is append-only (built with "
                                                            "--append-only)"
                                                          : " is updatable") +
          "; leave out --append-only/--updatable to keep its setting, or --rebuild.");
    } else if (stored_suggest != suggest) {
      throw IndexVersionMismatch("index " + path.string() +
                                 (stored_suggest ? " has suggestion terms" : " has no suggestion terms (built with --no-suggest)") +
                                 "; leave out --suggest/--no-suggest to keep its setting, or --rebuild.");
    }
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "open for writing");
  }
}

Writer::Added Writer::add_article(const std::string& id, const std::string& title,
                                  std::string_view body, const ParsedArticle* parsed,
                                  const std::string& source, std::string content_hash,
                                  const ArticleFields& fields) {
  if (id.empty()) throw InvalidInput("a document has an empty id; every article needs one");
  const std::string article_term = schema::id_term(schema::kPrefixArticle, id);
  if (content_hash.empty()) content_hash = detail::hash_article(title, body, fields);
  try {
    // A fresh database skips the lookup for ids it has not seen: nothing to replace.
    Added out;
    const auto part = static_cast<std::uint32_t>(sealed.size());
    std::optional<std::uint32_t> earlier_part;  // of a repeated id, in a fresh database
    if (fresh) {
      auto [it, inserted] = seen.try_emplace(id, part);
      if (!inserted) earlier_part = std::exchange(it->second, part);
      out.replaced = !inserted;
    } else {
      out.replaced = db.term_exists(article_term);
    }
    if (out.replaced && append_only) {
      throw InvalidArgument("article \"" + id + "\" is already in index " + path.string() +
                            ", which is append-only (built with --append-only): it cannot "
                            "replace or delete articles. Rebuild it (--rebuild), or build it "
                            "updatable (--rebuild --updatable) to update it in place.");
    }
    // One article is one unflushed transaction: Xapian then never commits by itself (at its
    // flush threshold, XAPIAN_FLUSH_THRESHOLD) inside it, so after any kill an article is whole
    // or absent. Our own commits come after it (below).
    db.begin_transaction(false);
    if (out.replaced) {
      if (earlier_part && *earlier_part != part) {
        delete_from_sealed(*earlier_part, article_term);
      } else {
        db.delete_document(article_term);
      }
    }

    // Title terms go into every passage (the article's topic is evidence for each of its
    // passages); a position gap keeps phrases from spanning title and text.
    analyzer.analyze(title, tokens);
    std::vector<std::pair<std::string, Xapian::termpos>> title_terms;
    title_terms.reserve(tokens.size());
    Xapian::termpos base = 1;
    for (const auto& t : tokens) {
      title_terms.emplace_back(t.term, t.position + 1);
      base = std::max<Xapian::termpos>(base, t.position + 1);
    }
    base += 8;
    std::optional<detail::SuggestTerms> suggestions;  // words to complete a prefix to (schema 5)
    if (suggest) suggestions.emplace(tokens, title);

    const auto spans = splitter.split(body);
    // Copies grouped (news/dedup), for news: pages and articles with news fields, not plain
    // records (a wiki or QA corpus: grouping its similar paragraphs cost korquad1_wiki nDCG@10).
    const detail::news::Cluster cluster =
        parsed || !fields.empty() ? copies.find(db, id, body) : detail::news::Cluster{};
    std::uint64_t n = 0;
    Xapian::docid first = 0;
    for (const auto& span : spans) {
      const std::string_view text = body.substr(span.begin, span.end - span.begin);
      Xapian::Document doc;
      doc.set_data(std::string(text));
      doc.add_value(schema::kSlotDocId, id);
      const std::uint32_t b = parsed ? parsed->to_source_offset(span.begin) : span.begin;
      const std::uint32_t e = parsed ? parsed->to_source_offset(span.end) : span.end;
      doc.add_value(schema::kSlotHitInfo,
                    schema::encode_hit_info(static_cast<std::uint32_t>(n), b, e, id, title));
      doc.add_value(schema::kSlotContentHash, content_hash);
      doc.add_boolean_term(article_term);
      if (!source.empty()) doc.add_boolean_term(source);
      schema::add_article_fields(doc, fields);
      detail::news::add_cluster(doc, n, cluster);
      analyzer.analyze(text, tokens);
      if (suggestions) suggestions->add(text, tokens, doc, n + 1 == spans.size());
      if (positions) {
        for (const auto& [term, pos] : title_terms) doc.add_posting(term, pos);
        for (const auto& t : tokens) doc.add_posting(t.term, base + t.position);
      } else {
        for (const auto& [term, pos] : title_terms) doc.add_term(term);
        for (const auto& t : tokens) doc.add_term(t.term);
      }
      const Xapian::docid did = db.add_document(doc);
      if (n == 0) first = did;
      ++n;
      if (crash) crash->passages_added(1);
    }
    db.commit_transaction();
    if (first != 0) copies.added(first, cluster);
    // Xapian writes buffered postings only when committing (or at its own threshold of 10,000
    // documents); committing after `flush_passages` bounds the memory of a writer and keeps
    // its in-memory posting maps small, which is also faster (see IndexerOptions).
    unflushed += static_cast<std::uint32_t>(n);
    part_passages += static_cast<std::uint32_t>(n);
    if (part_limit != 0 && part_passages >= part_limit) {
      roll();
    } else if (++pending >= options->commit_every || unflushed >= options->flush_passages) {
      commit();
    }
    out.passages = n;
    return out;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "write to");
  }
}

std::uint64_t Writer::remove_article(const std::string& id, std::vector<std::string>& sources) {
  if (id.empty()) throw InvalidInput("an empty article id cannot be removed; every article has one");
  const std::string article_term = schema::id_term(schema::kPrefixArticle, id);
  try {
    const Xapian::doccount passages = db.get_termfreq(article_term);
    if (passages == 0) return 0;
    if (append_only) {
      throw InvalidArgument("article \"" + id + "\" cannot be removed from index " + path.string() +
                            ", which is append-only (built with --append-only) and cannot delete "
                            "articles. Rebuild it (--rebuild), or build it updatable (--rebuild "
                            "--updatable) to delete in place.");
    }
    // Every passage of an article carries the same source term; the first passage's will do.
    const Xapian::Document doc = db.get_document(*db.postlist_begin(article_term));
    const std::string prefix(schema::kPrefixSource);
    auto t = doc.termlist_begin();
    for (t.skip_to(prefix); t != doc.termlist_end() && (*t).starts_with(prefix); ++t) sources.push_back(*t);
    db.begin_transaction(false);  // all its passages or none (see add_article)
    db.delete_document(article_term);
    db.commit_transaction();
    seen.erase(id);
    return passages;
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "remove an article from");
  }
}

void Writer::roll() {
  commit();
  db.close();
  sealed.push_back(path);
  path = sealed.front();
  path += "." + std::to_string(sealed.size());
  // Temporary parts: no fsync per commit (the caller merges them and deletes them on failure).
  open(Xapian::DB_CREATE_OR_OVERWRITE, Xapian::DB_NO_SYNC);
  part_passages = 0;
}

void Writer::delete_from_sealed(std::uint32_t part, const std::string& article_term) {
  const fs::path& where = sealed.at(part);
  try {
    Xapian::WritableDatabase old(where.string(), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
    old.delete_document(article_term);
    old.commit();
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, where, "delete a replaced article from");
  }
}

void Writer::require_path_ids() {
  if (path_ids) return;
  try {
    if (db.get_metadata(std::string(schema::kMetaTxtIds)).empty()) {
      for (const auto& rec : detail::SourceLedger(db, path).all()) {
        if (rec.name.ends_with(".txt")) {
          throw IndexVersionMismatch(
              "index " + path.string() + " was built by an older kosearch that named a .txt "
              "article by its file name alone (a/note.txt and b/note.txt became one article \"note\"); "
              ".txt articles are now named by their path in the folder given (\"a/note\"). Rebuild "
              "it: `kosearch index --rebuild --index " + path.string() + " INPUT...`.");
        }
      }
      db.set_metadata(std::string(schema::kMetaTxtIds), "path");  // no .txt article: nothing to rename
    }
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, path, "write to");
  }
  path_ids = true;
}

}  // namespace kosearch
