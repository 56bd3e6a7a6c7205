#pragma once
// The properties the fuzz targets check, shared with regressions_test.cpp, which replays every
// file of tests/fuzz/corpus/<target>/ and tests/fuzz/regressions/<target>/ through them in every
// build. A violated property throws CheckFailure; the fuzzers turn it (and any other escaping
// exception) into an abort, which libFuzzer reports as a crash with the input saved.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "icu_reference.hpp"
#include "kosearch/analyzers/analyzer.hpp"
#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/indexer/article.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"

// The phrase matcher lives in searcher/src (internal), likewise.
#if __has_include("phrase.hpp")
#include "phrase.hpp"
#define KOSEARCH_FUZZ_HAVE_PHRASE 1
#endif

// decode_text lives in indexer/src/ingest (internal); targets that have it on their include path check it.
#if __has_include("text_decoder.hpp")
#include "text_decoder.hpp"
#define KOSEARCH_FUZZ_HAVE_DECODER 1
#endif

namespace kosearch::fuzz {

struct CheckFailure : std::logic_error {
  using std::logic_error::logic_error;
};

inline void require(bool ok, const std::string& what) {
  if (!ok) throw CheckFailure(what);
}

inline bool valid_utf8(std::string_view s) { return utf8::find_invalid(s) == std::string::npos; }


// --- analyzer ----------------------------------------------------------------------------------

// Every registered analyzer (built once: building loads ICU data).
inline const std::vector<Analyzer>& all_analyzers() {
  static const std::vector<Analyzer> analyzers = [] {
    std::vector<Analyzer> v;
    for (const auto& name : analyzer_names()) v.push_back(Analyzer::by_name(name));
    return v;
  }();
  return analyzers;
}

// Tokens cover bytes of the input (begin < end <= size), positions never decrease, terms are
// non-empty valid UTF-8 within max_term_bytes, and the result is deterministic.
inline void check_analyzer(std::string_view input) {
  std::vector<Token> again;
  for (const Analyzer& a : all_analyzers()) {
    const std::vector<Token> tokens = a.analyze(input);
    std::uint32_t last_position = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const Token& t = tokens[i];
      const std::string where = a.name() + " token " + std::to_string(i) + " '" + t.term + "'";
      require(t.begin < t.end,
              where + ": begin " + std::to_string(t.begin) + " >= end " + std::to_string(t.end));
      require(t.end <= input.size(), where + ": end " + std::to_string(t.end) + " > input size " +
                                         std::to_string(input.size()));
      require(i == 0 || t.position >= last_position,
              where + ": position " + std::to_string(t.position) + " < previous " +
                  std::to_string(last_position));
      last_position = t.position;
      require(!t.term.empty(), where + ": empty term");
      require(t.term.size() <= a.options().max_term_bytes,
              where + ": term longer than max_term_bytes");
      require(valid_utf8(t.term), where + ": term is not valid UTF-8");
    }
    a.analyze(input, again);
    require(again == tokens, a.name() + ": analyze(text, out) differs from analyze(text)");
    const std::string normalized = a.normalize(input);
    require(valid_utf8(normalized), a.name() + ": normalize() gave invalid UTF-8");
    require(!valid_utf8(input) || normalized == test::icu_nfkc_casefold(input),
            a.name() + ": normalize() differs from ICU's NFKC_Casefold of the whole text");
  }
}

#ifdef KOSEARCH_FUZZ_HAVE_PHRASE
// A quoted phrase (the input up to its first '|', the rest a passage): the phrase occurs in its
// own text, where the matcher finds it in the passage the passage has every term the searcher's
// Xapian filter requires — else a search would lose passages that hold the phrase — and a
// phrase's sole term is in the passage exactly when the phrase is.
inline void check_phrase(std::string_view input) {
  const std::size_t bar = input.find('|');
  const std::string_view phrase = input.substr(0, bar);
  const std::string_view passage = bar == std::string_view::npos ? phrase : input.substr(bar + 1);
  for (const Analyzer& a : all_analyzers()) {
    const detail::Phrase p(a, phrase);
    if (p.empty()) continue;
    require(p.found_in(a.normalize(phrase)), a.name() + ": phrase '" + p.normalized() + "' not found in itself");
    const bool found = p.found_in(a.normalize(passage));
    const std::vector<Token> tokens = a.analyze(passage);
    const auto has = [&](const std::string& term) {
      return std::any_of(tokens.begin(), tokens.end(), [&](const Token& t) { return t.term == term; });
    };
    if (found) {
      for (const auto& term : p.required_terms()) {
        require(has(term), a.name() + ": phrase '" + p.normalized() + "' found, but the passage lacks its term '" + term + "'");
      }
    }
    // A sole term stands for the phrase both ways (exclusions by term are Xapian's).
    if (!p.sole_term().empty()) {
      require(found == has(p.sole_term()), a.name() + ": phrase '" + p.normalized() + "' found " +
                                               (found ? "without" : "not, but with") + " its sole term");
    }
  }
}
#endif

// --- query ---------------------------------------------------------------------------------------

// A small real index for the query target: Korean news sentences, mixed script, numbers.
inline void build_query_index(const std::filesystem::path& dir) {
  IndexerOptions o;
  o.rebuild = true;
  o.threads = 1;
  Indexer indexer(dir, o);
  const std::vector<std::string> texts = {
      "메타가 스케일AI의 지분 49%를 143억 달러에 사들였다고 밝혔다. 알렉산더 왕 창업자는 연구소를 "
      "이끈다.",
      "엔비디아가 새 인공지능 칩을 공개했다. 젠슨 황 CEO는 GPU 수요가 계속 늘 것이라고 말했다.",
      "삼성전자는 HBM3E 12단 제품을 양산한다고 발표했다. 반도체 업황 회복이 기대된다.",
      "오픈AI의 GPT-5와 구글의 Gemini 2.5가 경쟁한다. 마이크로소프트는 클라우드 투자를 늘렸다.",
      "저커버그(주커버그) 메타 CEO는 초지능 연구에 수십억 달러를 쓰겠다고 말했다.",
      "東京과 서울에서 동시에 열린 AI 서밋. 漢字 混用 문장과 ＦＵＬＬＷＩＤＴＨ 글자.",
      "을 를 이 가 은 는 의 — 조사만 있는 문장. 1,234,567.89원과 3.14%.",
  };
  int n = 0;
  for (const std::string& t : texts) {
    Document d;
    d.id = "q" + std::to_string(n++);
    d.title = t.substr(0, 30);
    // Longer articles so that several passages exist.
    d.text = t + " " + t + " " + t;
    indexer.add(d);
  }
  indexer.commit();
}

// search(query, k=10) either throws QuerySyntax or gives at most 10 hits ranked 1.., with
// non-increasing scores, highlights inside the passage text and valid UTF-8 snippets.
inline void check_query(Searcher& searcher, std::string_view query) {
  SearchOptions o;
  o.k = 10;
  SearchResults r;
  try {
    r = searcher.search(query, o);
  } catch (const QuerySyntax&) {
    return;
  }
  require(r.hits.size() <= 10, "more than k hits");
  for (std::size_t i = 0; i < r.hits.size(); ++i) {
    const Hit& h = r.hits[i];
    require(h.rank == i + 1, "rank " + std::to_string(h.rank) + " at index " + std::to_string(i));
    require(i == 0 || h.score <= r.hits[i - 1].score,
            "scores increase at rank " + std::to_string(h.rank));
    std::uint32_t last_end = 0;
    for (const auto& [b, e] : h.highlights) {
      require(b < e && e <= h.text.size(), "highlight [" + std::to_string(b) + "," +
                                               std::to_string(e) + ") outside the passage of " +
                                               std::to_string(h.text.size()) + " bytes");
      require(b >= last_end, "highlights overlap or are unsorted");
      last_end = e;
    }
    require(valid_utf8(h.snippet), "snippet is not valid UTF-8");
  }
  try {
    (void)searcher.explain(query, o);
  } catch (const QuerySyntax&) {
  }
  // The same bytes as a prefix typed into a search box: never throws, at most k completions.
  const Suggestions s = searcher.suggest(query, 5);
  require(s.suggestions.size() <= 5, "more than k suggestions");
  for (const Suggestion& x : s.suggestions) {
    require(!x.text.empty() && valid_utf8(x.text) && x.count > 0, "a bad suggestion: " + x.text);
  }
}

// --- JSONL ---------------------------------------------------------------------------------------

// Indexes `input` as a .jsonl file into a fresh index under `work`: nothing may throw (problems
// are reported) unless `strict`, where only InvalidInput may; the committed index must then
// open and agree with the indexer's counts.
inline void check_jsonl(const std::filesystem::path& work, std::string_view input, bool strict) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::remove_all(work, ec);
  fs::create_directories(work);
  const fs::path file = work / "input.jsonl";
  {
    std::ofstream out(file, std::ios::binary);
    out.write(input.data(), static_cast<std::streamsize>(input.size()));
  }
  IndexerOptions o;
  o.threads = 1;
  o.strict = strict;
  o.commit_every = 3;
  o.passages = PassageOptions{};
  o.passages->target_chars = 40;  // small passages: the splitter works on every record
  o.passages->max_chars = 80;
  std::uint64_t count = 0;
  IngestReport report;
  try {
    Indexer indexer(work / "idx", o);
    report = indexer.add_path(file);
    indexer.commit();
    count = indexer.passage_count();
  } catch (const InvalidInput&) {
    require(strict, "InvalidInput thrown without strict");
    return;
  }
  std::size_t lines = 0;
  for (char c : input) lines += c == '\n';
  if (!input.empty() && input.back() != '\n') ++lines;
  require(report.articles <= lines, "more articles than lines");
  require(report.skipped <= lines, "more skipped records than lines");
  Searcher s(work / "idx");
  require(s.stats().passages == count, "the searcher sees " + std::to_string(s.stats().passages) +
                                           " passages, the indexer " + std::to_string(count));
  require(count <= report.passages, "more passages in the index than indexed");

  // Incremental: indexing the same file again leaves the same passages, and a file read without
  // problems is skipped whole (recorded by its content hash).
  IngestReport again;
  {
    Indexer indexer(work / "idx", o);
    again = indexer.add_path(file);
    indexer.commit();
    require(indexer.passage_count() == count,
            "a second run over the same file left " + std::to_string(indexer.passage_count()) +
                " passages, the first " + std::to_string(count));
  }
  require(again.added == 0, "a second run over the same file added articles");
  require(report.skipped > 0 || again.articles == 0,
          "a second run over an unchanged file without problems rewrote articles");
}

// --- decode_text (internal to the indexer) -------------------------------------------------------

#ifdef KOSEARCH_FUZZ_HAVE_DECODER
// A page cut into title and body (parse_article): each kept line of the body is the bytes it maps
// back to in the page, and a page with any text keeps some (nothing read is lost).
inline void check_article(std::string_view page) {
  const ParsedArticle a = parse_article(page);
  require(valid_utf8(a.title) && valid_utf8(a.body), "parse_article gave invalid UTF-8");
  for (const auto& line : a.lines) {
    require(std::size_t{line.body_offset} + line.length <= a.body.size() &&
                std::size_t{line.source_offset} + line.length <= page.size(),
            "parse_article: a line map points outside the body or the page");
    require(a.body.compare(line.body_offset, line.length, page.substr(line.source_offset, line.length)) == 0,
            "parse_article: a body line differs from the page bytes it maps to");
    require(a.to_source_offset(line.body_offset) == line.source_offset, "to_source_offset disagrees with the line map");
  }
  const bool has_text = page.find_first_not_of(" \t\r\n") != std::string_view::npos;
  if (has_text && a.body.empty()) {
    // Only whitespace the trimming knows beyond ASCII may be left: no letter or digit.
    require(std::none_of(page.begin(), page.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)); }),
            "parse_article dropped a page that has text");
  }
}

// Whatever the bytes, detected or forced, the result is valid UTF-8 and no exception escapes.
inline void check_decode(std::string_view input) {
  for (const char* forced : {"", "CP949", "UTF-16LE", "UTF-8", "ISO-8859-1", "Shift_JIS"}) {
    const detail::DecodedText d = detail::decode_text(input, "fuzz-input", forced);
    require(valid_utf8(d.utf8),
            std::string("decode_text(forced='") + forced + "') gave invalid UTF-8");
    require(!d.encoding.empty(), "no encoding reported");
    if (*forced == '\0') check_article(d.utf8);
  }
  (void)detail::looks_binary(input);
}
#endif

// A private scratch directory, removed by the destructor.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "kosearch-fuzz-XXXXXX").string();
    require(::mkdtemp(tmpl.data()) != nullptr, "mkdtemp failed");
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace kosearch::fuzz
