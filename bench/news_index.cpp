// A synthetic news index for the facet and filter speed figures (docs/news-search.md): every
// record of a BEIR corpus.jsonl gets fields drawn from its line number — one of 20 publishers,
// one or two of 200 reporters, one of 8 sections, a publication time in 2024-2025 — and is added
// through Indexer::add(Document) like any article.
//
//   news_index CORPUS.jsonl INDEX        (zstd -dc corpus.jsonl.zst > corpus.jsonl first)

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "kosearch/indexer/indexer.hpp"

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: news_index CORPUS.jsonl INDEX\n");
    return 2;
  }
  std::ifstream in(argv[1]);
  kosearch::Indexer indexer(argv[2]);
  std::string line;
  std::uint64_t n = 0;
  const auto t0 = std::chrono::steady_clock::now();
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    kosearch::Document d;
    d.id = j.value("_id", std::to_string(n));
    d.title = j.value("title", "");
    d.text = j.value("text", "");
    const std::uint64_t h = (n + 1) * 0x9E3779B97F4A7C15ULL;
    d.fields.publisher = "언론사" + std::to_string(h % 20);
    d.fields.reporters = {"기자" + std::to_string((h >> 8) % 200)};
    if ((h >> 16) % 3 == 0) d.fields.reporters.push_back("기자" + std::to_string((h >> 24) % 200));
    d.fields.section = "섹션" + std::to_string((h >> 32) % 8);
    d.fields.published = 1704034800 + static_cast<std::int64_t>((h >> 20) % (2 * 365 * 86400));  // 2024-01-01 KST on
    indexer.add(d);
    ++n;
  }
  indexer.commit();
  std::printf("%llu articles in %.1f s\n", static_cast<unsigned long long>(n),
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "news_index: %s\n", e.what());
  return 1;
}
