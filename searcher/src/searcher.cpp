#include "kosearch/searcher/searcher.hpp"

#include "searcher_impl.hpp"

namespace kosearch {

// Reading the metadata of a damaged index can throw too, not only opening it.
Searcher::Searcher(const fs::path& index_dir, const SearcherOptions& options) try
    : impl_(std::make_unique<Impl>(index_dir, options,
                                   detail::open_database(index_dir, options.allow_missing_shards))) {
} catch (const Xapian::Error& e) {
  schema::rethrow_xapian(e, index_dir, "open");
}

SearchResults Searcher::search(std::string_view typed, const SearchOptions& options) {
  // A query typed in the English layout or as initial consonants runs as what was meant.
  const detail::Repair repair = options.correct ? detail::repair_query(impl_->db, impl_->analyzer, typed) : detail::Repair{};
  const std::string_view query = repair.query.empty() ? typed : std::string_view(repair.query);
  for (int attempt = 0;; ++attempt) {
    try {
      SearchResults results = impl_->run(query, options);
      results.query = std::string(typed);
      results.corrected_query = repair.query, results.correction = repair.reason;
      return results;
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed while we read: move to the new revision and run the query again.
      if (attempt >= 3) schema::rethrow_xapian(e, impl_->path, "search");
      impl_->reopen_db();
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= 3 || !impl_->reopen_without_dead_shards()) {
        schema::rethrow_xapian(e, impl_->path, "search (a remote shard is unreachable)");
      }
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, impl_->path, "search");
    }
  }
}

QueryPlan Searcher::explain(std::string_view query, const SearchOptions& options) {
  Impl::Plan made;
  try {
    const detail::Repair repair = options.correct ? detail::repair_query(impl_->db, impl_->analyzer, query) : detail::Repair{};
    made = impl_->plan(repair.query.empty() ? query : std::string_view(repair.query), options);
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, impl_->path, "explain");
  }
  QueryPlan plan;
  plan.description = made.built.query.get_description();
  for (const auto& [term, w] : made.built.term_weights) plan.terms.push_back(term);
  std::sort(plan.terms.begin(), plan.terms.end());
  plan.words = made.built.words;
  for (const auto& p : made.required) plan.phrases.push_back(p.normalized());
  for (const auto& p : made.excluded) plan.excluded.push_back(p.normalized());
  return plan;
}

Suggestions Searcher::suggest(std::string_view prefix, std::uint32_t k) {
  for (int attempt = 0;; ++attempt) {
    try {
      return detail::suggest(impl_->db, impl_->analyzer, prefix, k, impl_->path.string());
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt >= 3) schema::rethrow_xapian(e, impl_->path, "suggest");
      impl_->reopen_db();
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, impl_->path, "suggest");
    }
  }
}

bool Searcher::reopen() {
  // A fresh build or --rebuild was switched in: the old database's revisions say nothing about
  // the new one (another analyzer even), so everything is opened anew. On failure the old stays;
  // while nothing is at the path (a switch without RENAME_EXCHANGE) the old is kept too.
  const schema::PathIdentity now = schema::identity_of(impl_->path);
  if (now == schema::PathIdentity{}) return false;
  if (now != impl_->identity) {
    impl_ = std::make_unique<Impl>(impl_->path, impl_->options,
                                   detail::open_database(impl_->path, impl_->options.allow_missing_shards));
    return true;
  }
  try {
    if (impl_->readmit_missing_shards()) return true;
    return impl_->reopen_db();
  } catch (const Xapian::NetworkError& e) {
    if (impl_->reopen_without_dead_shards()) return true;
    schema::rethrow_xapian(e, impl_->path, "reopen");
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, impl_->path, "reopen");
  }
}

IndexStats Searcher::stats() const {
  IndexStats s;
  try {
    s.passages = impl_->db.get_doccount();
    const std::string prefix(schema::kPrefixArticle);
    for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix); ++it) {
      ++s.articles;
    }
    s.analyzer = impl_->db.get_metadata(std::string(schema::kMetaAnalyzer));
    s.passage_settings = impl_->db.get_metadata(std::string(schema::kMetaPassages));
    s.positions = impl_->positions;
    s.append_only = impl_->db.get_metadata(std::string(schema::kMetaAppendOnly)) == "1";
    s.suggestions = detail::has_suggestions(impl_->db);
    s.news_fields = impl_->db.get_metadata(std::string(schema::kMetaSchema)) != schema::kOldestReadableSchema;
    s.with_field = detail::count_fields(impl_->db);
  } catch (const Xapian::Error& e) {
    schema::rethrow_xapian(e, impl_->path, "read");
  }
  s.bytes_on_disk = schema::bytes_on_disk(impl_->path);
  s.shards = impl_->shards;
  s.shards_missing = impl_->missing_shards;
  return s;
}

std::vector<std::string> Searcher::warnings() const { return impl_->warnings; }

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

}  // namespace kosearch
