#include "kosearch/searcher/searcher.hpp"

#include "first_pass.hpp"
#include "neighbour.hpp"
#include "searcher_impl.hpp"

namespace kosearch {

// Reading the metadata of a damaged index can throw too, not only opening it.
Searcher::Searcher(const fs::path& index_dir, const SearcherOptions& options) try
    : impl_(std::make_unique<Impl>(index_dir, options,
                                   detail::open_database(index_dir, options.allow_missing_shards))) {
} catch (const Xapian::Error& e) {
  schema::rethrow_xapian(e, index_dir, "open");
}

// Second stage: the first `window` hits (whose `text` holds the passage) gain
// rerank_weight x the share of the query's distinct content words that occur whole in their text
// (bigram BM25 cannot tell a word from its scattered bigrams; a word found only without its last
// syllable counts rerank_prefix_credit), rerank_sentence_weight x the largest share of the
// typed words (`typed_words`: not those guessed in a run typed without spaces) that one sentence
// holds — or, with fewer than two of them, of the idf mass of `sentence_terms` — and
// rerank_pair_weight x the share of consecutive query words found in order, close together;
// each bonus is kept in the hit's score_parts. Then they are sorted again.
SearchResults Searcher::search(std::string_view typed, const SearchOptions& options) {
  SearchResults results;
  results.query = std::string(typed);
  // A query typed in the English layout or as initial consonants runs as what was meant.
  const detail::Repair repair = options.correct ? detail::repair_query(impl_->db, impl_->analyzer, typed) : detail::Repair{};
  const std::string_view query = repair.query.empty() ? typed : std::string_view(repair.query);
  results.corrected_query = repair.query, results.correction = repair.reason;
  // k = 0 asks only how many passages match (`total`): no hit is read or re-ranked.
  const bool count_only = options.k == 0;
  for (int attempt = 0;; ++attempt) {
    try {
      // Built inside the try: the query builder reads term statistics from the index.
      const Impl::Plan plan = impl_->plan(query, options);
      const detail::BuiltQuery& built = plan.built;
      results.notes = plan.notes;
      if (built.query.empty()) return results;
      if (!options.facets.empty()) results.facets = detail::count_facets(impl_->db, built.query, options);
      // One article per cluster of copies: only when the index has copies.
      const bool clustered = detail::Grouper::any_clusters(impl_->db);
      const bool grouping = options.group_duplicates && clustered;
      detail::Grouper grouper;
      const bool filtered = plan.filters() || grouping;
      Xapian::Enquire enquire(impl_->db);
      enquire.set_query(built.query);
      detail::apply_news_order(enquire, built.query, options);
      const Xapian::BM25Weight weighting(options.bm25_k1, 0, 1, options.bm25_b, 0.5);
      enquire.set_weighting_scheme(weighting);
      // Ties by docid ascending here; tie_order() then orders them by article id and passage
      // (Xapian's value sort for that read a value per candidate: ~15% slower queries).
      enquire.set_docid_order(Xapian::Enquire::ASCENDING);
      // With phrase filters the best passage of an article may fail them and another pass: then
      // gather() keeps the best passing one of each article instead of Xapian.
      if (options.one_per_article && !filtered) enquire.set_collapse_key(schema::kSlotDocId);
      // Re-ranking reorders the best rerank_depth hits, and the hits tied with the last of them
      // (up to kTieSlack more): which of tied hits make the cut depends on docid order, which
      // differs between a sharded index, its compaction and a single index. A page that may
      // overlap the window is cut from the re-ranked list, so consecutive pages neither repeat
      // nor skip a hit.
      using detail::kTieSlack;
      const std::uint64_t reach = std::uint64_t{options.rerank_depth} + kTieSlack;
      const bool rerank = !count_only && options.rerank_weight > 0 && !built.words.empty() &&
                          options.sort == SearchOptions::Sort::relevance &&
                          options.rerank_depth > 0 && options.offset < reach;
      // Filtered hits are counted from the first: the page is cut after the filters. Else the
      // page and kTieSlack hits on each side of it are read (see tie_order()).
      const Xapian::doccount slack = count_only ? 0 : kTieSlack;
      const Xapian::doccount first =
          rerank || filtered ? 0 : options.offset - std::min<Xapian::doccount>(options.offset, slack);
      const Xapian::doccount count = static_cast<Xapian::doccount>(std::min<std::uint64_t>(
          rerank || filtered
              ? std::max<std::uint64_t>(std::uint64_t{options.offset} + options.k + slack, rerank ? reach : 0)
              : std::uint64_t{options.offset} - first + options.k + slack,
          std::numeric_limits<Xapian::doccount>::max()));
      // options.first_pass: the strong terms pick the passages the whole query scores.
      std::optional<detail::FirstPass> pass;
      if (options.first_pass > 0 && !built.strong.empty() && !filtered && !count_only &&
          options.sort == SearchOptions::Sort::relevance &&
          !(options.recency_half_life_days > 0 && options.recency_weight > 0) && impl_->db.size() == 1) {
        pass = detail::first_pass(impl_->db, weighting, built.strong, built.weak,
                                  std::max<Xapian::doccount>(options.first_pass, first + count));
        enquire.set_query(pass->query);
      }
      std::vector<Impl::Candidate> candidates;
      detail::MatchCount matched;
      // Reads the page (with kTieSlack around it) into `candidates` and counts the matches.
      auto read_candidates = [&] {
        candidates.clear();
        grouper = detail::Grouper();
        if (filtered) {
          // Counting alone checks every candidate (up to kMaxExamined).
          candidates = impl_->gather(enquire, plan, count, options.one_per_article, count_only, matched,
                                     grouping ? &grouper : nullptr);
        } else {
          // Counting alone has Xapian count the matches (exact up to kCountExactUpTo).
          const Xapian::MSet mset = enquire.get_mset(first, count, count_only ? detail::kCountExactUpTo : 0);
          matched = detail::count_of_mset(mset, first, count);
          // Ask for all hits' documents at once: remote shards then send them in one pipelined
          // exchange instead of one network round trip per hit (no effect on local databases).
          // Only without an offset: Xapian 1.4's MSet::fetch() indexes before the first item of an
          // MSet that starts at an offset and crashes (tests/searcher "k and offset").
          if (first == 0) mset.fetch();
          candidates.reserve(mset.size());
          for (auto it = mset.begin(); it != mset.end(); ++it) {
            // The collapse key is the article id, already read by the matcher.
            candidates.push_back({it.get_document(), it.get_weight(),
                                  options.one_per_article ? it.get_collapse_key() : std::string(), {}});
          }
        }
      };
      read_candidates();
      if (!count_only) {
        std::vector<double> weights;
        weights.reserve(candidates.size());
        for (const auto& c : candidates) weights.push_back(c.weight);
        if (options.sort == SearchOptions::Sort::relevance &&
            detail::ties_cut(weights, options.offset - first, options.k, count, first == 0)) {
          enquire.set_sort_by_relevance_then_value(schema::kSlotDocId, false);
          read_candidates();
        }
      }
      if (pass) matched = pass->matched;
      results.total = matched.total;
      results.total_exact = matched.exact;
      // Which hits the re-ranker reads (ranks 1..window): the best rerank_depth and those tied
      // with the last of them.
      std::uint32_t rank = first;
      std::size_t window = 0;
      std::vector<Xapian::Document> docs;
      docs.reserve(candidates.size());
      for (auto& c : candidates) {
        Hit hit;
        hit.rank = ++rank;
        hit.score = c.weight;
        hit.score_parts.bm25 = hit.score;
        if (options.one_per_article) hit.doc_id = std::move(c.collapse_key);
        if (rerank && window + 1 == rank &&
            (rank <= options.rerank_depth || hit.score == results.hits[window - 1].score)) {
          window = rank;
        }
        docs.push_back(std::move(c.doc));
        results.hits.push_back(std::move(hit));
      }
      // Read the hits' fields (one value slot) and text in docid order: Xapian finds each value
      // in a B-tree with one cursor for all slots and re-reads a block only when it differs from
      // the last one the cursor read. 100 hits in rank order, two slots each: ~520 block reads;
      // one slot in docid order: ~100.
      std::vector<std::size_t> order(docs.size());
      std::iota(order.begin(), order.end(), std::size_t{0});
      std::sort(order.begin(), order.end(), [&docs](std::size_t a, std::size_t b) {
        return docs[a].get_docid() < docs[b].get_docid();
      });
      // News fields: one slot, read only when some passage of the index has it.
      const bool with_fields = !docs.empty() && impl_->db.get_value_freq(schema::kSlotFields) != 0;
      for (const std::size_t i : order) {
        Hit& hit = results.hits[i];
        const std::string packed = docs[i].get_value(schema::kSlotHitInfo);
        const schema::HitInfo info = schema::decode_hit_info(packed);
        if (!options.one_per_article) hit.doc_id = std::string(info.doc_id);
        hit.title = std::string(info.title);
        hit.passage_id = hit.doc_id + "#" + std::to_string(info.passage_no);
        hit.passage_begin = info.begin;
        hit.passage_end = info.end;
        if (with_fields) hit.fields = schema::fields_from_json(docs[i].get_value(schema::kSlotFields));
        // The re-ranker reads the text of its window whether or not the caller wants it.
        if (candidates[i].text) {
          hit.text = std::move(*candidates[i].text);
        } else if (options.fetch_text || i < window) {
          hit.text = docs[i].get_data();
        }
      }
      {
        if (rerank) {
          impl_->rerank_hits(results.hits, window, built.words, built.typed_words, built.sentence_terms, query,
                             options);
        }
        auto& hits = results.hits;
        // By date, Xapian's order stands (date, then score, then docid).
        if (options.sort == SearchOptions::Sort::relevance) detail::tie_order(hits);
        hits.erase(hits.begin(), hits.begin() + std::min<std::ptrdiff_t>(options.offset - first,
                                                                          static_cast<std::ptrdiff_t>(hits.size())));
        if (hits.size() > options.k) hits.resize(options.k);
        for (std::size_t i = 0; i < hits.size(); ++i) {
          hits[i].rank = static_cast<std::uint32_t>(options.offset + i + 1);
          if (!options.fetch_text) hits[i].text.clear();
        }
      }
      if (clustered) detail::Grouper::annotate(impl_->db, results.hits);
      if (options.snippets && options.fetch_text) {
        std::vector<Token> tokens;
        auto& hits = results.hits;
        for (std::size_t i = 0; i < hits.size(); ++i) {
          Hit& hit = hits[i];
          impl_->analyzer.analyze(hit.text, tokens);
          hit.highlights = detail::highlight_spans(tokens, built.term_weights);
          hit.snippet = detail::make_snippet(hit.text, hit.highlights, options.snippet_chars,
                                             options.highlight_open, options.highlight_close,
                                             options.escape_html, detail::shown_by_neighbour(hits, i));
        }
      }
      return results;
    } catch (const Xapian::DatabaseModifiedError& e) {
      // A writer committed while we read: move to the new revision and run the query again.
      if (attempt >= 3) schema::rethrow_xapian(e, impl_->path, "search");
      impl_->reopen_db();
      results.hits.clear();
    } catch (const Xapian::NetworkError& e) {
      if (attempt >= 3 || !impl_->reopen_without_dead_shards()) {
        schema::rethrow_xapian(e, impl_->path, "search (a remote shard is unreachable)");
      }
      results.hits.clear();
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
