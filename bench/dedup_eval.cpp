// Precision and recall of the near-duplicate grouping (docs/news-search.md): copies made from
// the corpus/ articles (reworded, trimmed, re-bylined, all three) are indexed with the originals
// through Indexer::add, and the clusters the index assigned are read back. The corpus's
// articles are different stories about the same events (Meta, Scale AI): no two originals may
// be grouped.
//
//   dedup_eval CORPUS_DIR [WORK_DIR]

#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "article_fields.hpp"
#include "kosearch/indexer/article.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "news/dedup.hpp"
#include "schema.hpp"

namespace fs = std::filesystem;
namespace news = kosearch::detail::news;

namespace {

std::vector<std::string> sentences(const std::string& body) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < body.size(); ++i) {
    cur += body[i];
    const bool end = (body[i] == '.' || body[i] == '\n') && (i + 1 == body.size() || body[i + 1] == ' ' || body[i + 1] == '\n');
    if (end) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string join(const std::vector<std::string>& s, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < std::min(n, s.size()); ++i) out += s[i];
  return out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// Another outlet's rewrite: sentence endings and connectives changed throughout, the lead
// rewritten in front.
std::string reword(const std::string& body) {
  std::string s = body;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"밝혔다", "전했다"}, {"했다.", "하였다."}, {"있다.", "있는 것으로 알려졌다."},
           {"그러나", "하지만"}, {"또한", "아울러"}, {"%", "퍼센트"}, {"이번", "금번"}}) {
    s = replace_all(s, from, to);
  }
  return "업계에 따르면 이 소식은 관계자들 사이에서 큰 관심을 끌고 있다. " + s;
}
std::string trim(const std::string& body, double keep) {
  const auto s = sentences(body);
  return join(s, std::max<std::size_t>(1, static_cast<std::size_t>(static_cast<double>(s.size()) * keep)));
}
std::string rebyline(const std::string& body) {
  return "(서울=뉴스1) 김철수 기자 = " + body + "\n김철수 기자 kimcs@news1.kr\n<저작권자 © 뉴스1 무단전재 및 재배포 금지>";
}

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 2) {
    std::fprintf(stderr, "usage: dedup_eval CORPUS_DIR [WORK_DIR]\n");
    return 2;
  }
  const fs::path work = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path() / "kosearch-dedup-eval";
  fs::remove_all(work);
  std::vector<std::pair<std::string, std::string>> originals;  // id, cleaned body
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(argv[1])) {
    if (e.path().extension() == ".txt") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream ss;
    ss << in.rdbuf();
    originals.emplace_back(f.stem().string(), kosearch::parse_article(ss.str()).body);
  }
  const std::vector<std::pair<std::string, std::string (*)(const std::string&)>> kinds = {
      {"reworded", [](const std::string& b) { return reword(b); }},
      {"trimmed 80%", [](const std::string& b) { return trim(b, 0.8); }},
      {"trimmed 60%", [](const std::string& b) { return trim(b, 0.6); }},
      {"trimmed 40%", [](const std::string& b) { return trim(b, 0.4); }},
      {"re-bylined", [](const std::string& b) { return rebyline(b); }},
      {"all three", [](const std::string& b) { return rebyline(trim(reword(b), 0.8)); }},
  };
  // Signature similarities (what the threshold is chosen from).
  std::printf("estimated Jaccard (MinHash, %zu minima; copy threshold %.2f):\n", news::kMinHashes, news::kCopyThreshold);
  for (const auto& [kind, make] : kinds) {
    double lo = 1, sum = 0;
    for (const auto& [id, body] : originals) {
      const double s = news::similarity(news::signature(body), news::signature(make(body)));
      lo = std::min(lo, s);
      sum += s;
    }
    std::printf("  original vs %-12s min %.2f  mean %.2f\n", kind.c_str(), lo, sum / static_cast<double>(originals.size()));
  }
  double hi = 0;
  std::string hi_pair;
  for (std::size_t i = 0; i < originals.size(); ++i) {
    for (std::size_t j = i + 1; j < originals.size(); ++j) {
      const double s = news::similarity(news::signature(originals[i].second), news::signature(originals[j].second));
      if (s > hi) {
        hi = s;
        hi_pair = originals[i].first + " / " + originals[j].first;
      }
    }
  }
  std::printf("  different stories (all %zu pairs of originals): max %.2f (%s)\n",
              originals.size() * (originals.size() - 1) / 2, hi, hi_pair.c_str());

  // The grouping as the index makes it: originals first, then the copies.
  {
    kosearch::Indexer indexer(work);
    for (const auto& [id, body] : originals) indexer.add({id, "", body, ""});
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      for (const auto& [id, body] : originals) indexer.add({id + "~" + std::to_string(k), "", kinds[k].second(body), ""});
    }
    indexer.commit();
  }
  Xapian::Database db(work.string());
  std::map<std::string, std::string> cluster;  // article id -> cluster key
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document d = db.get_document(*it);
    const std::string id = d.get_value(kosearch::schema::kSlotDocId);
    const std::string key = d.get_value(kosearch::schema::kSlotCluster);
    cluster.emplace(id, key.empty() ? id : key);
  }
  auto origin = [](const std::string& id) { return id.substr(0, id.find('~')); };
  // Recall per kind: the copy is in its original's cluster.
  std::printf("grouping in the index (%zu originals, %zu copies):\n", originals.size(), originals.size() * kinds.size());
  std::size_t found_all = 0;
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    std::size_t found = 0;
    for (const auto& [id, body] : originals) found += cluster[id + "~" + std::to_string(k)] == cluster[id];
    found_all += found;
    std::printf("  recall %-12s %zu/%zu = %.3f\n", kinds[k].first.c_str(), found, originals.size(),
                static_cast<double>(found) / static_cast<double>(originals.size()));
  }
  // Pairwise precision: pairs put together that are copies of one story.
  std::size_t together = 0, right = 0, originals_merged = 0;
  for (auto a = cluster.begin(); a != cluster.end(); ++a) {
    for (auto b = std::next(a); b != cluster.end(); ++b) {
      if (a->second != b->second) continue;
      ++together;
      right += origin(a->first) == origin(b->first);
      originals_merged += a->first.find('~') == std::string::npos && b->first.find('~') == std::string::npos;
    }
  }
  std::printf("  recall (all copies) %zu/%zu = %.3f\n", found_all, originals.size() * kinds.size(),
              static_cast<double>(found_all) / static_cast<double>(originals.size() * kinds.size()));
  std::printf("  pairwise precision %zu/%zu = %.3f; different stories merged: %zu pairs\n", right, together,
              together ? static_cast<double>(right) / static_cast<double>(together) : 1.0, originals_merged);
  fs::remove_all(work);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "dedup_eval: %s\n", e.what());
  return 1;
}
