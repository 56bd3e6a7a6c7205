// Searcher::Impl::run: one search in named steps (page_of, enquire_for, read_page, make_hits,
// read_hits, finish_page, add_snippets); Searcher::search retries it when the index changes.

#include "first_pass.hpp"
#include "neighbour.hpp"
#include "searcher_impl.hpp"

namespace kosearch {

using detail::kTieSlack;

namespace {

Xapian::BM25Weight weighting_of(const RankingParams& ranking) {
  return Xapian::BM25Weight(ranking.bm25_k1, 0, 1, ranking.bm25_b, 0.5);
}

// RankingParams::first_pass: the passages the whole query is to score, picked by the strong
// terms (and the uncommon weak ones); none when the search runs in one pass.
std::optional<detail::FirstPass> first_pass_of(const Xapian::Database& db, const detail::BuiltQuery& built,
                                               const SearchOptions& search, Xapian::doccount first,
                                               Xapian::doccount count, bool one_pass) {
  const RankingParams& ranking = search.ranking;
  if (one_pass || ranking.first_pass == 0 || built.strong.empty() || search.sort != SearchOptions::Sort::relevance ||
      (search.recency_half_life_days > 0 && search.recency_weight > 0) || db.size() != 1) {
    return std::nullopt;
  }
  return detail::first_pass(db, weighting_of(ranking), built.strong, built.weak,
                            std::max<Xapian::doccount>(ranking.first_pass, first + count));
}

}  // namespace

SearchResults Searcher::Impl::run(std::string_view query, const SearchOptions& search) const {
  SearchResults results;
  // Built inside the caller's try: the query builder reads term statistics from the index.
  const Plan made = plan(query, search);
  results.notes = made.notes;
  if (made.built.query.empty()) return results;
  if (!search.facets.empty()) results.facets = detail::count_facets(db, made.built.query, search);
  const Page page = page_of(made, search);
  Xapian::Enquire enquire = enquire_for(made, search, page);
  const std::optional<detail::FirstPass> pass =
      first_pass_of(db, made.built, search, page.first, page.count, page.filtered || page.count_only);
  if (pass) enquire.set_query(pass->query);
  detail::MatchCount matched;
  std::vector<Candidate> candidates = read_page(enquire, made, search, page, matched);
  if (pass) matched = pass->matched;
  results.total = matched.total;
  results.total_exact = matched.exact;
  std::vector<Xapian::Document> docs;
  const std::size_t window = make_hits(candidates, page, search, results.hits, docs);
  read_hits(docs, candidates, window, search, results.hits);
  finish_page(made, query, search, page, window, results.hits);
  if (page.clustered) detail::Grouper::annotate(db, results.hits);
  if (search.snippets && search.fetch_text) add_snippets(made, search, results.hits);
  return results;
}

Searcher::Impl::Page Searcher::Impl::page_of(const Plan& made, const SearchOptions& search) const {
  Page page;
  page.count_only = search.k == 0;
  // One article per cluster of copies: only when the index has copies.
  page.clustered = detail::Grouper::any_clusters(db);
  page.grouping = search.group_duplicates && page.clustered;
  page.filtered = made.filters() || page.grouping;
  // Re-ranking reorders the best rerank_depth hits, and the hits tied with the last of them
  // (up to kTieSlack more): which of tied hits make the cut depends on docid order, which
  // differs between a sharded index, its compaction and a single index. A page that may
  // overlap the window is cut from the re-ranked list, so consecutive pages neither repeat
  // nor skip a hit.
  const RankingParams& ranking = search.ranking;
  const std::uint64_t reach = std::uint64_t{ranking.rerank_depth} + kTieSlack;
  page.rerank = !page.count_only && ranking.rerank_weight > 0 && !made.built.words.empty() &&
                search.sort == SearchOptions::Sort::relevance && ranking.rerank_depth > 0 &&
                search.offset < reach;
  // Filtered hits are counted from the first: the page is cut after the filters. Else the
  // page and kTieSlack hits on each side of it are read (see tie_order()).
  const Xapian::doccount slack = page.count_only ? 0 : kTieSlack;
  const bool from_top = page.rerank || page.filtered;
  page.first = from_top ? 0 : search.offset - std::min<Xapian::doccount>(search.offset, slack);
  page.count = static_cast<Xapian::doccount>(std::min<std::uint64_t>(
      from_top ? std::max<std::uint64_t>(std::uint64_t{search.offset} + search.k + slack, page.rerank ? reach : 0)
               : std::uint64_t{search.offset} - page.first + search.k + slack,
      std::numeric_limits<Xapian::doccount>::max()));
  return page;
}

Xapian::Enquire Searcher::Impl::enquire_for(const Plan& made, const SearchOptions& search, const Page& page) const {
  Xapian::Enquire enquire(db);
  enquire.set_query(made.built.query);
  detail::apply_news_order(enquire, made.built.query, search);
  enquire.set_weighting_scheme(weighting_of(search.ranking));
  // Ties by docid ascending here; tie_order() then orders them by article id and passage
  // (Xapian's value sort for that read a value per candidate: ~15% slower queries).
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  // With phrase filters the best passage of an article may fail them and another pass: then
  // gather() keeps the best passing one of each article instead of Xapian.
  if (search.one_per_article && !page.filtered) enquire.set_collapse_key(schema::kSlotDocId);
  return enquire;
}

std::vector<Searcher::Impl::Candidate> Searcher::Impl::read_candidates(Xapian::Enquire& enquire, const Plan& made,
                                                                      const SearchOptions& search, const Page& page,
                                                                      detail::MatchCount& matched) const {
  if (page.filtered) {
    // Counting alone checks every candidate (up to kMaxExamined).
    detail::Grouper grouper;
    return gather(enquire, made, page.count, search.one_per_article, page.count_only, matched,
                  page.grouping ? &grouper : nullptr);
  }
  // Counting alone has Xapian count the matches (exact up to kCountExactUpTo).
  const Xapian::MSet mset = enquire.get_mset(page.first, page.count, page.count_only ? detail::kCountExactUpTo : 0);
  matched = detail::count_of_mset(mset, page.first, page.count);
  // Ask for all hits' documents at once: remote shards then send them in one pipelined
  // exchange instead of one network round trip per hit (no effect on local databases).
  // Only without an offset: Xapian 1.4's MSet::fetch() indexes before the first item of an
  // MSet that starts at an offset and crashes (tests/searcher "k and offset").
  if (page.first == 0) mset.fetch();
  std::vector<Candidate> candidates;
  candidates.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    // The collapse key is the article id, already read by the matcher.
    candidates.push_back({it.get_document(), it.get_weight(),
                          search.one_per_article ? it.get_collapse_key() : std::string(), {}});
  }
  return candidates;
}

std::vector<Searcher::Impl::Candidate> Searcher::Impl::read_page(Xapian::Enquire& enquire, const Plan& made,
                                                                const SearchOptions& search, const Page& page,
                                                                detail::MatchCount& matched) const {
  std::vector<Candidate> candidates = read_candidates(enquire, made, search, page, matched);
  if (page.count_only || search.sort != SearchOptions::Sort::relevance) return candidates;
  std::vector<double> weights;
  weights.reserve(candidates.size());
  for (const auto& c : candidates) weights.push_back(c.weight);
  // Ties cut by the page's edges: read again with ties ordered by article id (tie_order.hpp).
  if (detail::ties_cut(weights, search.offset - page.first, search.k, page.count, page.first == 0)) {
    enquire.set_sort_by_relevance_then_value(schema::kSlotDocId, false);
    candidates = read_candidates(enquire, made, search, page, matched);
  }
  return candidates;
}

std::size_t Searcher::Impl::make_hits(std::vector<Candidate>& candidates, const Page& page,
                                      const SearchOptions& search, std::vector<Hit>& hits,
                                      std::vector<Xapian::Document>& docs) const {
  // Which hits the re-ranker reads (ranks 1..window): the best rerank_depth and those tied
  // with the last of them.
  std::uint32_t rank = page.first;
  std::size_t window = 0;
  docs.reserve(candidates.size());
  for (auto& c : candidates) {
    Hit hit;
    hit.rank = ++rank;
    hit.score = c.weight;
    hit.score_parts.bm25 = hit.score;
    if (search.one_per_article) hit.doc_id = std::move(c.collapse_key);
    if (page.rerank && window + 1 == rank &&
        (rank <= search.ranking.rerank_depth || hit.score == hits[window - 1].score)) {
      window = rank;
    }
    docs.push_back(std::move(c.doc));
    hits.push_back(std::move(hit));
  }
  return window;
}

void Searcher::Impl::read_hits(const std::vector<Xapian::Document>& docs, std::vector<Candidate>& candidates,
                               std::size_t window, const SearchOptions& search, std::vector<Hit>& hits) const {
  // Read the hits' fields (one value slot) and text in docid order: Xapian finds each value
  // in a B-tree with one cursor for all slots and re-reads a block only when it differs from
  // the last one the cursor read (in rank order, two slots each, ~5x the block reads).
  std::vector<std::size_t> order(docs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&docs](std::size_t a, std::size_t b) {
    return docs[a].get_docid() < docs[b].get_docid();
  });
  // News fields: one slot, read only when some passage of the index has it.
  const bool with_fields = !docs.empty() && db.get_value_freq(schema::kSlotFields) != 0;
  for (const std::size_t i : order) {
    Hit& hit = hits[i];
    const std::string packed = docs[i].get_value(schema::kSlotHitInfo);
    const schema::HitInfo info = schema::decode_hit_info(packed);
    if (!search.one_per_article) hit.doc_id = std::string(info.doc_id);
    hit.title = std::string(info.title);
    hit.passage_id = hit.doc_id + "#" + std::to_string(info.passage_no);
    hit.passage_begin = info.begin;
    hit.passage_end = info.end;
    if (with_fields) hit.fields = schema::fields_from_json(docs[i].get_value(schema::kSlotFields));
    // The re-ranker reads the text of its window whether or not the caller wants it.
    if (candidates[i].text) {
      hit.text = std::move(*candidates[i].text);
    } else if (search.fetch_text || i < window) {
      hit.text = docs[i].get_data();
    }
  }
}

void Searcher::Impl::finish_page(const Plan& made, std::string_view query, const SearchOptions& search,
                                 const Page& page, std::size_t window, std::vector<Hit>& hits) const {
  const detail::BuiltQuery& built = made.built;
  if (page.rerank) rerank_hits(hits, window, built.words, built.typed_words, built.sentence_terms, query, search);
  // By date, Xapian's order stands (date, then score, then docid).
  if (search.sort == SearchOptions::Sort::relevance) detail::tie_order(hits);
  hits.erase(hits.begin(), hits.begin() + std::min<std::ptrdiff_t>(search.offset - page.first,
                                                                    static_cast<std::ptrdiff_t>(hits.size())));
  if (hits.size() > search.k) hits.resize(search.k);
  for (std::size_t i = 0; i < hits.size(); ++i) {
    hits[i].rank = static_cast<std::uint32_t>(search.offset + i + 1);
    if (!search.fetch_text) hits[i].text.clear();
  }
}

void Searcher::Impl::add_snippets(const Plan& made, const SearchOptions& search, std::vector<Hit>& hits) const {
  std::vector<Token> tokens;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    Hit& hit = hits[i];
    analyzer.analyze(hit.text, tokens);
    hit.highlights = detail::highlight_spans(tokens, made.built.term_weights);
    hit.snippet = detail::make_snippet(hit.text, hit.highlights, search.snippet_chars, search.highlight_open,
                                       search.highlight_close, search.escape_html,
                                       detail::shown_by_neighbour(hits, i));
  }
}

}  // namespace kosearch
