#pragma once
// Internal: a cheap first pass over a query's strong terms alone, whose best passages the whole
// query then scores (RankingParams::first_pass).

#include <xapian.h>

#include "match_count.hpp"

namespace kosearch::detail {

struct FirstPass {
  // `strong AND_MAYBE weak` restricted to the best `depth` passages of `strong`, with the same
  // weights as the whole query: each passage's first-pass weight plus its weak terms' weights.
  Xapian::Query query;
  // How many passages `strong` matches: the whole query's matches too (weak terms only add).
  MatchCount matched;
};

// One local database only: the query holds docids of `db`.
FirstPass first_pass(const Xapian::Database& db, const Xapian::Weight& weighting, const Xapian::Query& strong,
                     const Xapian::Query& weak, Xapian::doccount depth);

}  // namespace kosearch::detail
