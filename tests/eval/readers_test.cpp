// Qrels, run and query readers: formats, and errors that name file:line.

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "kosearch/core/error.hpp"
#include "kosearch/eval/metrics.hpp"
#include "kosearch/eval/qrels.hpp"
#include "kosearch/eval/queries.hpp"
#include "kosearch/eval/run.hpp"

namespace fs = std::filesystem;

namespace {

// A temporary directory removed at scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("kosearch-eval-test-" + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  fs::path write(const std::string& name, std::string_view content) const {
    const fs::path p = path_ / name;
    std::ofstream out(p, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return p;
  }

 private:
  fs::path path_;
};

// Runs `f`, expecting an InvalidInput whose message contains every string of `parts`.
template <typename F>
void check_invalid_input(F&& f, std::initializer_list<std::string_view> parts) {
  try {
    f();
    FAIL("expected InvalidInput");
  } catch (const kosearch::InvalidInput& e) {
    const std::string what = e.what();
    for (const auto part : parts) {
      CAPTURE(what);
      CHECK(what.find(part) != std::string::npos);
    }
  }
}

}  // namespace

TEST_CASE("qrels: TREC, BEIR TSV with and without header, comments, CRLF, BOM") {
  const auto trec =
      kosearch::parse_qrels("# judged by hand\nq1 0 d1 1\n\nq1\t0\td2  0\nq2 Q0 d1 2\n", "a.trec");
  CHECK(trec.size() == 2);
  CHECK(trec.at("q1").at("d1") == 1);
  CHECK(trec.at("q1").at("d2") == 0);
  CHECK(trec.at("q2").at("d1") == 2);

  const auto tsv = kosearch::parse_qrels(
      "\xEF\xBB\xBFquery-id\tcorpus-id\tscore\r\nq1\td 1\t1\r\nq2\td2\t-1\r\n", "a.tsv");
  CHECK(tsv.at("q1").at("d 1") == 1);  // TSV fields may hold spaces
  CHECK(tsv.at("q2").at("d2") == -1);

  const auto headerless = kosearch::parse_qrels("q1\td1\t1\nq1\td2\t0\n", "b.tsv");
  CHECK(headerless.at("q1").size() == 2);
  CHECK(kosearch::count_relevant(headerless.at("q1")) == 1);
  CHECK(kosearch::count_relevant(headerless.at("q1"), 0) == 2);
}

TEST_CASE("qrels: malformed lines name file:line and what is wrong") {
  check_invalid_input([] { (void)kosearch::parse_qrels("q1 0 d1 1\nq1 0 d2\n", "x.trec"); },
                      {"x.trec:2:", "4 fields", "found 3"});
  check_invalid_input([] { (void)kosearch::parse_qrels("q1 0 d1 1\n\nq1 0 d2 yes\n", "x.trec"); },
                      {"x.trec:3:", "'yes'", "not an integer"});
  check_invalid_input([] { (void)kosearch::parse_qrels("q1 0 d1 1\nq1 0 d1 0\n", "x.trec"); },
                      {"x.trec:2:", "duplicate", "'d1'", "line 1"});
  check_invalid_input(
      [] { (void)kosearch::parse_qrels("query-id\tcorpus-id\tscore\nq1\td1\n", "x.tsv"); },
      {"x.tsv:2:", "3 tab-separated fields"});
  check_invalid_input([] { (void)kosearch::parse_qrels("q1 0 d1 1.5\n", "x.trec"); },
                      {"x.trec:1:", "'1.5'"});
  check_invalid_input([] { (void)kosearch::parse_qrels("# nothing\n\n", "x.trec"); },
                      {"x.trec", "no judgments"});
}

TEST_CASE("run: parsing, comments, tabs, exponent scores") {
  const auto run = kosearch::parse_trec_run(
      "# kosearch run\nq1 Q0 d1 1 1.5 tag\nq1\tQ0\td2\t2\t-2e-3\ttag\nq2 Q0 d1 1 +7 tag\n"
      "q1 Q0 d3 3 0 tag\n",
      "r.trec");
  REQUIRE(run.size() == 2);
  REQUIRE(run.at("q1").size() == 3);
  CHECK(run.at("q1")[1].doc_id == "d2");
  CHECK(run.at("q1")[1].score == doctest::Approx(-0.002));
  CHECK(run.at("q1")[2].doc_id == "d3");  // a topic's lines need not be contiguous
  CHECK(run.at("q2")[0].score == 7.0);
  // The last line needs no newline.
  CHECK(kosearch::parse_trec_run("q Q0 d 1 1 t", "r").at("q").size() == 1);
  CHECK(kosearch::parse_qrels("q 0 d 1", "q").at("q").size() == 1);
}

TEST_CASE("run: malformed lines, duplicate documents and empty runs are errors") {
  check_invalid_input([] { (void)kosearch::parse_trec_run("q1 Q0 d1 1 1.0\n", "r.trec"); },
                      {"r.trec:1:", "6 fields", "found 5"});
  check_invalid_input(
      [] { (void)kosearch::parse_trec_run("q1 Q0 d1 1 1.0 t\nq1 Q0 d2 2 high t\n", "r.trec"); },
      {"r.trec:2:", "'high'", "not a finite number"});
  check_invalid_input([] { (void)kosearch::parse_trec_run("q1 Q0 d1 1 nan t\n", "r.trec"); },
                      {"r.trec:1:", "finite"});
  check_invalid_input(
      [] {
        (void)kosearch::parse_trec_run(
            "q1 Q0 d1 1 3 t\nq1 Q0 d2 2 2 t\nq2 Q0 d1 1 1 t\n"
            "q1 Q0 d1 3 1 t\n",
            "r.trec");
      },
      {"r.trec:4:", "'d1'", "twice", "'q1'", "line 1"});
  check_invalid_input([] { (void)kosearch::parse_trec_run("", "empty.trec"); },
                      {"empty.trec", "no results", "not a score of 0"});
  check_invalid_input([] { (void)kosearch::parse_trec_run("# only a comment\n\n", "c.trec"); },
                      {"c.trec", "no results"});
}

TEST_CASE("files: errors carry the path, a missing file is an IoError") {
  ScratchDir dir;
  const fs::path qrels = dir.write("bad.qrels", "q1 0 d1 1\nq1 0 d2 x\n");
  check_invalid_input([&] { (void)kosearch::read_qrels(qrels); }, {(qrels.string() + ":2:")});
  const fs::path run = dir.write("empty.run", "");
  check_invalid_input([&] { (void)kosearch::read_trec_run(run); }, {run.string(), "no results"});
  CHECK_THROWS_AS((void)kosearch::read_qrels(dir.write("ok", "q 0 d 1\n").parent_path() / "none"),
                  kosearch::IoError);
  CHECK(kosearch::read_qrels(dir.write("ok.qrels", "q 0 d 1\n")).size() == 1);
}

TEST_CASE("write_trec_run: trec_eval order, ranks 1..n, exact round trip of scores") {
  kosearch::Run run;
  const double tricky = 0.1 + 0.2;  // 0.30000000000000004
  run["q2"] = {{"a", 1.0}, {"b", 1.0}, {"c", 2.0}};
  run["q1"] = {{"x", tricky}, {"y", 0.3}};
  std::ostringstream out;
  kosearch::write_trec_run(out, run, "kosearch");
  CHECK(out.str() ==
        "q1 Q0 x 1 0.30000000000000004 kosearch\n"
        "q1 Q0 y 2 0.3 kosearch\n"
        "q2 Q0 c 1 2 kosearch\n"
        "q2 Q0 b 2 1 kosearch\n"
        "q2 Q0 a 3 1 kosearch\n");
  const kosearch::Run back = kosearch::parse_trec_run(out.str(), "round-trip");
  CHECK(back.at("q1")[0].score == tricky);
  CHECK(back.at("q1")[1].score == 0.3);

  std::ostringstream sink;
  kosearch::Run spaced;
  spaced["q"] = {{"has space", 1.0}};
  CHECK_THROWS_AS(kosearch::write_trec_run(sink, spaced, "t"), kosearch::InvalidArgument);
  CHECK_THROWS_AS(kosearch::write_trec_run(sink, run, "two words"), kosearch::InvalidArgument);
}

TEST_CASE("sort_trec_order: score descending, doc id descending") {
  std::vector<kosearch::ScoredDoc> docs{{"a", 1.0}, {"c", 1.0}, {"b", 3.0}, {"b2", 1.0}};
  kosearch::sort_trec_order(docs);
  CHECK(docs[0].doc_id == "b");
  CHECK(docs[1].doc_id == "c");
  CHECK(docs[2].doc_id == "b2");
  CHECK(docs[3].doc_id == "a");
}

TEST_CASE("queries: BEIR JSONL and TSV") {
  const auto jsonl = kosearch::parse_queries(
      "{\"_id\": \"6521755-0-0\", \"text\": \"미국 군대 내 두번째로 높은 직위는 무엇인가?\", "
      "\"metadata\": {}}\n\n{\"_id\": 42, \"text\": \"숫자 id\"}\n",
      "q.jsonl");
  REQUIRE(jsonl.size() == 2);
  CHECK(jsonl[0].id == "6521755-0-0");
  CHECK(jsonl[0].text == "미국 군대 내 두번째로 높은 직위는 무엇인가?");
  CHECK(jsonl[1].id == "42");

  const auto tsv = kosearch::parse_queries("# id\ttext\nq1\t스케일AI 지분\r\nq2\ta\tb\n", "q.tsv");
  REQUIRE(tsv.size() == 2);
  CHECK(tsv[0].text == "스케일AI 지분");
  CHECK(tsv[1].text == "a\tb");
}

TEST_CASE("queries: errors name file:line") {
  check_invalid_input(
      [] {
        (void)kosearch::parse_queries(
            "{\"_id\": \"a\", \"text\": \"x\"}\n{\"_id\": \"b\", \"text\": }\n", "q.jsonl");
      },
      {"q.jsonl:2:", "invalid JSON"});
  check_invalid_input(
      [] { (void)kosearch::parse_queries("{\"_id\": \"a\", \"title\": \"x\"}\n", "q.jsonl"); },
      {"q.jsonl:1:", "missing \"text\""});
  check_invalid_input(
      [] { (void)kosearch::parse_queries("{\"_id\": [1], \"text\": \"x\"}\n", "q.jsonl"); },
      {"q.jsonl:1:", "\"_id\""});
  check_invalid_input(
      [] {
        (void)kosearch::parse_queries(
            "{\"_id\": \"a\", \"text\": \"x\"}\n{\"_id\": \"a\", \"text\": \"y\"}\n", "q.jsonl");
      },
      {"q.jsonl:2:", "duplicate", "'a'", "line 1"});
  check_invalid_input([] { (void)kosearch::parse_queries("q1\tok\nq2 no tab\n", "q.tsv"); },
                      {"q.tsv:2:", "no tab"});
  check_invalid_input([] { (void)kosearch::parse_queries("\n\n", "q.tsv"); },
                      {"q.tsv", "no queries"});
}

TEST_CASE("the shared BEIR files read in both formats agree") {
  const fs::path data = fs::path(KOSEARCH_SHARED_DIR) / "data" / "korquad1";
  if (!fs::is_directory(data)) {
    MESSAGE("skipped: " << data.string() << " not found");
    return;
  }
  const auto tsv = kosearch::read_qrels(data / "qrels" / "test.tsv");
  const auto trec = kosearch::read_qrels(data / "qrels" / "test.trec");
  CHECK(tsv == trec);
  const auto queries = kosearch::read_queries(data / "queries.jsonl");
  CHECK(queries.size() == 3103);
}
