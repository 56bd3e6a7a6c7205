// Searcher::Impl::gather: Xapian's ranking read in growing batches, each candidate's text
// checked against the phrase filters, one per article or per cluster of copies when asked.

#include "searcher_impl.hpp"

namespace kosearch {

std::vector<Searcher::Impl::Candidate> Searcher::Impl::gather(Xapian::Enquire& enquire, const Plan& plan,
                                                               std::uint64_t want, bool one_per_article,
                                                               bool count_all, detail::MatchCount& count,
                                                               detail::Grouper* grouper) const {
  std::vector<Candidate> out;
  std::unordered_set<std::string> articles;
  Xapian::doccount from = 0, examined = 0;
  Xapian::doccount batch = static_cast<Xapian::doccount>(std::clamp<std::uint64_t>(2 * want, 32, kMaxExamined));
  std::uint64_t estimate = 0, passed = 0;
  bool all_seen = false;
  // Over shards (remote ones among them) each round matches from the first hit again and skips
  // those examined: Xapian 1.4's MSet::fetch() crashes on an MSet that starts at an offset (see
  // search()), and without it a remote shard sends each document in a round trip of its own. One
  // local database needs no fetch: it asks for the next batch alone.
  const bool refetch = db.size() > 1;
  auto enough = [&] { return (!count_all && out.size() >= want) || examined >= kMaxExamined; };
  while (!enough()) {
    const Xapian::MSet mset = refetch ? enquire.get_mset(0, from + batch) : enquire.get_mset(from, batch);
    if (from == 0) estimate = mset.get_matches_estimated();
    if (refetch || from == 0) mset.fetch();
    if (refetch && mset.size() <= from) {  // fewer matches than last time (a new commit)
      all_seen = true;
      break;
    }
    auto it = refetch ? mset[from] : mset.begin();
    for (; it != mset.end() && !enough(); ++it) {
      ++examined;
      Candidate c{it.get_document(), it.get_weight(), {}, {}};
      if (plan.filters()) {
        c.text = c.doc.get_data();
        std::optional<std::string> title;
        auto title_of = [&]() -> const std::string& {
          if (!title) title = analyzer.normalize(schema::decode_hit_info(c.doc.get_value(schema::kSlotHitInfo)).title);
          return *title;
        };
        if (!plan.accepts(analyzer.normalize(*c.text), title_of)) continue;
      }
      if (grouper != nullptr && !grouper->admit(c.doc)) continue;
      if (one_per_article) {
        c.collapse_key = c.doc.get_value(schema::kSlotDocId);
        if (!articles.insert(c.collapse_key).second) continue;
      }
      ++passed;
      if (out.size() < want) out.push_back(std::move(c));
    }
    // Every match seen: this batch was short and read to its end.
    if (it == mset.end() && mset.size() < (refetch ? from + batch : batch)) {
      all_seen = true;
      break;
    }
    from += batch;
    batch = std::min(2 * batch, kMaxExamined);
  }
  count = detail::count_of_filtered(passed, examined, all_seen, estimate);
  return out;
}

}  // namespace kosearch
