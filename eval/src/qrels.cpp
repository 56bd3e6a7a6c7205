#include "kosearch/eval/qrels.hpp"

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

enum class QrelsFormat { Trec, Tsv };

bool is_beir_header(const std::vector<std::string_view>& fields) {
  return fields.size() == 3 && eval_internal::trim(fields[0]) == "query-id" &&
         eval_internal::trim(fields[1]) == "corpus-id" && eval_internal::trim(fields[2]) == "score";
}

}  // namespace

Qrels parse_qrels(std::string_view text, std::string_view source) {
  Qrels qrels;
  // Line of each (topic, doc) pair, to name both lines of a duplicate.
  std::unordered_map<std::string, std::size_t> seen;
  eval_internal::LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::optional<QrelsFormat> format;
  std::size_t judgments = 0;
  while (lines.next(line)) {
    if (eval_internal::is_blank_or_comment(line)) continue;
    const std::size_t ln = lines.line_number();
    if (!format) {
      eval_internal::split_tabs(line, fields);
      if (is_beir_header(fields)) {
        format = QrelsFormat::Tsv;
        continue;
      }
      format = fields.size() == 3 ? QrelsFormat::Tsv : QrelsFormat::Trec;
    }
    std::string_view qid, docid, grade_text;
    if (*format == QrelsFormat::Tsv) {
      eval_internal::split_tabs(line, fields);
      if (fields.size() != 3) {
        throw_at(source, ln,
                 "expected 3 tab-separated fields `query-id<TAB>corpus-id<TAB>score` (BEIR "
                 "qrels), found " +
                     std::to_string(fields.size()));
      }
      qid = eval_internal::trim(fields[0]);
      docid = eval_internal::trim(fields[1]);
      grade_text = eval_internal::trim(fields[2]);
      if (qid.empty() || docid.empty()) {
        throw_at(source, ln, std::string("empty ") + (qid.empty() ? "query-id" : "corpus-id"));
      }
    } else {
      eval_internal::split_whitespace(line, fields);
      if (fields.size() != 4) {
        throw_at(source, ln,
                 "expected 4 fields `qid iter docno rel` (TREC qrels), found " +
                     std::to_string(fields.size()) +
                     "; a BEIR TSV file needs the header `query-id<TAB>corpus-id<TAB>score`");
      }
      qid = fields[0];
      docid = fields[2];
      grade_text = fields[3];
    }
    int grade = 0;
    if (!eval_internal::parse_int(grade_text, grade)) {
      throw_at(source, ln,
               "relevance grade " + quote(grade_text) +
                   " is not an integer (use 0 for non-relevant, 1, 2, ... for relevant, -1 "
                   "for unjudged)");
    }
    std::string key;
    key.reserve(qid.size() + docid.size() + 1);
    key.append(qid).push_back('\0');
    key.append(docid);
    const auto [it, inserted] = seen.emplace(std::move(key), ln);
    if (!inserted) {
      throw_at(source, ln,
               "duplicate judgment of document " + quote(docid) + " for topic " + quote(qid) +
                   " (first at line " + std::to_string(it->second) + "); keep one of them");
    }
    auto topic = qrels.find(qid);
    if (topic == qrels.end()) topic = qrels.emplace(std::string(qid), TopicQrels{}).first;
    topic->second.emplace(std::string(docid), grade);
    ++judgments;
  }
  if (judgments == 0) {
    throw InvalidInput(std::string(source) +
                       ": no judgments found (expected TREC `qid iter docno rel` lines or a "
                       "BEIR TSV with header `query-id<TAB>corpus-id<TAB>score`)");
  }
  return qrels;
}

Qrels read_qrels(const std::filesystem::path& path) {
  return parse_qrels(eval_internal::read_file(path), path.string());
}

std::size_t count_relevant(const TopicQrels& topic, int relevance_level) {
  std::size_t n = 0;
  for (const auto& [doc, grade] : topic) {
    if (grade >= relevance_level) ++n;
  }
  return n;
}

}  // namespace kosearch
