#include "kosearch/eval/queries.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "kosearch/core/error.hpp"
#include "text_input.hpp"

namespace kosearch {

namespace {

using eval_internal::quote;
using eval_internal::throw_at;

Topic parse_json_line(std::string_view line, std::string_view source, std::size_t ln) {
  nlohmann::json obj;
  try {
    obj = nlohmann::json::parse(line);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() starts with "[json.exception.parse_error.101] "; keep what follows.
    std::string what = e.what();
    if (const auto pos = what.find("] "); pos != std::string::npos) what.erase(0, pos + 2);
    throw_at(source, ln, "invalid JSON: " + what);
  }
  if (!obj.is_object())
    throw_at(source, ln, "expected a JSON object {\"_id\": ..., \"text\": ...}");
  Topic topic;
  const auto id = obj.find("_id");
  if (id == obj.end()) throw_at(source, ln, "missing \"_id\"");
  if (id->is_string()) {
    topic.id = id->get<std::string>();
  } else if (id->is_number_integer()) {
    topic.id = id->dump();
  } else {
    throw_at(source, ln, "\"_id\" must be a string or an integer");
  }
  const auto text = obj.find("text");
  if (text == obj.end()) throw_at(source, ln, "missing \"text\"");
  if (!text->is_string()) throw_at(source, ln, "\"text\" must be a string");
  topic.text = text->get<std::string>();
  return topic;
}

}  // namespace

std::vector<Topic> parse_queries(std::string_view text, std::string_view source) {
  std::vector<Topic> topics;
  std::unordered_map<std::string, std::size_t> seen;
  eval_internal::LineReader lines(text);
  std::string_view line;
  std::optional<bool> jsonl;
  while (lines.next(line)) {
    const std::string_view trimmed = eval_internal::trim(line);
    if (trimmed.empty()) continue;
    const std::size_t ln = lines.line_number();
    if (!jsonl) jsonl = trimmed.front() == '{';
    Topic topic;
    if (*jsonl) {
      topic = parse_json_line(trimmed, source, ln);
    } else {
      if (trimmed.front() == '#') continue;
      const std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) {
        throw_at(source, ln,
                 "expected `qid<TAB>text` (or a JSONL file of {\"_id\", \"text\"} objects), "
                 "found no tab");
      }
      topic.id = std::string(eval_internal::trim(line.substr(0, tab)));
      topic.text = std::string(line.substr(tab + 1));
    }
    if (topic.id.empty()) throw_at(source, ln, "empty query id");
    const auto [it, inserted] = seen.emplace(topic.id, ln);
    if (!inserted) {
      throw_at(source, ln,
               "duplicate query id " + quote(topic.id) + " (first at line " +
                   std::to_string(it->second) + ")");
    }
    topics.push_back(std::move(topic));
  }
  if (topics.empty()) {
    throw InvalidInput(std::string(source) +
                       ": no queries found (expected JSONL {\"_id\", \"text\"} objects or "
                       "`qid<TAB>text` lines)");
  }
  return topics;
}

std::vector<Topic> read_queries(const std::filesystem::path& path) {
  return parse_queries(eval_internal::read_file(path), path.string());
}

}  // namespace kosearch
