#include "kosearch/eval/run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "kosearch/core/error.hpp"
#include "text_input.hpp"

namespace kosearch {

namespace {

using eval_internal::quote;
using eval_internal::throw_at;

}  // namespace

Run parse_trec_run(std::string_view text, std::string_view source) {
  Run run;
  // Line number of each document, parallel to the run's vectors, for duplicate messages.
  std::map<std::string_view, std::vector<std::size_t>> lines_of;
  eval_internal::LineReader lines(text);
  std::string_view line;
  std::vector<std::string_view> fields;
  std::size_t results = 0;
  // Runs list a topic's documents together: remember the last topic to skip a map lookup.
  std::vector<ScoredDoc>* current = nullptr;
  std::vector<std::size_t>* current_lines = nullptr;
  std::string_view current_qid;
  while (lines.next(line)) {
    if (eval_internal::is_blank_or_comment(line)) continue;
    const std::size_t ln = lines.line_number();
    eval_internal::split_whitespace(line, fields);
    if (fields.size() != 6) {
      throw_at(source, ln,
               "expected 6 fields `qid Q0 docid rank score tag` (TREC run), found " +
                   std::to_string(fields.size()));
    }
    const std::string_view qid = fields[0];
    double score = 0.0;
    if (!eval_internal::parse_double(fields[4], score) || !std::isfinite(score)) {
      throw_at(source, ln, "score " + quote(fields[4]) + " (5th field) is not a finite number");
    }
    if (current == nullptr || qid != current_qid) {
      auto it = run.find(qid);
      if (it == run.end()) it = run.emplace(std::string(qid), std::vector<ScoredDoc>{}).first;
      current = &it->second;
      current_qid = it->first;
      current_lines = &lines_of[it->first];
    }
    current->push_back(ScoredDoc{std::string(fields[2]), score});
    current_lines->push_back(ln);
    ++results;
  }
  if (results == 0) {
    throw InvalidInput(std::string(source) +
                       ": the run has no results (expected `qid Q0 docid rank score tag` "
                       "lines); an empty run is an error, not a score of 0");
  }
  // Duplicates: sort each topic's documents by id; report the line where reading the file
  // first meets a repeat (the smallest second occurrence), naming the first occurrence.
  std::size_t dup_line = 0;
  std::size_t first_line = 0;
  const std::string* dup_doc = nullptr;
  const std::string* dup_topic = nullptr;
  std::vector<std::size_t> order;
  for (const auto& [qid, docs] : run) {
    const std::vector<std::size_t>& at = lines_of[qid];
    order.resize(docs.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
      if (docs[x].doc_id != docs[y].doc_id) return docs[x].doc_id < docs[y].doc_id;
      return at[x] < at[y];
    });
    for (std::size_t i = 1; i < order.size(); ++i) {
      const std::size_t prev = order[i - 1];
      const std::size_t cur = order[i];
      if (docs[prev].doc_id != docs[cur].doc_id) continue;
      if (dup_doc == nullptr || at[cur] < dup_line) {
        // Equal ids are sorted by line, so prev's group start is the first occurrence.
        std::size_t group = i - 1;
        while (group > 0 && docs[order[group - 1]].doc_id == docs[cur].doc_id) --group;
        dup_line = at[cur];
        first_line = at[order[group]];
        dup_doc = &docs[cur].doc_id;
        dup_topic = &qid;
      }
    }
  }
  if (dup_doc != nullptr) {
    throw_at(source, dup_line,
             "document " + quote(*dup_doc) + " is listed twice for topic " + quote(*dup_topic) +
                 " (first at line " + std::to_string(first_line) +
                 "); a run must rank each document at most once per topic");
  }
  return run;
}

Run read_trec_run(const std::filesystem::path& path) {
  return parse_trec_run(eval_internal::read_file(path), path.string());
}

void sort_trec_order(std::vector<ScoredDoc>& docs) {
  std::sort(docs.begin(), docs.end(), [](const ScoredDoc& x, const ScoredDoc& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.doc_id > y.doc_id;
  });
}

void write_trec_run(std::ostream& out, const Run& run, std::string_view tag) {
  if (tag.empty() || tag.find_first_of(" \t\r\n") != std::string_view::npos) {
    throw InvalidArgument("run tag '" + std::string(tag) +
                          "' must be non-empty and contain no whitespace");
  }
  fmt::memory_buffer buf;
  std::vector<ScoredDoc> docs;
  const auto check_id = [](std::string_view what, std::string_view id) {
    if (id.empty() || id.find_first_of(" \t\r\n") != std::string_view::npos) {
      throw InvalidArgument(std::string(what) + " '" + std::string(id) +
                            "' is empty or contains whitespace and cannot be written to a "
                            "TREC run");
    }
  };
  for (const auto& [qid, topic_docs] : run) {
    check_id("topic id", qid);
    docs = topic_docs;
    sort_trec_order(docs);
    std::size_t rank = 0;
    for (const auto& d : docs) {
      check_id("document id", d.doc_id);
      // "{}" is the shortest text that reads back as the same double.
      fmt::format_to(std::back_inserter(buf), "{} Q0 {} {} {} {}\n", qid, d.doc_id, ++rank, d.score,
                     tag);
    }
    if (buf.size() > (1u << 16)) {
      out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  out.flush();
  if (!out) throw IoError("cannot write the run: the output stream failed");
}

}  // namespace kosearch
