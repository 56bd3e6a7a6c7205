// .txt articles in the encodings Korean users save (EUC-KR, CP949, UTF-16 with BOM, repaired
// UTF-8) are indexed and found; IndexerOptions::encoding forces one. Built once decode_text is
// part of kosearch_indexer (see tests/reliability/CMakeLists.txt).

#include <doctest/doctest.h>
#include <iconv.h>

#include <string>

#include "kosearch/core/error.hpp"
#include "kosearch/indexer/indexer.hpp"
#include "kosearch/searcher/searcher.hpp"
#include "test_util.hpp"

using kosearch::test::TempDir;
using kosearch::test::write_file;

namespace {

std::string iconv_to(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  REQUIRE(iconv(cd, &in, &in_left, &o, &out_left) != static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

std::string article(const std::string& title, const std::string& body) {
  return "국제\n\n" + title + "\n\n" + body + "\n";
}

}  // namespace

TEST_CASE("txt articles in EUC-KR, CP949, UTF-16 and broken UTF-8 are indexed and found") {
  TempDir tmp;
  const std::string euc_title = "메타, 스케일AI 지분 49% 확보하며 초지능 연구 가속";
  write_file(tmp / "in/euc.txt",
             iconv_to(article(euc_title,
                              "메타가 스케일AI의 지분 49%를 143억 달러에 사들였다고 "
                              "밝혔다. 알렉산더 왕 창업자가 새 연구소를 이끈다."),
                      "EUC-KR"));
  const std::string cp_title = "똠방각하 햏자, 동네 식당에서 똠얌꿍을 맛보다";
  write_file(
      tmp / "in/cp949.txt",
      iconv_to(article(cp_title, "똠얌꿍을 처음 먹어 본 햏자는 맛이 뷁이라고 말했다."), "CP949"));
  write_file(tmp / "in/u16le.txt",
             "\xFF\xFE" + iconv_to(article("엔비디아, 새 인공지능 칩 공개하며 반격 나서",
                                           "엔비디아가 새 인공지능 칩을 공개했다."),
                                   "UTF-16LE"));
  write_file(tmp / "in/u16be.txt",
             "\xFE\xFF" + iconv_to(article("삼성전자, 고대역폭 메모리 양산 계획 발표",
                                           "삼성전자가 고대역폭 메모리를 양산한다."),
                                   "UTF-16BE"));
  write_file(tmp / "in/broken.txt",
             article("깨진 바이트가 섞인 기사 제목 줄입니다", "본문 \xFF 구글 클라우드 이야기."));
  write_file(tmp / "in/binary.txt", std::string("\x89PNG\r\n\x1a\n\0\0\0", 11));

  kosearch::Indexer indexer(tmp / "idx");
  const auto r = indexer.add_path(tmp / "in");
  indexer.commit();
  std::string all;
  for (const auto& p : r.problems) all += p + "\n";
  CAPTURE(all);
  CHECK(r.articles == 5);
  CHECK(r.skipped == 1);
  CHECK(all.find("binary.txt: binary file") != std::string::npos);
  CHECK(all.find("broken.txt: invalid UTF-8 at byte") != std::string::npos);
  CHECK(all.find("euc.txt") == std::string::npos);  // converted silently

  kosearch::Searcher s(tmp / "idx");
  struct Row {
    const char* query;
    const char* doc_id;
  };
  for (const Row& row :
       {Row{"스케일AI 지분", "euc"}, Row{"똠얌꿍", "cp949"}, Row{"인공지능 칩", "u16le"},
        Row{"고대역폭 메모리", "u16be"}, Row{"구글 클라우드", "broken"}}) {
    CAPTURE(row.query);
    const auto res = s.search(row.query);
    REQUIRE(!res.hits.empty());
    CHECK(res.hits[0].doc_id == row.doc_id);
  }
  CHECK(s.search("스케일AI").hits.at(0).title == euc_title);
  CHECK(s.search("똠방각하").hits.at(0).title == cp_title);
}

TEST_CASE("IndexerOptions::encoding forces an encoding, an unknown one is an InvalidArgument") {
  TempDir tmp;
  write_file(tmp / "in/short.txt",
             iconv_to(article("왕의 귀환 소식이 전해진 날의 기록",
                              "왕이 돌아왔다고 신하들이 전했다. 백성들은 거리로 나와 환영했다."),
                      "CP949"));
  kosearch::IndexerOptions o;
  o.encoding = "CP949";
  {
    kosearch::Indexer indexer(tmp / "idx", o);
    const auto r = indexer.add_path(tmp / "in");
    std::string all;
    for (const auto& p : r.problems) all += p + "\n";
    CAPTURE(all);
    CHECK(r.articles == 1);
    CHECK(r.problems.empty());
    indexer.commit();
  }
  CHECK(!kosearch::Searcher(tmp / "idx").search("귀환 소식").hits.empty());
  // Refused when the indexer is built or, at the latest, when it reads the first .txt file.
  o.encoding = "klingon-8";
  CHECK_THROWS_AS(
      {
        kosearch::Indexer indexer(tmp / "idx2", o);
        (void)indexer.add_path(tmp / "in");
      },
      kosearch::InvalidArgument);
}
