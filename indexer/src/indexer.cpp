// Indexer, the public face: its state and the work are in indexer_impl.hpp and the files it names
// (writer.cpp writes a database; ingest/ reads inputs).

#include "kosearch/indexer/indexer.hpp"

#include <system_error>

#include "schema.hpp"
#include "shards.hpp"
#include "kosearch/core/error.hpp"
#include "folder_walk.hpp"
#include "indexer_impl.hpp"
#include "ingest/text_decoder.hpp"

namespace kosearch {

Indexer::Indexer(const fs::path& index_dir, const IndexerOptions& options)
    : impl_(std::make_unique<Impl>(index_dir, options)) {
  if (options.commit_every == 0) throw InvalidArgument("commit_every must be at least 1");
  if (options.flush_passages == 0) throw InvalidArgument("flush_passages must be at least 1");
  // An unknown --encoding is a usage error before the index is touched.
  if (!options.encoding.empty()) (void)detail::decode_text({}, {}, options.encoding);
  impl_->open();
}

bool Indexer::exists(const fs::path& index_dir) { return schema::holds_index(index_dir); }

void Indexer::add(const Document& doc) {
  impl_->writer_for(doc.id).add_article(doc.id, doc.title, doc.text, nullptr, {}, {}, doc.fields);
}

IngestReport Indexer::add_path(const fs::path& input, const ProgressCallback& progress) {
  IngestReport report;
  const auto start = Clock::now();
  std::error_code ec;
  if (!fs::exists(input, ec)) {
    throw IoError("input " + input.string() + " does not exist. Give a folder of .txt articles, "
                  "a .jsonl[.zst] file or a BEIR folder.");
  }
  if (fs::is_directory(input, ec)) {
    impl_->add_folder(input, report, progress, start);
  } else if (detail::is_jsonl(input)) {
    impl_->add_jsonl(input, report, progress, start);
  } else {
    impl_->add_txt(input, input.stem().string(), report);
  }
  impl_->report_progress(report, progress, start);
  return report;
}

void Indexer::commit() {
  if (impl_->shards.empty()) impl_->main.commit();
  for (auto& shard : impl_->shards) shard->commit();
  impl_->publish();
}

std::uint64_t Indexer::passage_count() const {
  if (impl_->shards.empty()) return impl_->main.db.get_doccount();
  std::uint64_t total = 0;
  for (const auto& shard : impl_->shards) total += shard->db.get_doccount();
  return total;
}

Indexer::~Indexer() = default;
Indexer::Indexer(Indexer&&) noexcept = default;
Indexer& Indexer::operator=(Indexer&&) noexcept = default;

}  // namespace kosearch
