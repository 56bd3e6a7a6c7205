// kosearch stats: what an index holds and how it was built.

#include <boost/program_options.hpp>
#include <fmt/core.h>

#include <iostream>

#include "command_line.hpp"
#include "commands.hpp"
#include "kosearch/json/results.hpp"
#include "kosearch/searcher/searcher.hpp"

namespace po = boost::program_options;

namespace kosearch::cli {

int run_stats(const std::vector<std::string>& args) {
  po::options_description opts(
      "kosearch stats [options]\n"
      "Prints what an index holds (passages, articles, bytes on disk) and how it was built\n"
      "(analyzer, passage settings, positions, append-only, shards): what `kosearch index`\n"
      "keeps when it extends the index");
  std::string index_dir;
  opts.add_options()
      ("help,h", "show this help")
      ("index,i", po::value(&index_dir)->default_value("kosearch-index"),
       "index directory, or a sharded index (directory with XAPIANDB, or the stub file)")
      ("allow-missing-shards", "count the shards that are up when some are down (warned)")
      ("json", "print one JSON object, as GET /stats of `kosearch serve`");
  const auto parsed = parse_command_line(args, opts);
  if (!parsed) return kExitOk;
  const po::variables_map& vm = *parsed;
  SearcherOptions so;
  so.allow_missing_shards = vm.count("allow-missing-shards") > 0;
  const Searcher searcher(index_dir, so);
  const IndexStats s = searcher.stats();
  if (vm.count("json")) {
    std::cout << json::dump_json(json::to_json(s, searcher.warnings()));
    return kExitOk;
  }
  for (const auto& w : searcher.warnings()) fmt::print(stderr, "kosearch: warning: {}\n", w);
  fmt::print("index         {}\n", index_dir);
  fmt::print("passages      {}\n", s.passages);
  fmt::print("articles      {}\n", s.articles);
  fmt::print("size          {:.1f} MB ({} bytes)\n", static_cast<double>(s.bytes_on_disk) / 1e6, s.bytes_on_disk);
  fmt::print("analyzer      {}\n", s.analyzer);
  fmt::print("passages cut  {}\n", s.passage_settings);
  fmt::print("positions     {}\n", s.positions ? "stored (--positions)" : "none");
  fmt::print("updates       {}\n", s.append_only ? "append-only (new articles only; rebuild to change or delete)"
                                                 : "updatable (articles can be replaced and removed)");
  fmt::print("suggestions   {}\n", s.suggestions ? "words and title phrases (kosearch suggest)"
                                                 : "none (built with --no-suggest or before them)");
  fmt::print("shards        {}{}\n", s.shards, s.shards_missing ? fmt::format(" ({} missing)", s.shards_missing) : "");
  if (!s.news_fields) {
    fmt::print("news fields   none: built before kosearch stored dates, publishers and reporters; rebuild\n"
               "              to get them: kosearch index --rebuild --index {} INPUT...\n", index_dir);
  } else {
    const auto& w = s.with_field;
    fmt::print("news fields   articles with published {}, updated {}, publisher {}, reporters {}, section {}, url {}\n",
               w.published, w.updated, w.publisher, w.reporters, w.section, w.url);
  }
  return kExitOk;
}

}  // namespace kosearch::cli
