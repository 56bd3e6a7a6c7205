// Analyzer throughput on real text, one thread: reads JSONL records ({"title","text"}) from
// stdin into memory, then analyzes every title and text ROUNDS times and prints MB/s of UTF-8
// input. Usage: zstd -dc corpus.jsonl.zst | head -n 20000 | analyzer_throughput [ROUNDS]
#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "kosearch/analyzers/analyzer.hpp"

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  simdjson::dom::parser parser;
  std::string line;
  while (std::getline(std::cin, line)) {
    simdjson::dom::element rec;
    if (parser.parse(line).get(rec)) continue;
    for (const char* field : {"title", "text"}) {
      std::string_view s;
      if (rec[field].get_string().get(s) == simdjson::SUCCESS && !s.empty()) {
        texts.emplace_back(s);
        bytes += s.size();
      }
    }
  }
  if (texts.empty()) {
    std::fprintf(stderr, "analyzer_throughput: no JSONL records with title/text on stdin\n");
    return 2;
  }
  const kosearch::Analyzer analyzer;
  std::vector<kosearch::Token> tokens;
  std::size_t token_count = 0;
  double best = 1e300;
  for (int r = 0; r < rounds; ++r) {
    const auto start = std::chrono::steady_clock::now();
    token_count = 0;
    for (const auto& t : texts) {
      analyzer.analyze(t, tokens);
      token_count += tokens.size();
    }
    best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  std::printf("analyzer %s: %zu texts, %.1f MB, %zu tokens; best of %d rounds %.3f s = %.1f MB/s "
              "(one thread)\n",
              analyzer.name().c_str(), texts.size(), static_cast<double>(bytes) / 1e6, token_count,
              rounds, best, static_cast<double>(bytes) / 1e6 / best);
  return 0;
}
