// Runs the kosearch binary as a user would and checks exit codes and output.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "cli/run_cli.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;
using kosearch::test::write_file;

namespace {

// Runs `kosearch ARGS` through the shell; stderr goes to `err_file` when given.
kosearch::test::CliOutput run(const std::string& args, const std::string& err_file = "/dev/null") {
  return kosearch::test::run_cli(args, err_file);
}

}  // namespace

TEST_CASE("index then search --json: the documented object") {
  TempDir tmp;
  write_file(tmp / "in/a.txt",
             "메타, 스케일AI 지분 49% 확보하며 초지능 연구 가속\n\n메타가 스케일AI의 지분 49%를 사들였다.\n");
  write_file(tmp / "in/b.txt", "엔비디아, 새 인공지능 칩을 공개하며 반격\n\n엔비디아가 칩을 공개했다.\n");
  const std::string idx = (tmp / "idx").string();
  REQUIRE(run("index -q --index '" + idx + "' '" + (tmp / "in").string() + "'").status == 0);
  const auto r = run("search --json --index '" + idx + "' -k 5 스케일AI 지분");
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["query"] == "스케일AI 지분");
  CHECK(j["total"].get<int>() >= 1);
  CHECK(j["total_exact"] == true);  // two articles: every match seen
  REQUIRE(j["hits"].size() >= 1);
  const auto& h = j["hits"][0];
  CHECK(h["rank"] == 1);
  CHECK(h["score"].get<double>() > 0);
  CHECK(h["doc_id"] == "a");
  CHECK(h["passage_id"] == "a#0");
  CHECK(h["title"] == "메타, 스케일AI 지분 49% 확보하며 초지능 연구 가속");
  const std::string text = h["text"];
  CHECK(text.find("49%") != std::string::npos);
  CHECK(h["snippet"].get<std::string>().find("<b>") != std::string::npos);
  REQUIRE(h["highlights"].size() >= 1);
  for (const auto& span : h["highlights"]) {
    const auto b = span[0].get<std::size_t>();
    const auto e = span[1].get<std::size_t>();
    REQUIRE(b < e);
    REQUIRE(e <= text.size());
    const std::string marked = text.substr(b, e - b);
    CHECK((marked == "스케일AI" || marked == "지분"));
  }
  CHECK_FALSE(h.contains("score_parts"));  // only with --explain

  // --explain: the parts each score is made of, in the JSON and in the text output.
  const auto e = run("search --json --explain --index '" + idx + "' -k 5 스케일AI 지분");
  REQUIRE(e.status == 0);
  const auto ej = nlohmann::json::parse(e.out);
  REQUIRE(ej["hits"].size() >= 1);
  for (const auto& hit : ej["hits"]) {
    const auto& p = hit["score_parts"];
    CHECK(p["bm25"].get<double>() > 0);
    CHECK(p["bm25"].get<double>() + p["words"].get<double>() + p["sentence"].get<double>() +
              p["pairs"].get<double>() + p["title"].get<double>() + p["length"].get<double>() ==
          doctest::Approx(hit["score"].get<double>()));
  }
  CHECK(ej["hits"][0]["score_parts"]["words"].get<double>() > 0);  // both words found whole
  const auto t = run("search --explain --index '" + idx + "' -k 1 스케일AI 지분");
  REQUIRE(t.status == 0);
  CHECK(t.out.find("= BM25 ") != std::string::npos);
  CHECK(t.out.find(" + sentence ") != std::string::npos);
}

TEST_CASE("search operators on the command line: a -word argument is a word to leave out") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", "메타, 스케일AI 지분 확보\n\n메타가 스케일AI의 지분 49%를 사들였다.\n");
  write_file(tmp / "in/b.txt", "구글, 스케일AI와 거리두기\n\n구글이 스케일AI 지분 매입을 접었다.\n");
  const std::string idx = (tmp / "idx").string();
  REQUIRE(run("index -q --index '" + idx + "' '" + (tmp / "in").string() + "'").status == 0);
  auto ids = [&](const std::string& query_args) {
    const auto r = run("search --json --index '" + idx + "' " + query_args);
    REQUIRE(r.status == 0);
    std::vector<std::string> out;
    const auto j = nlohmann::json::parse(r.out);
    for (const auto& h : j["hits"]) out.push_back(h["doc_id"].get<std::string>());
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(ids("스케일AI 지분") == std::vector<std::string>{"a", "b"});
  // As separate arguments (not an unknown option) and inside one argument.
  CHECK(ids("스케일AI 지분 -메타") == std::vector<std::string>{"b"});
  CHECK(ids("'스케일AI 지분 -메타'") == std::vector<std::string>{"b"});
  CHECK(ids("스케일AI '-\"메타가 스케일AI\"'") == std::vector<std::string>{"b"});
  CHECK(ids("'\"지분 매입\"'") == std::vector<std::string>{"b"});
  CHECK(ids("--set syntax=0 스케일AI 지분 -메타") == std::vector<std::string>{"a", "b"});
  // A phrase nothing holds: the text output says the words alone would match.
  const auto none = run("search --index '" + idx + "' '\"지분 스케일AI\"'");
  REQUIRE(none.status == 0);
  CHECK(none.out.find("0 passages match") != std::string::npos);
  CHECK(none.out.find("syntax=0") != std::string::npos);
  // --explain names the filters.
  const std::string err = (tmp / "err").string();
  REQUIRE(run("search --explain --index '" + idx + "' '\"지분 매입\"' -구글", err).status == 0);
  const std::string explained = kosearch::test::read_file(err);
  CHECK(explained.find("every hit holds: \"지분 매입\"") != std::string::npos);
  CHECK(explained.find("no hit holds: \"구글\"") != std::string::npos);
}

TEST_CASE("exit statuses: missing index, usage errors, skipped files") {
  TempDir tmp;
  const auto missing = run("search --index '" + (tmp / "nope").string() + "' 지분");
  CHECK(missing.status == 1);
  CHECK(run("search --index x").status == 2);        // no query
  CHECK(run("search --bogus-flag 1 q").status == 2);
  write_file(tmp / "in/empty.txt", "");
  write_file(tmp / "in/ok.txt", "정상적인 기사 제목이 들어간 한 줄입니다\n\n본문입니다.\n");
  const std::string err = (tmp / "err.txt").string();
  const auto r = run("index --index '" + (tmp / "idx").string() + "' '" + (tmp / "in").string() + "'", err);
  CHECK(r.status == 3);
  CHECK(kosearch::test::read_file(err).find("empty.txt: empty file") != std::string::npos);
  // k and offset are checked as --set checks them (Boost would read -1 as 4294967295).
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  CHECK(run("search " + idx + "-k -1 본문", err).status == 2);
  CHECK(kosearch::test::read_file(err).find("option k: '-1' is not a non-negative integer") != std::string::npos);
  CHECK(run("search " + idx + "--offset x 본문").status == 2);
  CHECK(run("search " + idx + "''", err).status == 2);  // an empty query
  CHECK(kosearch::test::read_file(err).find("the QUERY is empty") != std::string::npos);
  CHECK(run("eval " + idx + "-k -1 --queries q --qrels r").status == 2);
  // k = 0 counts.
  const auto counted = run("search " + idx + "-k 0 본문");
  CHECK(counted.status == 0);
  CHECK(counted.out == "1 passage matches \"본문\"\n");
}

TEST_CASE("remove: articles by id, a missing id is exit status 3, a missing index 1") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", "메타, 스케일AI 지분 확보\n\n메타가 스케일AI의 지분 49%를 사들였다.\n");
  write_file(tmp / "in/b.txt", "구글, 스케일AI와 거리두기\n\n구글이 스케일AI 지분 매입을 접었다.\n");
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  REQUIRE(run("index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  const std::string err = (tmp / "err").string();
  CHECK(run("remove " + idx + "a#0", err).status == 3);  // a passage id, as search prints hits
  CHECK(kosearch::test::read_file(err).find("a passage id? remove takes article ids: \"a\"") != std::string::npos);
  const auto removed = run("remove " + idx + "a", err);
  CHECK(removed.status == 0);
  CHECK(removed.out.find("removed 1 of 1 article (1 passage)") != std::string::npos);  // the summary: stdout
  CHECK(run("search " + idx + "-k 0 스케일AI").out == "1 passage matches \"스케일AI\"\n");
  write_file(tmp / "ids", "b\n\n  nothere  \n");
  CHECK(run("remove " + idx + "--ids-from '" + (tmp / "ids").string() + "'", err).status == 3);
  CHECK(kosearch::test::read_file(err).find("\"nothere\" is not in index") != std::string::npos);
  CHECK(run("search " + idx + "-k 0 스케일AI").out == "0 passages match \"스케일AI\"\n");
  CHECK(run("remove " + idx).status == 2);  // no id
  CHECK(run("remove --index '" + (tmp / "nope").string() + "' a").status == 1);
  CHECK(!std::filesystem::exists(tmp / "nope"));
  // Indexing the folder again brings both back: their files still hold them.
  REQUIRE(run("index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  CHECK(run("search " + idx + "-k 0 스케일AI").out == "2 passages match \"스케일AI\"\n");
}

TEST_CASE("a locked index: the second writer fails with a clear message") {
  TempDir tmp;
  write_file(tmp / "in/ok.txt", "정상적인 기사 제목이 들어간 한 줄입니다\n\n본문입니다.\n");
  const std::string idx = (tmp / "idx").string();
  REQUIRE(run("index -q --index '" + idx + "' '" + (tmp / "in").string() + "'").status == 0);
  // A background writer holds the lock while it waits on its input (a pipe that stays open for
  // three seconds); meanwhile a second writer must fail with exit status 1 and a clear message.
  const std::string err = (tmp / "err.txt").string();
  const std::string cli = KOSEARCH_CLI;
  write_file(tmp / "lock.sh",
             "'" + cli + "' index -q --index '" + idx + "' /dev/stdin < <(sleep 3) &\n"
             "sleep 1\n"
             "'" + cli + "' index -q --index '" + idx + "' '" + (tmp / "in").string() + "' 2>'" + err + "'\n"
             "echo \"status=$?\"\n"
             "wait\n");
  FILE* p = popen(("bash '" + (tmp / "lock.sh").string() + "' 2>/dev/null").c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 256> buf{};
  std::string out;
  std::size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  CHECK(out.find("status=1") != std::string::npos);
  CHECK(kosearch::test::read_file(err).find("being written by another process") != std::string::npos);
}

TEST_CASE("index --shards, search a stub, --allow-missing-shards, compact") {
  TempDir tmp;
  std::string jsonl;
  for (int i = 0; i < 40; ++i) {
    jsonl += "{\"_id\":\"d" + std::to_string(i) + "\",\"title\":\"제목 " + std::to_string(i) +
             "\",\"text\":\"" + (i % 3 == 0 ? "반도체 수출이 늘었다. " : "날씨가 맑다. ") +
             "문서 번호 " + std::to_string(i) + "입니다.\"}\n";
  }
  write_file(tmp / "c.jsonl", jsonl);
  const std::string in = "'" + (tmp / "c.jsonl").string() + "'";
  const std::string single = (tmp / "single").string();
  const std::string sharded = (tmp / "sharded").string();
  REQUIRE(run("index -q --index '" + single + "' " + in).status == 0);
  REQUIRE(run("index -q --shards 3 --index '" + sharded + "' " + in).status == 0);
  // The same documents, extended with another shard count: refused (exit 1) with the reason.
  const auto err = (tmp / "err.txt").string();
  CHECK(run("index -q --shards 2 --index '" + sharded + "' " + in, err).status == 1);
  CHECK(kosearch::test::read_file(err).find("has 3 shards") != std::string::npos);

  auto hits = [&](const std::string& index, const std::string& extra = "") {
    const auto r = run("search --json -k 20 " + extra + " --index '" + index + "' 반도체 수출", err);
    REQUIRE(r.status == 0);
    std::vector<std::pair<std::string, double>> out;
    const auto j = nlohmann::json::parse(r.out);  // kept alive: the loop below walks into it
    for (const auto& h : j["hits"]) {
      out.emplace_back(h["passage_id"].get<std::string>(), h["score"].get<double>());
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  const auto expected = hits(single);
  REQUIRE(expected.size() == 14);
  auto same = [&](const std::vector<std::pair<std::string, double>>& got) {
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].first == expected[i].first);
      CHECK(got[i].second == doctest::Approx(expected[i].second).epsilon(1e-9));
    }
  };
  same(hits(sharded));
  same(hits(sharded + "/XAPIANDB"));

  REQUIRE(run("compact --index '" + sharded + "' --out '" + (tmp / "merged").string() + "'").status == 0);
  same(hits((tmp / "merged").string()));

  std::filesystem::remove_all(tmp / "sharded" / "shard-0");
  CHECK(run("search --index '" + sharded + "' 반도체", err).status == 1);
  CHECK(kosearch::test::read_file(err).find("shard 0 (") != std::string::npos);
  const auto partial = hits(sharded, "--allow-missing-shards");
  CHECK(partial.size() < expected.size());
  CHECK(kosearch::test::read_file(err).find("warning: shard 0 (") != std::string::npos);
}

TEST_CASE("stats: what the index holds and how it was built, as text and JSON") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", "메타, 스케일AI 지분 확보\n\n메타가 스케일AI의 지분 49%를 사들였다.\n");
  write_file(tmp / "in/b.txt", "구글, 스케일AI와 거리두기\n\n구글이 스케일AI 지분 매입을 접었다.\n");
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  REQUIRE(run("index -q --append-only --positions --no-suggest --analyzer ko-bigram-nox " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  const auto text = run("stats " + idx);
  CHECK(text.status == 0);
  CHECK(text.out.find("passages      2\n") != std::string::npos);
  CHECK(text.out.find("analyzer      ko-bigram-nox/") != std::string::npos);
  CHECK(text.out.find("append-only") != std::string::npos);
  CHECK(text.out.find("suggestions   none (built with --no-suggest") != std::string::npos);
  const auto j = nlohmann::json::parse(run("stats --json " + idx).out);
  CHECK(j["suggestions"] == false);
  CHECK(j["articles"] == 2);
  CHECK(j["positions"] == true);
  CHECK(j["append_only"] == true);
  CHECK(j["passage_settings"] == "target=500 max=1000 overlap=1");
  CHECK(j["bytes_on_disk"].get<std::uint64_t>() > 0);
  // Extending it without naming the settings keeps them (the index says which).
  write_file(tmp / "in2/c.txt", "엔비디아, 새 칩 공개\n\n엔비디아가 칩을 공개했다.\n");
  REQUIRE(run("index -q " + idx + "'" + (tmp / "in2").string() + "'").status == 0);
  const auto after = nlohmann::json::parse(run("stats --json " + idx).out);
  CHECK(after["articles"] == 3);
  CHECK(after["analyzer"] == j["analyzer"]);
  CHECK(run("stats --index '" + (tmp / "nope").string() + "'").status == 1);
}

TEST_CASE("serve: numeric options are read as --set reads them, before the index is opened") {
  TempDir tmp;
  const std::string err = (tmp / "err.txt").string();
  const std::string idx = "--index '" + (tmp / "nope").string() + "' ";
  // Boost would read -1 as 4294967295 worker threads, which then failed as a damaged index.
  CHECK(run("serve " + idx + "--threads=-1", err).status == 2);
  CHECK(kosearch::test::read_file(err).find("option --threads: '-1' is not a non-negative integer") !=
        std::string::npos);
  CHECK(run("serve " + idx + "--threads 100000", err).status == 2);
  CHECK(kosearch::test::read_file(err).find("over the limit of 256") != std::string::npos);
  CHECK(run("serve " + idx + "--max-k=-5", err).status == 2);
  CHECK(run("serve " + idx + "--reopen-ms x", err).status == 2);
  CHECK(run("serve " + idx + "--set one_per_article=2", err).status == 2);
  CHECK(kosearch::test::read_file(err).find("option one_per_article: '2' is not a boolean") !=
        std::string::npos);
}

TEST_CASE("news fields: --json hit fields (null or [] when unknown), the text header, stats counts") {
  TempDir tmp;
  write_file(tmp / "in/wire.txt",
             "반도체 수출 석 달 연속 늘어\n\n송고2024-11-21 09:02\n\n"
             "(서울=연합뉴스) 홍길동 기자 = 반도체 수출이 석 달 연속 증가세를 이어갔다.\n\n"
             "<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>\n");
  write_file(tmp / "in/plain.txt", "반도체 이야기가 나오는 평범한 글의 제목\n\n반도체 수출 이야기를 담은 평범한 글이다.\n");
  const std::string idx = "--index '" + (tmp / "idx").string() + "' ";
  REQUIRE(run("index -q " + idx + "'" + (tmp / "in").string() + "'").status == 0);
  const auto r = run("search --json " + idx + "-k 5 반도체 수출");
  REQUIRE(r.status == 0);
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j["hits"].size() == 2);
  for (const auto& h : j["hits"]) {
    if (h["doc_id"] == "wire") {
      CHECK(h["published"] == "2024-11-21T09:02:00+09:00");
      CHECK(h["publisher"] == "연합뉴스");
      CHECK(h["reporters"] == nlohmann::json::array({"홍길동"}));
      CHECK(h["updated"].is_null());
      CHECK(h["text"].get<std::string>().rfind("반도체 수출이", 0) == 0);  // the dateline is gone
    } else {
      for (const char* k : {"published", "updated", "publisher", "section", "url"}) CHECK(h[k].is_null());
      CHECK(h["reporters"] == nlohmann::json::array());
    }
  }
  const auto t = run("search " + idx + "-k 5 반도체 수출");
  CHECK(t.out.find("반도체 수출 석 달 연속 늘어  · 2024-11-21 09:02 연합뉴스  (wire#0)") != std::string::npos);
  const auto st = run("stats " + idx);
  CHECK(st.out.find("articles with published 1, updated 0, publisher 1, reporters 1, section 0, url 0") !=
        std::string::npos);
  const auto sj = nlohmann::json::parse(run("stats --json " + idx).out);
  CHECK(sj["articles_with"]["publisher"] == 1);
  CHECK(sj["news_fields"] == true);
}

TEST_CASE("eval: trec_eval names, several runs in one table, --answers over an index, --report") {
  TempDir tmp;
  write_file(tmp / "in/a.txt", "메타 투자\n\n메타는 스케일 AI 지분 49%를 확보했다.\n");
  write_file(tmp / "in/b.txt", "엔비디아\n\n엔비디아는 새 칩을 공개했다.\n");
  const std::string idx = (tmp / "idx").string();
  REQUIRE(run("index -q --index '" + idx + "' '" + (tmp / "in").string() + "'").status == 0);
  write_file(tmp / "qrels", "q1 0 a 1\nq2 0 b 1\n");
  write_file(tmp / "A.trec", "q1 Q0 b 1 2 A\nq1 Q0 a 2 1 A\nq2 Q0 b 1 1 A\n");
  write_file(tmp / "B.trec", "q1 Q0 a 1 2 B\nq1 Q0 b 2 1 B\nq2 Q0 b 1 1 B\n");
  write_file(tmp / "C.trec", "q1 Q0 b 1 2 C\nq2 Q0 a 1 1 C\n");
  write_file(tmp / "answers.jsonl",
             "{\"_id\": \"q1\", \"answers\": [\"스케일AI\"]}\n{\"_id\": \"q2\", \"answers\": [\"새 칩\"]}\n");
  const std::string q = "--qrels '" + (tmp / "qrels").string() + "' ";
  const auto file = [&](const char* name) { return "'" + (tmp / name).string() + "' "; };

  // The default measures: MRR@10 is RR@10, never trec_eval's recip_rank.
  const auto plain = run("eval " + q + "--run " + file("A.trec"));
  REQUIRE(plain.status == 0);
  CHECK(plain.out.find("RR@10") != std::string::npos);
  CHECK(plain.out.find("recip_rank") == std::string::npos);

  const auto many = run("eval " + q + "--json --permutations 100 --run " + file("A.trec") + "--run " +
                        file("B.trec") + "--run " + file("C.trec"));
  REQUIRE(many.status == 0);
  const auto m = nlohmann::json::parse(many.out);
  CHECK(m["correction"] == "holm");
  REQUIRE(m["systems"].size() == 3);
  CHECK(m["systems"][2]["measures"]["RR@10"].contains("randomization_p_holm"));
  const auto table = run("eval " + q + "--permutations 100 --run " + file("A.trec") + "--run " +
                         file("B.trec") + "--run " + file("C.trec"));
  CHECK(table.out.find("(baseline)") != std::string::npos);
  CHECK(table.out.find("Holm") != std::string::npos);
  const auto md = run("eval " + q + "--markdown --permutations 100 --run " + file("A.trec") + "--run " +
                      file("B.trec") + "--run " + file("C.trec"));
  CHECK(md.out.find("| system ") != std::string::npos);

  // Answers: q1's answer is in `a` (rank 2 in A), q2's in `b` (rank 1).
  const auto ans = run("eval " + q + "--json --run " + file("A.trec") + "--index '" + idx +
                       "' --answers " + file("answers.jsonl"));
  REQUIRE(ans.status == 0);
  const auto a = nlohmann::json::parse(ans.out);
  CHECK(a["answer_hit@1"].get<double>() == doctest::Approx(0.5));
  CHECK(a["answer_hit@5"].get<double>() == doctest::Approx(1.0));
  CHECK(run("eval " + q + "--run " + file("A.trec") + "--answers " + file("answers.jsonl")).status == 2);

  // Answers with a comparison, and the report.
  const std::string err = (tmp / "err.txt").string();
  const auto rep = run("eval " + q + "--json --permutations 100 --run " + file("A.trec") + "--compare " +
                           file("B.trec") + "--index '" + idx + "' --answers " + file("answers.jsonl") +
                           "--report " + file("r.html"),
                       err);
  REQUIRE(rep.status == 0);
  const auto c = nlohmann::json::parse(rep.out);
  CHECK(c["measures"]["answer_hit@1"]["diff"].get<double>() == doctest::Approx(0.5));
  const std::string html = kosearch::test::read_file(tmp / "r.html");
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<svg") != std::string::npos);
  CHECK(html.find("스케일 AI 지분") != std::string::npos);  // a top passage's text
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("(holds an answer)") != std::string::npos);

  // Several configurations searched on one index: one table, one run written per system.
  write_file(tmp / "q.tsv", "q1\t스케일 AI 지분\nq2\t새 칩 공개\n");
  const auto sys = run("eval " + q + "--json --permutations 100 --index '" + idx + "' --queries " +
                       file("q.tsv") + "--system '' --system 'k1=0.9 b=0.4' --system rerank=0 --run " +
                       file("s1.trec") + "--run " + file("s2.trec"));
  REQUIRE(sys.status == 0);
  const auto sj = nlohmann::json::parse(sys.out);
  REQUIRE(sj["systems"].size() == 3);
  CHECK(sj["systems"][1]["name"].get<std::string>().find("k1=0.9 b=0.4") != std::string::npos);
  CHECK(kosearch::test::read_file(tmp / "s2.trec").find("q1 Q0 a 1 ") != std::string::npos);
  CHECK(run("eval " + q + "--index '" + idx + "' --queries " + file("q.tsv") + "--system '' --run " +
            file("s1.trec") + "--run " + file("s2.trec")).status == 2);  // more outputs than systems
}
