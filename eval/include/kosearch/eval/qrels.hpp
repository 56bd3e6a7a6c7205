#pragma once
/// @file Relevance judgments (qrels): topic id -> document id -> integer grade.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kosearch {

/// Judgments of one topic: document id -> grade. A grade >= 0 is a judgment (0 = judged
/// non-relevant; a grade >= the relevance level, 1 by default, is relevant; for nDCG the grade
/// itself is the gain). A negative grade means "in the pool but not judged" (trec_eval's -1):
/// such a document is neither relevant nor judged.
using TopicQrels = std::unordered_map<std::string, int>;

/// All judgments, ordered by topic id in byte order (trec_eval's strcmp order).
using Qrels = std::map<std::string, TopicQrels, std::less<>>;

/// Reads a qrels file, detecting its format from the first non-comment line:
/// - BEIR TSV: a header `query-id<TAB>corpus-id<TAB>score`, then `qid<TAB>docid<TAB>grade` rows
///   (a headerless file whose first row has exactly 3 tab-separated fields is read the same way);
/// - TREC: `qid iter docno rel`, fields separated by spaces or tabs (`iter` is ignored).
/// Blank lines and lines starting with `#` are skipped; a UTF-8 BOM and CR line ends are accepted.
/// Throws IoError if the file cannot be read, and InvalidInput naming `path:line` for a
/// malformed line (wrong field count, a grade that is not an integer), a duplicate
/// (topic, document) pair, or a file without any judgment.
Qrels read_qrels(const std::filesystem::path& path);

/// Same as read_qrels, from text in memory; `source` names it in error messages.
Qrels parse_qrels(std::string_view text, std::string_view source);

/// Number of documents with grade >= `relevance_level` in `topic`.
std::size_t count_relevant(const TopicQrels& topic, int relevance_level = 1);

}  // namespace kosearch
