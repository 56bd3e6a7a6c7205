#pragma once
// Internal: how many articles of an index have each news field (`kosearch stats`).

#include <xapian.h>

#include "kosearch/searcher/searcher.hpp"

namespace kosearch::detail {

// One pass over the stored fields (value slot kSlotFields, set only on articles with fields),
// counting each article once (its passages are consecutive documents with the same article id).
IndexStats::FieldCounts count_fields(const Xapian::Database& db);

}  // namespace kosearch::detail
