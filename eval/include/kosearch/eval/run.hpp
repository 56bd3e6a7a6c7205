#pragma once
/// @file Runs (ranked results per topic) and the TREC run format.

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch {

/// One retrieved document of a topic.
struct ScoredDoc {
  std::string doc_id;
  double score = 0.0;
};

/// Topic id -> retrieved documents, ordered by topic id in byte order. The order of the
/// documents inside a topic does not matter: evaluation ranks them as trec_eval does (see
/// sort_trec_order). A topic may map to an empty vector: it was searched and found nothing,
/// and is evaluated (with zeros) even without EvalOptions::complete.
using Run = std::map<std::string, std::vector<ScoredDoc>, std::less<>>;

/// Reads a TREC run: `qid Q0 docid rank score tag` per line (6 fields separated by spaces or
/// tabs). The rank column and the tag are ignored; only the score orders documents. Blank
/// lines and lines starting with `#` are skipped.
/// Throws IoError if the file cannot be read, and InvalidInput naming `path:line` for a
/// malformed line (field count, a score that is not a finite number), a document listed twice
/// for the same topic (naming both lines), or a file without any result (an empty run is an
/// error, never a silent 0.0).
Run read_trec_run(const std::filesystem::path& path);

/// Same as read_trec_run, from text in memory; `source` names it in error messages.
Run parse_trec_run(std::string_view text, std::string_view source);

/// Sorts documents into trec_eval's ranking: score descending, then doc id DESCENDING in
/// byte order (trec_eval's `comp_sim_docno`).
void sort_trec_order(std::vector<ScoredDoc>& docs);

/// Writes `run` in TREC format, topics in byte order, each ranked by sort_trec_order with
/// ranks 1..n, scores in the shortest form that reads back to the same double (so ties and
/// order survive a round trip). Topics with no documents produce no line: evaluate such a
/// file with `-c` to count them. Throws InvalidArgument if `tag` is empty or contains
/// whitespace, IoError if the stream fails.
void write_trec_run(std::ostream& out, const Run& run, std::string_view tag);

}  // namespace kosearch
