#include "id_clash.hpp"

#include <simdjson.h>

#include <system_error>

#include "schema.hpp"
#include "ingest/line_reader.hpp"

namespace fs = std::filesystem;

namespace kosearch::detail {

namespace {

// Line of the first record with `_id` `id` in JSONL file `file`; 0 when not found or unreadable.
std::uint64_t line_of(const fs::path& file, const std::string& id) {
  try {
    LineReader reader(file);
    simdjson::dom::parser parser;
    std::string line;
    while (reader.next(line)) {
      if (line.find(id) == std::string::npos) continue;  // cheap filter before parsing
      simdjson::dom::element rec;
      if (parser.parse(line).get(rec) != simdjson::SUCCESS) continue;
      simdjson::dom::element idv;
      if (rec["_id"].get(idv) != simdjson::SUCCESS) continue;
      if ((idv.is_string() && std::string_view(idv.get_string().value_unsafe()) == id) ||
          (idv.is_int64() && std::to_string(int64_t(idv.get_int64().value_unsafe())) == id)) {
        return reader.line_number();
      }
    }
  } catch (const std::exception&) {
    // Only for a message: without the line.
  }
  return 0;
}

}  // namespace

std::optional<Clash> find_clash(const Xapian::Database& db, const std::string& id,
                                const std::string& mine, const SourceLedger& ledger) {
  const std::string article = schema::id_term(schema::kPrefixArticle, id);
  auto pl = db.postlist_begin(article);
  if (pl == db.postlist_end(article)) return std::nullopt;
  const Xapian::Document doc = db.get_document(*pl);
  const std::string prefix(schema::kPrefixSource);
  auto t = doc.termlist_begin();
  t.skip_to(prefix);
  if (t == doc.termlist_end() || !(*t).starts_with(prefix)) return std::nullopt;
  const std::string term = *t;
  if (term == source_term(mine)) return std::nullopt;
  Clash clash;
  if (const auto name = schema::id_of_term(schema::kPrefixSource, term)) {
    clash.other = std::string(*name);
  } else {
    for (const auto& rec : ledger.all()) {  // a long path's term is hashed down
      if (source_term(rec.name) == term) clash.other = rec.name;
    }
  }
  // A file gone (or not recorded under a name we know) holds nothing any more: no clash.
  std::error_code ec;
  if (clash.other.empty() || !fs::exists(clash.other, ec)) return std::nullopt;
  clash.mine_wins = clash.other < mine;
  return clash;
}

std::string clash_message(const fs::path& file, std::uint64_t line, const std::string& id,
                          const Clash& clash, bool look_up_line) {
  const std::uint64_t other_line = look_up_line ? line_of(clash.other, id) : 0;
  const std::string other =
      clash.other + (other_line ? ":" + std::to_string(other_line) : std::string());
  return file.string() + ":" + std::to_string(line) + ": _id \"" + id + "\" is also in " + other +
         "; of two files holding one _id the one whose path sorts last keeps it: " +
         (clash.mine_wins ? "this record replaces that one" : "this record is not indexed") +
         ". Give each article one _id, or delete one of the records.";
}

}  // namespace kosearch::detail
