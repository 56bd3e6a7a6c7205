#include "jsonl.hpp"

#include <simdjson.h>

#include <chrono>
#include <string_view>
#include <vector>

#include "kosearch/core/error.hpp"
#include "line_reader.hpp"
#include "news/jsonl_fields.hpp"

namespace kosearch::detail {

std::unordered_set<std::string> read_jsonl(const std::filesystem::path& file, bool strict,
                                           IngestReport& report, const std::function<void()>& tick,
                                           const std::function<void(Record&&)>& sink) {
  LineReader reader(file);
  ++report.files;
  simdjson::dom::parser parser;
  std::string line;
  std::unordered_set<std::string> ids_in_file;
  std::uint64_t records = 0, last_report = 0;
  auto where = [&] { return file.string() + ":" + std::to_string(reader.line_number()) + ": "; };
  auto problem = [&](const std::string& what) {
    if (strict) throw InvalidInput(where() + what + " (stopped: --strict)");
    report.problems.push_back(where() + what);
    ++report.skipped;
  };
  const std::uint64_t bytes_before = report.bytes;
  const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                               std::chrono::system_clock::now().time_since_epoch()).count();
  while (reader.next(line)) {
    // A UTF-8 byte order mark (as some Windows editors write) is not part of the first record.
    if (reader.line_number() == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    simdjson::dom::element rec;
    if (auto err = parser.parse(line).get(rec); err) {
      problem(std::string("malformed JSON (") + simdjson::error_message(err) + "); record skipped");
      continue;
    }
    Record r;
    simdjson::dom::element idv;
    if (rec["_id"].get(idv) == simdjson::SUCCESS) {
      if (idv.is_string()) {
        r.id = std::string(std::string_view(idv.get_string().value_unsafe()));
      } else if (idv.is_int64()) {
        r.id = std::to_string(int64_t(idv.get_int64().value_unsafe()));
      }
    }
    if (r.id.empty()) {
      problem("record has no \"_id\" string; record skipped");
      continue;
    }
    std::string_view text;
    if (rec["text"].get_string().get(text) != simdjson::SUCCESS) {
      problem("record \"" + r.id + "\" has no \"text\" string; record skipped");
      continue;
    }
    std::string_view title;
    if (rec["title"].get_string().get(title) != simdjson::SUCCESS) title = {};
    if (!ids_in_file.insert(r.id).second) {
      report.problems.push_back(where() + "duplicate _id \"" + r.id +
                                "\"; the later record replaces the earlier");
    }
    r.title = std::string(title);
    r.text = std::string(text);
    std::vector<std::string> field_warnings;
    r.fields = news::jsonl_fields(rec, now, field_warnings);
    for (const auto& w : field_warnings) report.problems.push_back(where() + w + " (the article is indexed)");
    r.line = reader.line_number();
    sink(std::move(r));
    report.bytes = bytes_before + reader.bytes();
    if (++records - last_report >= 2000) {
      last_report = records;
      tick();
    }
  }
  report.bytes = bytes_before + reader.bytes();
  return ids_in_file;
}

}  // namespace kosearch::detail
