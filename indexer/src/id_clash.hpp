#pragma once
// Internal: two JSONL files holding one `_id`. Rule: the file whose path (canonical, as recorded)
// sorts last keeps the article, whatever order the files are given in and whichever of them a
// run re-reads, so an incremental run agrees with a fresh build. A file gone from disk loses.
// The clash is reported (both file:line) and counted as a skipped record, so neither file is
// recorded as done: both are read again next run, and when one is deleted (and --prune'd) the
// other's record takes the article back.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "ingest/source_hash.hpp"

namespace kosearch::detail {

struct Clash {
  std::string other;      // source name of the file the indexed article came from
  bool mine_wins = false;  // the record being read replaces it
};

// Whether article `id` in `db` came from another source file than `mine` (a source name), and
// who keeps it. nullopt: not indexed, from `mine`, from no file (added by id), or from a file
// that no longer exists.
std::optional<Clash> find_clash(const Xapian::Database& db, const std::string& id,
                                const std::string& mine, const SourceLedger& ledger);

// "FILE:LINE: _id "ID" is also in OTHER[:LINE]; ..." naming who keeps it. The other file's line
// is looked up by reading it (clashes are rare) unless `look_up_line` is false.
std::string clash_message(const std::filesystem::path& file, std::uint64_t line,
                          const std::string& id, const Clash& clash, bool look_up_line);

}  // namespace kosearch::detail
