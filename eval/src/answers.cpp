#include "kosearch/eval/answers.hpp"

#include <nlohmann/json.hpp>
#include <unordered_map>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "text_input.hpp"

namespace kosearch {

namespace {

using eval_internal::quote;
using eval_internal::throw_at;

// Unicode's White_Space property (PropList.txt); NFKC already maps most of them to U+0020.
bool is_white_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F ||
         c == 0x205F || c == 0x3000;
}

}  // namespace

AnswerNormalizer::AnswerNormalizer() = default;

std::string AnswerNormalizer::operator()(std::string_view text) const {
  const std::string folded = analyzer_.normalize(text);
  std::string out;
  out.reserve(folded.size());
  for (std::size_t pos = 0; pos < folded.size();) {
    const std::size_t begin = pos;
    const char32_t c = utf8::decode(folded, pos);
    if (!is_white_space(c)) out.append(folded, begin, pos - begin);
  }
  return out;
}

Answers parse_answers(std::string_view text, std::string_view source) {
  const AnswerNormalizer normalize;
  Answers answers;
  std::unordered_map<std::string, std::size_t> seen;
  eval_internal::LineReader lines(text);
  std::string_view line;
  while (lines.next(line)) {
    const std::string_view trimmed = eval_internal::trim(line);
    if (trimmed.empty()) continue;
    const std::size_t ln = lines.line_number();
    nlohmann::json obj;
    try {
      obj = nlohmann::json::parse(trimmed);
    } catch (const nlohmann::json::parse_error& e) {
      std::string what = e.what();
      if (const auto pos = what.find("] "); pos != std::string::npos) what.erase(0, pos + 2);
      throw_at(source, ln, "invalid JSON: " + what);
    }
    if (!obj.is_object()) {
      throw_at(source, ln, "expected a JSON object {\"_id\": ..., \"answers\": [...]}");
    }
    std::string id;
    const auto id_field = obj.find("_id");
    if (id_field == obj.end()) throw_at(source, ln, "missing \"_id\"");
    if (id_field->is_string()) {
      id = id_field->get<std::string>();
    } else if (id_field->is_number_integer()) {
      id = id_field->dump();
    } else {
      throw_at(source, ln, "\"_id\" must be a string or an integer");
    }
    const auto list = obj.find("answers");
    if (list == obj.end() || !list->is_array()) {
      throw_at(source, ln, "\"answers\" must be a list of strings");
    }
    std::vector<std::string> keys;
    for (const auto& a : *list) {
      if (!a.is_string()) throw_at(source, ln, "\"answers\" must be a list of strings");
      std::string key = normalize(a.get<std::string>());
      if (!key.empty()) keys.push_back(std::move(key));
    }
    const auto [it, inserted] = seen.emplace(id, ln);
    if (!inserted) {
      throw_at(source, ln,
               "duplicate id " + quote(id) + " (first at line " + std::to_string(it->second) + ")");
    }
    answers.emplace(std::move(id), std::move(keys));
  }
  if (answers.empty()) {
    throw InvalidInput(std::string(source) +
                       ": no answers found (expected JSONL {\"_id\", \"answers\": [...]} objects)");
  }
  return answers;
}

Answers read_answers(const std::filesystem::path& path) {
  return parse_answers(eval_internal::read_file(path), path.string());
}

AnswerSearch find_answer_ranks(const Run& run, const Answers& answers, const PassageTexts& texts,
                               std::uint32_t depth) {
  const AnswerNormalizer normalize;
  AnswerSearch out;
  std::vector<ScoredDoc> ranking;
  for (const auto& [qid, docs] : run) {
    const auto found = answers.find(qid);
    if (found == answers.end()) {
      out.topics_without_answers.push_back(qid);
      continue;
    }
    std::uint32_t& rank = out.ranks[qid];
    if (found->second.empty()) continue;
    ranking = docs;
    sort_trec_order(ranking);
    if (depth > 0 && ranking.size() > depth) ranking.resize(depth);
    for (std::size_t i = 0; i < ranking.size() && rank == 0; ++i) {
      const std::vector<std::string> passages = texts(ranking[i].doc_id);
      if (passages.empty()) {
        if (out.unknown_ids++ == 0) out.unknown_example = ranking[i].doc_id;
        continue;
      }
      for (const std::string& passage : passages) {
        const std::string haystack = normalize(passage);
        for (const std::string& answer : found->second) {
          if (haystack.find(answer) != std::string::npos) {
            rank = static_cast<std::uint32_t>(i + 1);
            break;
          }
        }
        if (rank != 0) break;
      }
    }
  }
  return out;
}

}  // namespace kosearch
