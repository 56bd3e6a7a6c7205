// kosearch search: ranks passages for a query and prints them as text or JSON.

#include <unistd.h>

#include <boost/program_options.hpp>
#include <fmt/core.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <array>
#include <iostream>
#include <optional>

#include "command_line.hpp"
#include "commands.hpp"
#include "search_sets.hpp"
#include "kosearch/json/results.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "terminal_text.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

namespace {

// "  · 2025-06-13 10:41 연합뉴스" for a hit header: the date as the page stated it, and the outlet.
std::string news_label(const ArticleFields& f) {
  std::string out;
  if (f.published) {
    const std::string iso = iso8601(*f.published, f.published_offset_minutes);
    out += iso.substr(0, 10) + " " + iso.substr(11, 5);
  }
  if (!f.publisher.empty()) out += (out.empty() ? "" : " ") + f.publisher;
  return out.empty() ? out : "  · " + out;
}

// `-메타`, `-"메타 AI"` on the command line: a query word to leave out, not an option (options
// are ASCII letters).
std::vector<po::option> exclusion_words(std::vector<std::string>& args) {
  std::vector<po::option> out;
  if (!args.empty() && args[0].size() > 1 && args[0][0] == '-' &&
      (static_cast<unsigned char>(args[0][1]) >= 0x80 || args[0][1] == '"')) {
    po::option word;
    word.string_key = "query";
    word.value.push_back(args[0]);
    word.original_tokens.push_back(args[0]);
    out.push_back(std::move(word));
    args.erase(args.begin());
  }
  return out;
}

// The switches of `kosearch search`, each an option of apply_search_option's table set to a value
// (as `--set KEY=VALUE`, an HTTP parameter or ks_searcher_set_option would).
struct Switch {
  const char* flag;
  const char* key;
  const char* value;
};
constexpr std::array<Switch, 3> kSwitches = {{
    {"one-per-article", "one_per_article", "1"},
    {"variants", "variants", "1"},
    {"no-correct", "correct", "0"},
}};

// "1 passage matches", "2 passages match".
std::string passages_match(std::uint64_t n) { return fmt::format("{} passage{}", n, n == 1 ? " matches" : "s match"); }

}  // namespace

int run_search(const std::vector<std::string>& args) {
  po::options_description opts("kosearch search [options] QUERY...");
  std::string index_dir;
  std::string synonyms;
  SearchOptions so;
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"),
       "index directory, or a sharded index (directory with XAPIANDB, or the stub file)")
      ("allow-missing-shards", "search the shards that are up when some are down (warned)")
      ("k,k", po::value<std::string>()->default_value("10"), "number of passages (0: only count them)")
      ("offset", po::value<std::string>()->default_value("0"), "skip this many passages (paging)")
      ("json", "print one JSON object: {query, total, hits: [{rank, score, doc_id, passage_id, "
               "title, text, snippet, highlights, duplicates, duplicate_ids}], facets}; highlights are "
               "[begin,end) byte offsets into text; facets only with --facets")
      ("one-per-article", "at most one passage (the best) per article")
      ("no-correct", "search the query as typed: no English-layout repair (tmzpdlf → 스케일), no expansion of initial consonants (ㅅㅋㅇ)")
      ("variants", "expand Hangul words with spelling variants from the index vocabulary")
      ("synonyms", po::value(&synonyms), "synonym file: one group of equivalent spellings per line")
      ("explain", "print the query that is run and the re-ranking's words (stderr), then the results with how each score is made (BM25 + the re-ranking's bonuses; `score_parts` in --json)")
      ("since", po::value<std::string>(), "only articles published on or after DATE (YYYY-MM-DD or a date-time; KST when no offset)")
      ("until", po::value<std::string>(), "only articles published on or before DATE (a bare date includes its whole day)")
      ("publisher", po::value<std::vector<std::string>>(), "only articles of this publisher (repeatable: any of them)")
      ("reporter", po::value<std::vector<std::string>>(), "only articles by this reporter (repeatable: any of them)")
      ("section", po::value<std::vector<std::string>>(), "only articles of this section (repeatable: any of them)")
      ("sort", po::value<std::string>(), "relevance (default), newest or oldest (undated articles last)")
      ("recency", po::value<std::string>(), "blend relevance with recency: half-life in DAYS")
      ("facets", po::value<std::string>(), "count matching articles per value of publisher,reporter,section,month")
      ("duplicates", po::value<std::string>(), "group (default: one article per cluster of copies) or show")
      ("set", po::value<std::vector<std::string>>(), "KEY=VALUE search option (k, one_per_article, k1, b, rerank, ...; docs/searching.md)");
  const auto parsed = parse_command_line(args, opts, {.positional = "query", .extra = exclusion_words});
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  if (!vm.count("query")) {
    fmt::print(stderr, "kosearch: error: no QUERY given. Example: kosearch search --index idx 스케일AI 지분\n");
    return kExitUsage;
  }
  std::string query;
  for (const auto& q : vm["query"].as<std::vector<std::string>>()) {
    if (!query.empty()) query.push_back(' ');
    query += q;
  }
  if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
    fmt::print(stderr, "kosearch: error: the QUERY is empty. Example: kosearch search --index idx 스케일AI 지분\n");
    return kExitUsage;
  }
  // Read as --set reads them: Boost would take `-k -1` for 4294967295.
  apply_search_option(so, "k", vm["k"].as<std::string>());
  apply_search_option(so, "offset", vm["offset"].as<std::string>());
  for (const auto& [flag, key, value] : kSwitches) {
    if (vm.count(flag)) apply_search_option(so, key, value);
  }
  for (const char* key : {"since", "until", "sort", "recency", "facets", "duplicates"}) {
    if (vm.count(key)) apply_search_option(so, key, vm[key].as<std::string>());
  }
  for (const char* key : {"publisher", "reporter", "section"}) {
    if (!vm.count(key)) continue;
    for (const auto& name : vm[key].as<std::vector<std::string>>()) {
      if (!name.empty()) apply_search_option(so, key, name);
    }
  }
  if (vm.count("set")) apply_sets(vm["set"].as<std::vector<std::string>>(), so);
  const bool json = vm.count("json") > 0;
  const bool tty = isatty(STDOUT_FILENO) != 0;
  if (!json) {
    so.escape_html = false;
    so.highlight_open = tty ? "\033[1;31m" : "«";
    so.highlight_close = tty ? "\033[0m" : "»";
  }
  SearcherOptions sopts;
  sopts.synonyms_file = synonyms;
  sopts.allow_missing_shards = vm.count("allow-missing-shards") > 0;
  Searcher searcher(index_dir, sopts);
  for (const auto& w : searcher.warnings()) fmt::print(stderr, "kosearch: warning: {}\n", w);
  const bool explain = vm.count("explain") > 0;  // the plan here, each hit's score parts below
  std::optional<QueryPlan> plan;
  if (explain) {
    plan = searcher.explain(query, so);
    fmt::print(stderr, "query: {}\n", printable(plan->description));
    fmt::print(stderr, "re-ranking words: {}\n", printable(fmt::format("{}", fmt::join(plan->words, " "))));
    for (const auto& p : plan->phrases) fmt::print(stderr, "every hit holds: \"{}\"\n", printable(p));
    for (const auto& p : plan->excluded) fmt::print(stderr, "no hit holds: \"{}\"\n", printable(p));
  }
  const SearchResults r = searcher.search(query, so);
  for (const auto& note : r.notes) fmt::print(stderr, "kosearch: note: {}\n", note);
  if (json) {
    std::cout << json::dump_json(json::to_json(r, explain));
    return kExitOk;
  }
  if (!r.corrected_query.empty()) {
    fmt::print("showing results for \"{}\" ({})\n", printable(r.corrected_query),
               r.correction == "english_layout" ? "typed in the English layout" : "initial consonants expanded");
  }
  // The query and the hits are shown with their control characters escaped (a query or a
  // passage cannot drive the terminal); JSON escapes them itself.
  fmt::print("{}{} \"{}\"\n", r.total_exact ? "" : "about ", passages_match(r.total), printable(r.query));
  if (r.total == 0 && so.query_syntax && so.offset == 0) {
    // Nothing passed the quotes or exclusions: say whether the words alone match.
    if (!plan) plan = searcher.explain(query, so);
    if (!plan->phrases.empty() || !plan->excluded.empty()) {
      SearchOptions plain = so;
      plain.query_syntax = false;
      plain.k = 1;
      plain.snippets = false;
      if (const auto any = searcher.search(query, plain); !any.hits.empty()) {
        fmt::print("(no passage passes the quoted phrases and exclusions; read as plain words, "
                   "about {}: --set syntax=0)\n", passages_match(any.total));
      }
    }
  }
  for (const auto& h : r.hits) {
    fmt::print("\n{:>2}. [{:.3f}] {}{}  ({}){}\n    {}\n", h.rank, h.score, printable(h.title),
               printable(news_label(h.fields)), printable(h.passage_id),
               h.duplicates > 0 ? fmt::format("  +{} cop{}", h.duplicates, h.duplicates == 1 ? "y" : "ies") : "",
               printable(h.snippet, so.highlight_open, so.highlight_close));
    if (explain) {
      const ScoreParts& p = h.score_parts;
      fmt::print("    score {:.3f} = BM25 {:.3f} + words {:.3f} + sentence {:.3f} + pairs {:.3f} + title {:.3f} + length {:.3f}\n",
                 h.score, p.bm25, p.words, p.sentence, p.pairs, p.title, p.length);
    }
  }
  for (const auto& f : r.facets) {
    std::vector<std::string> shown;
    for (const auto& v : f.values) shown.push_back(fmt::format("{} ({})", printable(v.value), v.count));
    fmt::print("\n{}: {}\n", f.name, shown.empty() ? std::string("-") : fmt::format("{}", fmt::join(shown, ", ")));
  }
  return kExitOk;
}

}  // namespace kosearch::cli
