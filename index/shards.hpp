#pragma once
// Internal (never installed): a kosearch index split into shards. A sharded index is a Xapian
// stub file (`DIR/XAPIANDB`, or any file) listing one database per line; kosearch parses the
// stub itself instead of handing it to Xapian, so it can check every shard's metadata, name a
// shard that is down or built differently, and optionally go on without it.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace kosearch::schema {

// Name of the stub file inside a sharded index directory (the name Xapian looks for).
inline constexpr std::string_view kStubName = "XAPIANDB";

// One line of a stub.
struct ShardSpec {
  std::filesystem::path path;  // local shard (absolute, or relative to the cwd); empty if remote
  std::string host;            // remote shard served by xapian-tcpsrv
  unsigned port = 0;
  std::size_t line = 0;        // 1-based line in the stub
  std::size_t number = 0;      // 0-based position among the stub's shards (shard-0 is number 0)
  bool remote() const { return !host.empty(); }
  // "shard 1 (/idx/shard-1)" or "shard 2 (remote tcp 10.0.0.5 33333)", for messages.
  std::string describe() const;
};

// Whether directory `dir` holds an index: a Xapian database, or a sharded index's stub XAPIANDB.
bool holds_index(const std::filesystem::path& dir);

// The stub file of `index` (a stub file itself, or a directory holding XAPIANDB); empty when
// `index` is a plain database directory or does not exist.
std::filesystem::path stub_of(const std::filesystem::path& index);

// Parses a stub. Lines: `auto PATH` (also `glass PATH`; PATH relative to the stub's folder),
// `remote tcp HOST PORT` or Xapian's own `remote HOST:PORT`; blank lines and `#` comments are
// skipped. Throws IndexCorrupt for anything else, naming the line.
std::vector<ShardSpec> read_stub(const std::filesystem::path& stub);

// Writes a stub listing local shards by their paths relative to the stub's folder, atomically
// (temporary file + rename) so a reader never sees half a stub.
void write_stub(const std::filesystem::path& stub, const std::vector<std::string>& relative_paths);

// Opens one shard (throws Xapian errors as they come).
Xapian::Database open_shard(const ShardSpec& shard);

// A sharded index opened for reading: every reachable shard added to one Xapian::Database, whose
// statistics (document count, lengths, term frequencies) are global across shards.
struct OpenedShards {
  Xapian::Database db;
  std::vector<std::string> warnings;  // shards left out (allow_missing)
  std::size_t listed = 0;             // shards in the stub
  std::size_t opened = 0;             // shards reachable
};

// Opens every shard of `stub` and checks each one's kosearch metadata against the first
// reachable shard: schema, analyzer signature and term positions must agree (IndexVersionMismatch
// naming the shard otherwise). A shard that cannot be opened throws IndexNotFound (local) or
// IoError (remote) naming it — unless `allow_missing`, which leaves it out with a warning. No
// reachable shard at all always throws.
OpenedShards open_shards(const std::filesystem::path& stub, bool allow_missing);

}  // namespace kosearch::schema
