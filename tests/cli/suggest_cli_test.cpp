// kosearch suggest, and the query repair line of kosearch search, run as a user would.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/run_cli.hpp"
#include "test_util.hpp"

using kosearch::test::run_cli;

TEST_CASE("kosearch suggest and the search repair line") {
  kosearch::test::TempDir tmp;
  kosearch::test::write_file(tmp / "in" / "a.txt", "스케일AI 지분 투자\n\n메타가 스케일AI의 지분을 샀다. 스케일이 크다.\n");
  kosearch::test::write_file(tmp / "in" / "b.txt", "겨울 스케이트\n\n스케이트 선수가 스케이트를 탔다.\n");
  const std::string idx = (tmp / "idx").string();
  REQUIRE(run_cli("index -q --index '" + idx + "' '" + (tmp / "in").string() + "'").status == 0);

  const auto text = run_cli("suggest --index '" + idx + "' -k 3 ㅅㅋㅇ");
  CHECK(text.status == 0);
  CHECK(text.out.rfind("스케일\t1\n", 0) == 0);
  const auto json = run_cli("suggest --json --index '" + idx + "' tmzpdl");
  CHECK(json.status == 0);
  const auto j = nlohmann::json::parse(json.out);
  CHECK(j["prefix"] == "tmzpdl");
  CHECK(j["reading"] == "스케이");
  CHECK(j["suggestions"][0]["text"] == "스케일");
  CHECK(run_cli("suggest --index '" + idx + "'").status == 2);          // no prefix
  CHECK(run_cli("suggest --index '" + idx + "' -k x 스").status == 2);  // bad k
  CHECK(run_cli("suggest --index '" + idx + "' $'\\xff\\x01'").status == 0);

  const auto fixed = run_cli("search --index '" + idx + "' -k 1 tmzpdlf wlqns");
  CHECK(fixed.out.rfind("showing results for \"스케일 지분\" (typed in the English layout)\n", 0) == 0);
  const auto as_typed = run_cli("search --no-correct --index '" + idx + "' -k 1 tmzpdlf wlqns");
  CHECK(as_typed.out.find("showing results") == std::string::npos);
  const auto fixed_json = nlohmann::json::parse(run_cli("search --json --index '" + idx + "' tmzpdlf wlqns").out);
  CHECK(fixed_json["corrected_query"] == "스케일 지분");
  CHECK(fixed_json["query"] == "tmzpdlf wlqns");
  CHECK(!nlohmann::json::parse(run_cli("search --json --index '" + idx + "' 스케일 지분").out).contains("corrected_query"));
}
