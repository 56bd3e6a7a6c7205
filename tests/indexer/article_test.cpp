#include <doctest/doctest.h>

#include "kosearch/indexer/article.hpp"
#include "test_util.hpp"

using kosearch::parse_article;

TEST_CASE("headline after a section word and navigation") {
  const auto a = parse_article(
      "글로벌\n\n메타, 스케일AI 지분 49% 인수하며 초지능 연구 본격화\n\n"
      "메타가 스케일AI에 대규모 투자를 단행했다. 업계는 이번 거래에 주목하고 있다.\n");
  CHECK(a.title == "메타, 스케일AI 지분 49% 인수하며 초지능 연구 본격화");
  CHECK(a.body == "메타가 스케일AI에 대규모 투자를 단행했다. 업계는 이번 거래에 주목하고 있다.");
}

TEST_CASE("site navigation and a weather widget are not the headline") {
  const auto a = parse_article(
      "본문 바로가기\n뉴스\n서울\n맑음 / 3.0 °\n가상뉴스 언론사 이미지\n\n"
      "\"오픈AI 연구진 대거 이동\"…메타 초지능 연구소 출범\n\n가상뉴스 김기자\n원문보기\n"
      "메타가 새 연구소를 세웠다고 밝혔다.\n");
  CHECK(a.title == "\"오픈AI 연구진 대거 이동\"…메타 초지능 연구소 출범");
  CHECK(a.body == "가상뉴스 김기자\n메타가 새 연구소를 세웠다고 밝혔다.");
}

TEST_CASE("no headline line: no title (the first sentence is not made one), the sentence stays in the body") {
  const auto a = parse_article(
      "메타(Meta)가 인공지능 분야 최고 인재 확보 경쟁에서 큰 승부수를 던졌다. 이 회사는 "
      "연구소를 새로 만들고 여러 연구자를 영입했다고 밝혔으며, 업계는 이 움직임을 주시하고 "
      "있다. 경쟁사들도 대응에 나섰다. 이번 결정은 업계 전반에 큰 파장을 낳을 전망이다.\n");
  CHECK(a.title.empty());
  CHECK(a.body.rfind("메타(Meta)가", 0) == 0);
}

TEST_CASE("furniture: byline, photo credits, promos, copyright and everything after it") {
  const auto a = parse_article(
      "[박기자 기자]\n첫 문단은 충분히 길게 써서 본문으로 인식되도록 합니다. 그리고 이어지는 "
      "설명도 길게 덧붙여서 제목 후보가 되지 않게 만듭니다. 한 문장 더 씁니다.\n"
      "사진 설명[가상뉴스 자료사진. 재판매 및 DB 금지]\n"
      "둘째 문단입니다.\n"
      "kim@example.com\n"
      "▶제보는 카카오톡\n"
      "<저작권자 ⓒ 가상뉴스, 무단전재 및 재배포 금지>\n"
      "관련 기사\n다른 기사 제목이 여기에 옵니다\n");
  CHECK(a.body.find("재판매") == std::string::npos);
  CHECK(a.body.find("kim@") == std::string::npos);
  CHECK(a.body.find("제보") == std::string::npos);
  CHECK(a.body.find("저작권") == std::string::npos);
  CHECK(a.body.find("다른 기사") == std::string::npos);
  CHECK(a.body.find("[박기자") == std::string::npos);
  CHECK(a.body.find("둘째 문단입니다.") != std::string::npos);
  CHECK(a.furniture_lines >= 6);
}

TEST_CASE("a repeated paragraph (image block) is indexed once") {
  const std::string para = "같은 문단이 이미지 블록 때문에 두 번 반복되어 저장된 경우입니다.";
  const auto a = parse_article("제목이 될 만큼 충분한 길이의 한국어 헤드라인\n" + para + "\n" + para + "\n");
  CHECK(a.body == para);
}

TEST_CASE("body offsets map back to the source text") {
  const std::string src = "메뉴\n\n충분히 긴 한국어 제목 줄입니다 여기\n\n  첫 줄 본문입니다.\n\n둘째 줄 본문입니다.\n";
  const auto a = parse_article(src);
  REQUIRE(a.body == "첫 줄 본문입니다.\n둘째 줄 본문입니다.");
  const auto second = a.body.find("둘째");
  const auto src_off = a.to_source_offset(static_cast<std::uint32_t>(second));
  CHECK(src.substr(src_off, 6) == "둘째");
  CHECK(src.substr(a.to_source_offset(0), 3) == "첫");
}

TEST_CASE("seeds: titles are taken from the text") {
  KOSEARCH_REQUIRE_SEEDS();
  const auto dir = kosearch::test::shared_dir() / "seeds";
  const auto a0 = parse_article(kosearch::test::read_file(dir / "000_70925cf240376a45.txt"));
  CHECK(a0.title == "메타, 스케일AI 창립자 알렉산더 왕과 함께 ‘초지능’ 올인 선언");
  const auto a4 = parse_article(kosearch::test::read_file(dir / "004_01e8c4ba6ece03e8.txt"));
  CHECK(a4.title.find("19조원대 투자 확정") != std::string::npos);
  CHECK(a4.body.find("실시간") == std::string::npos);     // trending list
  CHECK(a4.body.find("연합뉴스 앱") == std::string::npos);  // promo link
  CHECK(a4.body.find("지분 49%를 매입") != std::string::npos);
}

TEST_CASE("a page that is only a headline or a short line is its own text, not skipped") {
  const auto one = parse_article("메타, 스케일AI 지분 49% 인수\n");
  CHECK(one.title == "메타, 스케일AI 지분 49% 인수");
  CHECK(one.body == "메타, 스케일AI 지분 49% 인수");
  CHECK(one.furniture_lines == 0);
  CHECK(one.to_source_offset(0) == 0);

  const auto short_line = parse_article("\n  김대중 대통령\n");
  CHECK(short_line.body == "김대중 대통령");
  CHECK(short_line.to_source_offset(0) == 3);  // after the blank line and the indent
  CHECK(short_line.title == "김대중 대통령");
}
