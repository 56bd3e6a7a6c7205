// Indexer::Impl's lifecycle: the settings an existing index imposes, opening its writers (a
// fresh build or --rebuild beside the index), switching that build into place, discarding it.

#include <xapian.h>

#include <system_error>
#include <utility>

#include "schema.hpp"
#include "shards.hpp"
#include "kosearch/core/error.hpp"
#include "build_beside.hpp"
#include "indexer_impl.hpp"
#include "shard_layout.hpp"

namespace kosearch {

IndexerOptions Indexer::Impl::with_index_settings(const fs::path& p, IndexerOptions o) {
  std::string analyzer, passages;
  if (!o.rebuild && schema::holds_index(p)) {
    try {
      const Xapian::Database db(p.string());  // a sharded index's stub: its first shard's
      analyzer = db.get_metadata(std::string(schema::kMetaAnalyzerName));
      passages = db.get_metadata(std::string(schema::kMetaPassages));
    } catch (const Xapian::Error&) {
      // Unreadable: opening it for writing reports what is wrong.
    }
  }
  if (!analyzer.empty() && !o.analyzer.empty() && o.analyzer != analyzer) {
    throw IndexVersionMismatch("index " + p.string() + " was built with analyzer '" + analyzer + "', not '" +
                               o.analyzer + "'. Leave out --analyzer to extend it with its own, or "
                               "--rebuild it with '" + o.analyzer + "'.");
  }
  if (o.analyzer.empty()) o.analyzer = analyzer.empty() ? std::string(kDefaultAnalyzer) : analyzer;
  const auto stored = PassageOptions::from_string(passages);
  if (stored && o.passages && *o.passages != *stored) {
    throw IndexVersionMismatch("index " + p.string() + " was built with passage settings '" + passages +
                               "', not '" + o.passages->to_string() + "'. Leave out --passage-chars, "
                               "--passage-max and --overlap to keep its own, or --rebuild.");
  }
  if (!o.passages) o.passages = stored.value_or(PassageOptions{});
  return o;
}

void Indexer::Impl::open() {
  index = main.path;
  main.crash = &crash;
  detail::BuildPlan plan = detail::prepare_build(index, options.shards, options.rebuild);
  lock = std::move(plan.lock);
  building_lock = std::move(plan.building_lock);
  building = plan.building;
  created = plan.created;
  const fs::path root = building.value_or(index);
  const std::vector<fs::path> shard_paths = detail::plan_shards(root, plan.shards);
  for (std::size_t i = 0; i < shard_paths.size(); ++i) {
    shards.push_back(std::make_unique<Writer>(shard_paths[i], options, analyzer));
    Writer& w = *shards.back();
    w.crash = &crash;
    w.open(Xapian::DB_CREATE_OR_OPEN);
    try {
      detail::mark_shard(w.db, w.path, i, shard_paths.size());
    } catch (const Xapian::Error& e) {
      schema::rethrow_xapian(e, w.path, "open for writing");
    }
  }
  if (!shards.empty()) return;
  main.path = root;
  main.open(Xapian::DB_CREATE_OR_OPEN);
}

void Indexer::Impl::publish() {
  if (!building) return;
  for (Writer* w : writers()) w->db.close();
  crash.at("before-switch");
  detail::switch_into_place(*building, index);
  crash.at("after-switch");
  // `*building` now names the old index (locked by `lock`), `index` the new one (locked by
  // `building_lock`). A failure to delete the old one leaves what the next writer deletes.
  const fs::path old = *std::exchange(building, std::nullopt);
  std::error_code ec;
  fs::remove_all(old, ec);
  lock = std::move(building_lock);
  building_lock.reset();
  created = false;
  // Go on writing in place (Xapian writes by path, so every writer is opened again there).
  for (Writer* w : writers()) {
    w->path = index / w->path.lexically_relative(old);
    w->seen.clear();
    w->open(Xapian::DB_OPEN);
  }
}

void Indexer::Impl::discard() noexcept {
  if (!building) return;
  for (Writer* w : writers()) {
    try {
      w->db.close();
    } catch (...) {
      // Closing a database being deleted: nothing to keep.
    }
  }
  std::error_code ec;
  fs::remove_all(*building, ec);
  building.reset();
  if (created) fs::remove(index, ec);  // the empty folder open() made (never a non-empty one)
}

Indexer::Impl::~Impl() {
  if (building && std::uncaught_exceptions() == exceptions_at_open) {
    try {
      for (Writer* w : writers()) w->commit();
      publish();
    } catch (...) {
      // A destructor does not throw: what was not switched in is discarded below.
    }
  }
  discard();
}

}  // namespace kosearch
