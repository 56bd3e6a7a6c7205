// Deleting articles: Indexer::remove (by id) and Indexer::prune (the articles of files gone).

#include <system_error>

#include "schema.hpp"
#include "indexer_impl.hpp"

namespace kosearch {

std::uint64_t Indexer::remove(std::string_view id) {
  const std::string key(id);
  std::vector<std::string> sources;
  const std::uint64_t passages = impl_->writer_for(key).remove_article(key, sources);
  // The article's file is no longer all in the index: forget its record, so indexing it again
  // reads it again. A .txt file's record lives with its article (ledger_for), a JSONL file's with
  // the first writer (ledger).
  std::vector<detail::SourceLedger> ledgers = {impl_->ledger_for(key)};
  if (&impl_->writer_for(key) != impl_->writers().front()) ledgers.push_back(impl_->ledger());
  for (const std::string& term : sources) {
    const auto name = schema::id_of_term(schema::kPrefixSource, term);
    for (auto& ledger : ledgers) {
      if (name) {
        ledger.forget(std::string(*name));
        continue;
      }
      // A long path's term is hashed down: find its record by the term.
      for (const auto& rec : ledger.all()) {
        if (detail::source_term(rec.name) == term) ledger.forget(rec.name);
      }
    }
  }
  return passages;
}

IngestReport Indexer::prune() {
  IngestReport report;
  const auto writers = impl_->writers();
  // Source records are kept per writer (shard); a file's articles may be in any shard.
  for (Writer* holder : writers) {
    auto ledger = Impl::ledger_of(*holder);
    for (const auto& rec : ledger.all()) {
      std::error_code ec;
      // Only a file that is certainly gone: an error (e.g. an unreadable folder) keeps it.
      const bool exists = fs::exists(rec.name, ec);
      if (exists || ec) continue;
      for (Writer* w : writers) {
        report.removed += Impl::ledger_of(*w).remove_articles(detail::source_term(rec.name), nullptr);
      }
      ledger.forget(rec.name);
    }
  }
  return report;
}

}  // namespace kosearch
