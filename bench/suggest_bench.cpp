// Suggestions as typed, measured: for each title of a list (one per line; bench/suggest.sh makes
// it from a BEIR corpus), its first Hangul word of two or more syllables is the target, typed
// three ways — half-typed (the screen after 60% of its keystrokes: `스켕`), initial consonants
// (`ㅅㅋㅇ`), English layout (those keystrokes in ASCII: `tmzpd`) — and success@5 is the share
// of inputs whose five suggestions hold the target. Then every input is run again, one thread,
// warm, and p50/p99/max latency printed.
//
//   suggest_bench INDEX TITLES [N=100]
//   suggest_bench INDEX --prefixes FILE     (the mean time of each prefix of FILE, warm)

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "kosearch/korean/hangul.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "suggest/typing.hpp"

namespace {

// The first all-Hangul word of two to eight syllables, or "".
std::string target_of(const std::string& title) {
  std::size_t i = 0;
  while (i < title.size()) {
    std::size_t j = title.find(' ', i);
    if (j == std::string::npos) j = title.size();
    const std::string w = title.substr(i, j - i);
    std::size_t pos = 0, n = 0;
    bool hangul = !w.empty();
    while (pos < w.size() && hangul) {
      hangul = kosearch::korean::is_syllable(kosearch::utf8::decode(w, pos));
      ++n;
    }
    if (hangul && n >= 2 && n <= 8) return w;
    i = j + 1;
  }
  return {};
}

struct Input {
  std::string kind, text, target;
};

}  // namespace

int main(int argc, char** argv) try {
  if (argc < 3) {
    std::fprintf(stderr, "usage: suggest_bench INDEX TITLES [N]\n");
    return 2;
  }
  if (std::string(argv[2]) == "--prefixes" && argc > 3) {  // times given prefixes, one per line
    kosearch::Searcher searcher(argv[1]);
    std::ifstream list(argv[3]);
    for (std::string prefix; std::getline(list, prefix);) {
      searcher.suggest(prefix, 5);
      const auto t0 = std::chrono::steady_clock::now();
      for (int i = 0; i < 10; ++i) searcher.suggest(prefix, 5);
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() / 10;
      std::printf("%-20s %.3f ms\n", prefix.c_str(), ms);
    }
    return 0;
  }
  const std::size_t n = argc > 3 ? std::stoul(argv[3]) : 100;
  std::ifstream in(argv[2]);
  std::vector<Input> inputs;
  std::vector<std::string> seen;
  for (std::string title; std::getline(in, title) && seen.size() < n;) {
    const std::string target = target_of(title);
    if (target.empty() || std::find(seen.begin(), seen.end(), target) != seen.end()) continue;
    seen.push_back(target);
    const std::string keys = kosearch::detail::hangul_to_layout(target);
    const std::size_t cut = std::max<std::size_t>(2, (keys.size() * 6 + 9) / 10);
    const std::string typed = keys.substr(0, cut);
    std::string initials;
    for (std::size_t pos = 0; pos < target.size();) {
      const char32_t c = kosearch::utf8::decode(target, pos);
      kosearch::utf8::append(initials, kosearch::detail::initial_jamo(kosearch::korean::initial_of(c)));
    }
    inputs.push_back({"half-typed", kosearch::detail::layout_to_hangul(typed), target});
    inputs.push_back({"initials", initials, target});
    inputs.push_back({"english-layout", typed, target});
  }
  kosearch::Searcher searcher(argv[1]);
  std::vector<double> ms;
  std::vector<std::pair<double, std::string>> slowest;
  for (int pass = 0; pass < 2; ++pass) {
    ms.clear();
    slowest.clear();
    std::size_t hits[3] = {0, 0, 0}, total[3] = {0, 0, 0};
    for (const Input& x : inputs) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto s = searcher.suggest(x.text, 5);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      slowest.emplace_back(ms.back(), x.text);
      const int k = x.kind == "half-typed" ? 0 : x.kind == "initials" ? 1 : 2;
      ++total[k];
      // The target as suggested: the word, or its stem when the title has it with a particle
      // (`러시아인의` → `러시아인`).
      const bool ok = std::any_of(s.suggestions.begin(), s.suggestions.end(), [&](const kosearch::Suggestion& g) {
        if (g.text == x.target) return true;
        if (x.target.rfind(g.text, 0) != 0) return false;
        const std::string rest = x.target.substr(g.text.size());
        for (const char* p : {"의", "은", "는", "이", "가", "을", "를", "에", "와", "과", "도", "로", "에서", "으로"}) {
          if (rest == p) return true;
        }
        return false;
      });
      hits[k] += ok ? 1 : 0;
      if (pass == 1 && !ok && argc > 4) std::printf("miss %s %s -> %s\n", x.kind.c_str(), x.text.c_str(), x.target.c_str());
    }
    if (pass == 1) {
      const char* names[3] = {"half-typed", "initials", "english-layout"};
      std::size_t all = 0;
      for (int k = 0; k < 3; ++k) {
        all += hits[k];
        std::printf("success@5 %-15s %zu/%zu = %.3f\n", names[k], hits[k], total[k],
                    total[k] ? static_cast<double>(hits[k]) / static_cast<double>(total[k]) : 0.0);
      }
      std::printf("success@5 %-15s %zu/%zu = %.3f\n", "all", all, inputs.size(),
                  inputs.empty() ? 0.0 : static_cast<double>(all) / static_cast<double>(inputs.size()));
    }
  }
  std::sort(slowest.rbegin(), slowest.rend());
  std::printf("slowest:");
  for (std::size_t i = 0; i < slowest.size() && i < 8; ++i) std::printf(" %s (%.2f ms)", slowest[i].second.c_str(), slowest[i].first);
  std::printf("\n");
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(q * static_cast<double>(ms.size())))]; };
  std::printf("latency ms (one thread, warm, k=5, %zu inputs): p50 %.3f  p99 %.3f  max %.3f\n", ms.size(), at(0.5),
              at(0.99), ms.back());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "suggest_bench: %s\n", e.what());
  return 1;
}
