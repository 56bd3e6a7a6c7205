// Indexer::Impl's ingestion of one file: a .txt article, or a JSONL file read record by record
// into the writers (skipping unchanged articles, settling id clashes, recording the file).

#include <fstream>
#include <sstream>
#include <utility>

#include "schema.hpp"
#include "kosearch/core/error.hpp"
#include "id_clash.hpp"
#include "indexer_impl.hpp"
#include "ingest/text_decoder.hpp"

namespace kosearch {

namespace {

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw IoError("cannot read " + p.string() + ": permission denied or not a file");
  std::ostringstream ss;
  ss << in.rdbuf();
  return std::move(ss).str();
}

}  // namespace

void Indexer::Impl::add_txt(const fs::path& file, const std::string& id, IngestReport& report) {
  std::string raw;
  try {
    raw = read_file(file);
  } catch (const IoError& e) {
    report.problems.push_back(std::string(e.what()) + "; skipped");
    ++report.skipped;
    return;
  }
  ++report.files;
  // Unchanged since it was last indexed: skipped before decoding and analysing.
  const std::string name = detail::source_name(file);
  const std::string hash = detail::hash_bytes(raw);
  // Its shard holds the record. Checked before anything is skipped as unchanged: an old index
  // holding stem ids is refused, not extended.
  writer_for(id).require_path_ids();
  if (auto rec = ledger_for(id).find(name); rec && rec->hash == hash) {
    report.unchanged += rec->articles;
    return;
  }
  report.bytes += raw.size();
  if (raw.find_first_not_of(" \t\r\n") == std::string::npos) {
    report.problems.push_back(file.string() + ": empty file; skipped");
    ++report.skipped;
    return;
  }
  const std::string& forced = options.encoding;
  if (!detail::is_wide_encoding(forced) && detail::looks_binary(raw)) {
    report.problems.push_back(file.string() + ": binary file (NUL or control bytes); skipped");
    ++report.skipped;
    return;
  }
  detail::DecodedText decoded = detail::decode_text(raw, file.string(), forced);
  for (auto& w : decoded.warnings) report.problems.push_back(std::move(w));
  if (decoded.converted) {
    report.notes.push_back(file.string() + ": read as " + decoded.encoding + " and converted to UTF-8");
  }
  raw = std::move(decoded.utf8);
  const ParsedArticle parsed = parse_article(raw);
  if (parsed.body.empty()) {
    report.problems.push_back(file.string() + ": no article text found; skipped");
    ++report.skipped;
    return;
  }
  for (const auto& w : parsed.warnings) report.problems.push_back(file.string() + ": " + w);
  count(writer_for(id).add_article(id, parsed.title, parsed.body, &parsed, detail::source_term(name), {},
                                   parsed.fields),
        report);
  // Recorded after its article, in its shard: a crash before the next commit loses both or
  // neither. A file with a problem (above) is never recorded, so its warning repeats on every run.
  ledger_for(id).record({hash, 1, name});
}

bool Indexer::Impl::wins_clash(Writer& w, const Record& r, const fs::path& file,
                              const std::string& name, IngestReport& report,
                              std::vector<std::string>& unrecord) {
  if (w.append_only) return true;  // no termlists to tell; add_article refuses a replacement
  std::optional<detail::Clash> clash;
  try {
    clash = detail::find_clash(w.db, r.id, name, ledger_of(w));
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, w.path, "read");
  }
  if (!clash) return true;
  report.problems.push_back(detail::clash_message(file, r.line, r.id, *clash, ++clashes <= 100));
  ++report.skipped;
  if (clash->mine_wins) unrecord.push_back(clash->other);
  return clash->mine_wins;
}

void Indexer::Impl::add_jsonl(const fs::path& file, IngestReport& report,
                              const ProgressCallback& progress, Clock::time_point start) {
  std::error_code ec;
  // Only a regular file is hashed up front: a FIFO (or /dev/stdin) can be read only once. The
  // hash is taken before the records are read: if the file changes in between, the recorded hash
  // is the older one and the next run reads the file again (never the other way round).
  const bool regular = fs::is_regular_file(file, ec);
  const std::string name = detail::source_name(file);
  const std::string source = detail::source_term(name);
  std::string hash;
  if (regular) {
    try {
      hash = detail::hash_file(file);
    } catch (const IoError& e) {  // unreadable: skipped and reported, as a .txt file is
      report.problems.push_back(std::string(e.what()) + "; skipped");
      ++report.skipped;
      return;
    }
    if (auto rec = ledger().find(name); rec && rec->hash == hash) {
      ++report.files;
      report.unchanged += rec->articles;
      return;
    }
  }
  // A file with skipped records is recorded as incomplete: the next run reads it again (only its
  // changed articles are rewritten) and repeats its warnings, and --prune knows it when it is gone.
  const std::uint64_t skipped_before = report.skipped;
  const RecordOf record_of =
      [&](const std::unordered_set<std::string>& ids) -> std::optional<detail::SourceRecord> {
    if (!regular) return std::nullopt;
    const bool whole = report.skipped == skipped_before;
    return detail::SourceRecord{whole ? hash : std::string(detail::kIncomplete), ids.size(), name};
  };
  const unsigned n = threads();
  // Only into an empty database: the merge replaces its tables, and with them whatever this
  // session wrote before (a .txt file given first, an add()).
  if (shards.empty() && main.fresh && n > 1 && main.db.get_doccount() == 0) {
    add_jsonl_parallel(file, source, record_of, report, progress, start, n);
    return;
  }
  const bool fresh = this->fresh();
  // The old record must not outlive a partial rewrite: forgotten in the first commit below, so a
  // killed run never leaves the file looking indexed.
  if (!fresh) ledger().forget(name);
  if (!shards.empty()) {
    // Every shard's writer commits its articles at the end of feed_writers; the file's record
    // (in shard 0) follows with the next commit.
    const auto ids = feed_writers(shards, file, source, fresh, report, progress, start, name);
    if (options.prune && !fresh) {
      for (auto& w : shards) report.removed += ledger_of(*w).remove_articles(source, &ids);
    }
    if (auto rec = record_of(ids)) ledger().record(*rec);
    return;
  }
  std::vector<std::string> unrecord;
  const auto ids = read_jsonl(file, report, progress, start, [&](Record&& r) {
    std::string h = detail::hash_article(r.title, r.text, r.fields);
    // Only an id already indexed (this session's, or any of an existing index) can clash.
    bool indexed = fresh && main.seen.count(r.id);
    if (!fresh) {
      const auto state = ledger().article_state(r.id, source, h);
      if (state == detail::SourceLedger::Article::kUnchanged) {
        ++report.unchanged;
        return;
      }
      indexed = state != detail::SourceLedger::Article::kNew;
    }
    if (indexed && !wins_clash(main, r, file, name, report, unrecord)) return;
    count(main.add_article(r.id, r.title, r.text, nullptr, source, std::move(h), r.fields), report);
  });
  for (const auto& other : unrecord) ledger().mark_incomplete(other);
  if (options.prune && !fresh) report.removed += ledger().remove_articles(source, &ids);
  // After the file's last article, so in the same commit.
  if (auto rec = record_of(ids)) ledger().record(*rec);
}

}  // namespace kosearch
