// `kosearch search` with the news options (docs/news-search.md), on the real binary.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "searcher/news_fixture.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;

namespace {

struct Result {
  int status;
  std::string out;
};

Result kosearch_run(const std::string& args, const std::string& err_file) {
  const std::string cmd = std::string("'") + KOSEARCH_CLI + "' " + args + " 2>'" + err_file + "'";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::string out;
  std::array<char, 4096> buf{};
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  const int rc = pclose(p);
  return {WIFEXITED(rc) ? WEXITSTATUS(rc) : -1, out};
}

}  // namespace

TEST_CASE("search --publisher/--since/--until/--sort/--facets/--duplicates on the command line") {
  TempDir tmp;
  const std::string idx = (tmp / "idx").string();
  const std::string err = (tmp / "err").string();
  kosearch::test::build_news_index(tmp / "idx");
  auto r = kosearch_run("search --json --index '" + idx +
                            "' --one-per-article --duplicates show --publisher 뉴스1 --publisher 한겨레 "
                            "--since 2025-08-14 --until 2025-08-14 --sort newest --facets publisher,month 반도체",
                        err);
  REQUIRE(r.status == 0);
  auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["hits"].size() == 2);
  CHECK(j["hits"][0]["doc_id"] == "news1-2");
  CHECK(j["hits"][1]["doc_id"] == "copy-1");
  CHECK(j["hits"][1]["duplicates"] == 1);
  CHECK(j["hits"][1]["duplicate_ids"] == nlohmann::json::array({"yna-1"}));
  CHECK(j["facets"]["publisher"] == nlohmann::json::parse(R"([{"value":"뉴스1","count":2}])"));
  CHECK(j["facets"]["month"] == nlohmann::json::parse(R"([{"value":"2025-08","count":2}])"));

  // Text output: the copies on the hit line, the facets after the hits.
  r = kosearch_run("search --index '" + idx + "' --one-per-article --facets publisher 반도체 수출 메모리", err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("+1 copy") != std::string::npos);
  CHECK(r.out.find("publisher: 뉴스1 (2)") != std::string::npos);

  // A bad date: an error naming the option and the form to use.
  r = kosearch_run("search --index '" + idx + "' --since 2025-13-01 반도체", err);
  CHECK(r.status != 0);
  std::ifstream in(err);
  std::stringstream message;
  message << in.rdbuf();
  CHECK(message.str().find("since '2025-13-01' is not a date") != std::string::npos);
}
