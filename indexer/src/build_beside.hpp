#pragma once
// Internal: a fresh build or a --rebuild is written beside the index, in `.NAME.next` in the same
// folder, and switched in when it is complete by exchanging the two directories in one
// renameat2(RENAME_EXCHANGE): a reader or a re-run sees the old index or the new one, never a
// mix, an empty index or a half-moved one. The old index is deleted after the switch. Whatever a
// killed run leaves beside the index is deleted by the next writer (under the write lock).

#include <cstdint>
#include <filesystem>
#include <optional>

#include "write_lock.hpp"

namespace kosearch::detail {

// Where a writer of `index` writes, decided under its write lock.
struct BuildPlan {
  WriteLock lock;                              // of `index`
  std::optional<std::filesystem::path> building;  // a fresh build or --rebuild: `.NAME.next`
  std::optional<WriteLock> building_lock;      // of `building`
  bool created = false;                        // `index` did not exist and was created (empty)
  std::uint32_t shards = 0;                    // for plan_shards() in the folder written
};

// Refuses an `index` that is a file or a non-empty folder holding no index (IndexCorrupt),
// creates it if missing, takes its write lock (IndexLocked: another writer; nothing was changed),
// deletes leftovers of killed runs, and when `index` holds no index yet or `rebuild` is set
// creates `.NAME.next` to build in. `shards` as IndexerOptions::shards; a rebuild keeps the
// existing layout when it is 0.
BuildPlan prepare_build(const std::filesystem::path& index, std::uint32_t shards, bool rebuild);

// `.NAME.next` beside `index`.
std::filesystem::path beside_path(const std::filesystem::path& index);

// Deletes what killed runs left beside `index`: `.NAME.next`, and the temporary folders of a
// parallel build (`.NAME.build`, `..NAME.next.build`). Call it under the write lock.
void remove_leftovers(const std::filesystem::path& index);

// Exchanges directories `built` and `index` atomically and makes the exchange durable (fsync of
// their folder); afterwards `built` names the old index. Where the file system cannot exchange
// (not Linux, or no RENAME_EXCHANGE), the old index is renamed aside first: a kill between the
// two renames leaves no index at `index`, and the next writer rebuilds it. Throws IoError.
void switch_into_place(const std::filesystem::path& built, const std::filesystem::path& index);

}  // namespace kosearch::detail
