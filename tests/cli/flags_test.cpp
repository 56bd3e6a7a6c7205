// Each `kosearch search` flag is a name of the search option table: the flag and its
// `--set KEY=VALUE` form give the same output (apply_search_option parses both).

#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "cli/run_cli.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;
using kosearch::test::write_file;

TEST_CASE("search: every flag gives what its --set form gives") {
  TempDir tmp;
  // Two passages of one article (long enough to be cut), a second article, one typed in the
  // English layout would find (지분).
  std::string long_text;
  for (int i = 0; i < 40; ++i) long_text += "메타가 스케일AI의 지분을 사들였다는 소식이 " + std::to_string(i) + "번째로 전해졌다. ";
  write_file(tmp / "in/a.txt", "메타의 지분 인수\n\n" + long_text + "\n");
  write_file(tmp / "in/b.txt", "스케일AI 지분 소식\n\n스케일AI의 지분 49%를 메타가 확보했다.\n");
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  REQUIRE(kosearch::test::run_cli("index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  auto search = [&](const std::string& options, const std::string& query) {
    const auto r = kosearch::test::run_cli("search --json " + idx + options + " " + query);
    REQUIRE(r.status == 0);
    return r.out;
  };
  const std::vector<std::pair<std::string, std::string>> forms = {
      {"--one-per-article", "--set one_per_article=1"},
      {"--variants", "--set variants=1"},
      {"--no-correct", "--set correct=0"},
      {"-k 1", "--set k=1"},
      {"--offset 1", "--set offset=1"},
      {"--sort newest", "--set sort=newest"},
      {"--recency 30", "--set recency=30"},
      {"--duplicates show", "--set duplicates=show"},
      {"--facets publisher", "--set facets=publisher"},
      {"--since 2020-01-01", "--set since=2020-01-01"},
      {"--publisher 연합뉴스", "--set publisher=연합뉴스"},
  };
  for (const auto& [flag, set] : forms) {
    CAPTURE(flag);
    CHECK(search(flag, "스케일AI 지분") == search(set, "스케일AI 지분"));
    CHECK(search(flag, "wlqns") == search(set, "wlqns"));  // 지분 typed in the English layout
  }
  // Not vacuous: the flags change the answer.
  CHECK(search("--one-per-article", "스케일AI 지분") != search("", "스케일AI 지분"));
  CHECK(search("--no-correct", "wlqns") != search("", "wlqns"));
  // A later --set overrides a flag, as it overrides another --set.
  CHECK(search("--one-per-article --set one_per_article=0", "스케일AI 지분") == search("", "스케일AI 지분"));
}
