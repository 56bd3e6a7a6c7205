// Query latency: runs every query of a BEIR queries.jsonl (or `qid<TAB>text`) against an index,
// one thread, once to warm the cache and once measured, and prints p50/p95/p99/max in ms.
//
//   query_latency INDEX QUERIES [K] [KEY=VALUE search options...]
// INDEX may be a sharded index: a directory holding a XAPIANDB stub, or a stub file (local or
// remote shards; see bench/shards.sh). `cpu` is the process's user+sys time of the measured
// pass per query: on a machine others load, steadier than wall time.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "kosearch/eval/queries.hpp"
#include "kosearch/searcher/searcher.hpp"

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: query_latency INDEX QUERIES [K] [KEY=VALUE...]\n");
    return 2;
  }
  kosearch::SearchOptions options;
  kosearch::apply_search_option(options, "k", argc > 3 ? argv[3] : "100");
  for (int i = 4; i < argc; ++i) {
    const std::string kv = argv[i];
    const auto eq = kv.find('=');
    kosearch::apply_search_option(options, kv.substr(0, eq), eq == std::string::npos ? "" : kv.substr(eq + 1));
  }
  const auto queries = kosearch::read_queries(argv[2]);
  kosearch::Searcher searcher(argv[1]);
  std::vector<double> ms;
  auto cpu_ms = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto to_ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
    return to_ms(u.ru_utime) + to_ms(u.ru_stime);
  };
  double cpu_begin = 0;
  for (int pass = 0; pass < 2; ++pass) {
    ms.clear();
    cpu_begin = cpu_ms();
    for (const auto& q : queries) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto r = searcher.search(q.text, options);
      const auto t1 = std::chrono::steady_clock::now();
      ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      if (r.hits.size() > options.k) return 1;
    }
  }
  const double cpu_per_query = (cpu_ms() - cpu_begin) / static_cast<double>(std::max<std::size_t>(ms.size(), 1));
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  double sum = 0;
  for (double v : ms) sum += v;
  std::printf("queries=%zu k=%u text=%d snippets=%d  mean=%.2f ms  p50=%.2f ms  p95=%.2f ms  p99=%.2f ms  max=%.2f ms  cpu=%.2f ms/query\n",
              ms.size(), options.k, options.fetch_text ? 1 : 0, options.snippets && options.fetch_text ? 1 : 0, sum / ms.size(), pct(0.50), pct(0.95),
              pct(0.99), ms.back(), cpu_per_query);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "query_latency: %s\n", e.what());
  return 1;
}
