#include "first_pass.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace kosearch::detail {

namespace {

// Passages given by docid (ascending) with their weights: the first pass's best, at the weight
// it gave them. As AND_MAYBE's left side it drives the match (the weak terms' posting lists are
// only skipped to these passages) and stands in for the strong terms' part of the score.
class ScoredDocs : public Xapian::PostingSource {
 public:
  explicit ScoredDocs(std::vector<std::pair<Xapian::docid, double>> docs) : docs_(std::move(docs)) {
    double max = 0;
    for (const auto& d : docs_) max = std::max(max, d.second);
    set_maxweight(max);
  }
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(docs_.size()); }
  Xapian::doccount get_termfreq_est() const override { return get_termfreq_min(); }
  Xapian::doccount get_termfreq_max() const override { return get_termfreq_min(); }
  void init(const Xapian::Database&) override { at_ = 0, started_ = false; }
  void next(double) override {
    if (started_) ++at_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    at_ = static_cast<std::size_t>(
        std::lower_bound(docs_.begin() + static_cast<std::ptrdiff_t>(at_), docs_.end(), did,
                         [](const auto& d, Xapian::docid id) { return d.first < id; }) -
        docs_.begin());
  }
  bool at_end() const override { return started_ && at_ >= docs_.size(); }
  Xapian::docid get_docid() const override { return docs_[at_].first; }
  double get_weight() const override { return docs_[at_].second; }
  ScoredDocs* clone() const override { return new ScoredDocs(docs_); }
  std::string name() const override { return "kosearch::ScoredDocs"; }

 private:
  std::vector<std::pair<Xapian::docid, double>> docs_;
  std::size_t at_ = 0;
  bool started_ = false;
};

}  // namespace

FirstPass first_pass(const Xapian::Database& db, const Xapian::Weight& weighting, const Xapian::Query& strong,
                     const Xapian::Query& weak, Xapian::doccount depth) {
  Xapian::Enquire enquire(db);
  enquire.set_query(strong);
  enquire.set_weighting_scheme(weighting);
  enquire.set_docid_order(Xapian::Enquire::ASCENDING);
  const Xapian::MSet mset = enquire.get_mset(0, depth);
  std::vector<std::pair<Xapian::docid, double>> docs;
  docs.reserve(mset.size());
  for (auto it = mset.begin(); it != mset.end(); ++it) docs.emplace_back(*it, it.get_weight());
  std::sort(docs.begin(), docs.end());
  auto* source = new ScoredDocs(std::move(docs));
  return {Xapian::Query(Xapian::Query::OP_AND_MAYBE, Xapian::Query(source->release()), weak),
          count_of_mset(mset, 0, depth)};
}

}  // namespace kosearch::detail
