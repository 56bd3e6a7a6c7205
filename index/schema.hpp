#pragma once
// Internal (never installed): the on-disk layout of a kosearch index, shared by the indexer
// and the searcher so both read and write the same thing. Holds the Xapian calls both need.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace kosearch::schema {

// One Xapian document per passage. Its data is the passage text; these value slots hold the rest.
inline constexpr Xapian::valueno kSlotDocId = 0;  // article id (collapse key for MaxP)
// What a hit shows besides its text, packed into one slot because every hit reads it and Xapian
// reads each slot of a document separately (4 slots cost ~9 µs per hit, one ~2 µs; each read is
// a B-tree block read of its own for hits far apart):
// "<passage ordinal> <begin> <end> <bytes of the article id> <article id><article title>"
// (begin/end: byte offsets in the article). The article id is also in kSlotDocId, which the
// matcher reads as the collapse key; here it saves a hit listed without collapsing a second read.
inline constexpr Xapian::valueno kSlotHitInfo = 1;
// XXH3-64 of the article's title and text, 16 hex digits: a re-run over a changed JSONL file
// rewrites only the articles whose hash differs (indexer/src/source_hash.hpp).
inline constexpr Xapian::valueno kSlotContentHash = 2;

struct HitInfo {
  std::uint32_t passage_no = 0;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  std::string_view doc_id;  // points into the decoded string
  std::string_view title;   // likewise
};
std::string encode_hit_info(std::uint32_t passage_no, std::uint32_t begin, std::uint32_t end,
                            std::string_view doc_id, std::string_view title);
// A malformed value decodes to zeros and an empty title rather than failing the search.
HitInfo decode_hit_info(std::string_view value);

// Boolean terms. Content terms are case-folded, so they never start with an upper-case letter.
inline constexpr std::string_view kPrefixArticle = "A";    // A<doc_id>, on every passage
// S<canonical path of the source file>, on every passage of an article read from a file: lets
// `--prune` delete the articles of a file that is gone.
inline constexpr std::string_view kPrefixSource = "S";
// Suggestions (schema 4): T<word or short phrase> of an article's title, W<word> of the words its
// text uses most (not in its title), normalized like the index (NFKC, case folded), on one
// passage of the article (its last): the two terms' frequencies add up to the articles holding
// the word. See indexer/src/suggest_terms.hpp.
inline constexpr std::string_view kPrefixSuggestWord = "W";
inline constexpr std::string_view kPrefixSuggestTitle = "T";

// Metadata keys.
inline constexpr std::string_view kMetaSchema = "kosearch:schema";
inline constexpr std::string_view kMetaAnalyzer = "kosearch:analyzer";
inline constexpr std::string_view kMetaAnalyzerName = "kosearch:analyzer_name";
inline constexpr std::string_view kMetaPassages = "kosearch:passages";
inline constexpr std::string_view kMetaPositions = "kosearch:positions";  // "1" or "0"
// "1": built without Xapian termlists (IndexerOptions::append_only): articles can be added but
// never replaced or deleted. Absent or "0": an ordinary, updatable index.
inline constexpr std::string_view kMetaAppendOnly = "kosearch:append_only";
// "0": built without the suggestion terms (IndexerOptions::suggest, `--no-suggest`). Absent or
// "1": a schema 5 index holds them.
inline constexpr std::string_view kMetaSuggest = "kosearch:suggest";
// Per source file: kMetaSourcePrefix + canonical path (hashed down when long) ->
// "<file hash, 16 hex digits> <articles> <canonical path>". Written in the same commit as the
// file's last articles, so a recorded hash always means "all of this file is in the index".
inline constexpr std::string_view kMetaSourcePrefix = "kosearch:src\x1f";
// A shard of a sharded index (see shards.hpp): how many shards the index routes documents to,
// and which one this is ("0".."N-1"). Absent on a single-database index.
inline constexpr std::string_view kMetaShards = "kosearch:shards";
inline constexpr std::string_view kMetaShard = "kosearch:shard";
// "path": a .txt article's id is its path relative to the folder given, without `.txt`
// (`2025/08/14/index`; a file given alone: its name). Absent on an index from before, whose .txt
// articles were named by file name alone, so that two `note.txt` became one article: the indexer
// refuses to add .txt articles to such an index (rebuild it). Readers do not need it.
inline constexpr std::string_view kMetaTxtIds = "kosearch:txt_ids";
// Version 5: the suggestion terms (W, T; searcher/src/suggest). Version 4: news fields (article_fields.hpp: value slots 3-9, XP/XR/XC terms). A version 3
// index has none of them and is still searched (kOldestReadableSchema); `kosearch stats` says to
// rebuild it for the fields. Version 3: kSlotHitInfo holds the article id too. Version 2: per-hit fields packed into
// kSlotHitInfo, long ids hashed with XXH3, no per-passage Q<id>#<n> term (version 1 kept the
// fields in three slots, hashed with std::hash, which is not stable across builds, and wrote a
// passage-id term that nothing read).
inline constexpr std::string_view kSchemaVersion = "5";
// The oldest version this kosearch still opens (reading and adding to it; without news fields).
inline constexpr std::string_view kOldestReadableSchema = "3";
// The first version with suggestion terms (W, T): an older index answers suggest with a warning.
inline constexpr int kSchemaSuggestionsSince = 5;

// Xapian limits terms to 245 bytes; longer boolean ids are hashed down to fit.
std::string id_term(std::string_view prefix, std::string_view id);
// The id of an id_term() with `prefix`, or nullopt when the id was hashed down (its record must
// then be found by comparing id_term() of the candidates).
std::optional<std::string_view> id_of_term(std::string_view prefix, std::string_view term);

// Translates the Xapian exception being handled into a kosearch::Error and throws it, naming
// `path` and what to do. Call only inside a catch block.
[[noreturn]] void rethrow_xapian(const Xapian::Error& e, const std::filesystem::path& path,
                                 std::string_view doing);

// Checks the index schema/analyzer metadata of an open database. Throws IndexCorrupt (not a
// kosearch index) or IndexVersionMismatch (built with another analyzer).
void check_metadata(const Xapian::Database& db, const std::filesystem::path& path,
                    const std::string& expected_analyzer_signature);

// Size of an index directory (or of the shards a stub lists) in bytes.
std::uintmax_t bytes_on_disk(const std::filesystem::path& path);

}  // namespace kosearch::schema
