// News pages: the fields each outlet's page shape states, and what leaves the body. The pages
// under news_pages/ were written for these tests, one per outlet shape.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

#include "article_fields.hpp"
#include "index_fixture.hpp"
#include "kosearch/indexer/article.hpp"
#include "news/bylines.hpp"
#include "news/dates.hpp"
#include "news/outlets.hpp"
#include "test_util.hpp"

using namespace kosearch;

namespace {

std::filesystem::path pages() { return std::filesystem::path(KOSEARCH_SOURCE_DIR) / "tests/indexer/news_pages"; }

std::string iso(const std::optional<std::int64_t>& t, std::int32_t offset) {
  return t ? schema::format_iso8601(*t, offset) : std::string();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out;
}

struct Golden {
  const char* file;
  const char* title;
  const char* published;
  const char* updated;
  const char* publisher;
  const char* reporters;
  const char* first_body_line;
};

}  // namespace

TEST_CASE("news pages: each outlet's shape gives its fields, a clean body and the headline as title") {
  const Golden golden[] = {
      {"yonhap.txt", "반도체 수출 석 달 연속 늘어…11월 1∼20일 12% 증가", "2024-11-21T09:02:00+09:00", "", "연합뉴스",
       "홍길동", "반도체 수출이 석 달 연속 증가세를 이어간 것으로 집계됐다."},
      {"newsis.txt", "서울 첫눈 예년보다 일주일 늦어…주말 기온 뚝", "2024-03-08T08:40:00+09:00",
       "2024-03-08T09:12:00+09:00", "뉴시스", "김영희", "서울에 올겨울 첫눈이 내렸다고 기상청이 8일 밝혔다."},
      {"news1.txt", "", "2024-12-21T17:02:00+09:00", "", "뉴스1", "이철수", "정부가 내년도 청년 주거 지원 예산을 늘리기로 했다."},
      {"hani.txt", "한국은행 기준금리 동결…물가 둔화에도 신중론", "2024-01-11T10:05:00+09:00", "2024-01-11T14:30:00+09:00",
       "한겨레", "김민지", "한국은행 금융통화위원회가 기준금리를 연 3.50%로 동결했다."},
      {"zdnet.txt", "국내 클라우드 시장 점유율 경쟁 본격화", "2024-12-21T17:02:00+09:00", "2024-12-21T18:10:00+09:00",
       "ZDNet Korea", "이준호", "국내 클라우드 사업자들이 공공 시장을 두고 경쟁에 나섰다."},
      {"chosun.txt", "전국 아파트 거래량 두 달째 감소", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00", "조선일보",
       "박서준", "전국 아파트 거래량이 두 달 연속 줄어든 것으로 나타났다."},
      {"joongang.txt", "올해 수능 응시자 작년보다 1만명 늘어", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00",
       "중앙일보", "최유리", "올해 대학수학능력시험 응시자가 지난해보다 1만명가량 늘었다."},
      {"donga.txt", "지하철 요금 내년부터 150원 인상", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00", "동아일보",
       "정하늘", "서울 지하철 기본요금이 내년부터 150원 오른다."},
      {"hankyung.txt", "코스피 2,600선 회복…외국인 사흘째 순매수", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00",
       "한국경제", "강민수", "코스피가 외국인 매수세에 힘입어 2,600선을 되찾았다."},
      {"mk.txt", "중소기업 대출 연체율 5년 만에 최고", "2024-11-02T15:15:10+09:00", "2024-11-02T16:20:00+09:00", "매일경제",
       "윤지호", "중소기업 대출 연체율이 5년 만에 가장 높은 수준으로 올라섰다."},
      {"kbs.txt", "남부지방 강한 비…내일 오전까지 최대 80mm", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00", "KBS",
       "임도윤", "남부지방을 중심으로 강한 비가 내리고 있다."},
      {"mbc.txt", "전기차 보조금 신청 첫날 접수 몰려", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00", "MBC",
       "한지민", "전기차 구매 보조금 신청 첫날 접수가 몰리며 홈페이지 접속이 한때 지연됐다."},
      {"sbs.txt", "프로야구 관중 역대 최다 기록", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00", "SBS", "오승훈",
       "올해 프로야구 관중이 역대 최다를 기록했다."},
      {"ytn.txt", "고속도로 휴게소 음식값 점검 나선다", "2024-11-02T15:15:00+09:00", "", "YTN", "배수진",
       "정부가 고속도로 휴게소 음식값 실태 점검에 나선다."},
      {"mt.txt", "카드 결제액 석 달 만에 반등", "2024-11-02T15:15:00+09:00", "", "머니투데이", "홍민호",
       "지난달 카드 승인액이 석 달 만에 늘었다."},
      {"edaily.txt", "항공권 유류할증료 다음 달 인하", "2024-11-02T15:15:00+09:00", "2024-11-02T16:20:00+09:00", "이데일리",
       "서민재", "다음 달 국제선 항공권 유류할증료가 내린다."},
      {"etnews.txt", "중소 제조업체 스마트공장 지원 확대", "2024-01-30T06:00:00+09:00", "", "전자신문", "노태윤",
       "정부가 중소 제조업체의 스마트공장 구축 지원을 늘린다."},
      {"bloter.txt", "게임업계 신작 출시 하반기 몰린다", "2024-11-02T15:15:00+09:00", "", "블로터", "윤가을",
       "주요 게임사들의 신작 출시가 하반기에 몰릴 전망이다."},
      {"ddaily.txt", "통신 3사 5G 요금제 개편 착수", "2024-11-02T15:15:00+09:00", "", "디지털데일리", "권하람",
       "통신 3사가 5G 요금제 개편에 착수했다."},
      {"heraldcorp.txt", "뉴욕증시 기술주 강세에 상승 마감", "2024-11-02T15:15:00+09:00", "", "헤럴드경제", "문서윤",
       "뉴욕증시가 기술주 강세에 힘입어 상승 마감했다."},
      {"aitimes.txt", "", "", "", "AI타임스", "박찬", "인공지능 스타트업들이 데이터 확보 경쟁에 뛰어들었다."},
  };
  for (const Golden& g : golden) {
    CAPTURE(g.file);
    const ParsedArticle a = parse_article(test::read_file(pages() / g.file));
    CHECK(a.title == g.title);
    CHECK(iso(a.fields.published, a.fields.published_offset_minutes) == g.published);
    CHECK(iso(a.fields.updated, a.fields.updated_offset_minutes) == g.updated);
    CHECK(a.fields.publisher == g.publisher);
    CHECK(joined(a.fields.reporters) == g.reporters);
    CHECK(a.body.rfind(g.first_body_line, 0) == 0);
    CHECK(a.warnings.empty());
    // Nothing of the furniture is passage text.
    for (const char* furniture : {"기자", "@", "입력", "수정", "등록", "송고", "Copyright", "ⓒ", "©", "저작권", "재판매",
                                  "사진=", "무단"}) {
      CAPTURE(furniture);
      CHECK(a.body.find(furniture) == std::string::npos);
    }
    // The kept lines still map to their bytes in the file.
    const std::string src = test::read_file(pages() / g.file);
    for (const auto& line : a.lines) {
      CHECK(src.substr(line.source_offset, line.length) == a.body.substr(line.body_offset, line.length));
    }
  }
}

TEST_CASE("news pages: captions are kept apart, the section word and a wire photo caption") {
  const ParsedArticle yonhap = parse_article(test::read_file(pages() / "yonhap.txt"));
  REQUIRE(yonhap.fields.captions.size() == 1);
  CHECK(yonhap.fields.captions[0] == "부산항 신선대부두에 쌓인 수출 컨테이너");
  const ParsedArticle newsis = parse_article(test::read_file(pages() / "newsis.txt"));
  REQUIRE(newsis.fields.captions.size() == 1);
  CHECK(newsis.fields.captions[0] == "[서울=뉴시스] 8일 오전 서울 종로구 광화문광장에 눈이 내리고 있다.");
  CHECK(newsis.body.find("광화문광장") == std::string::npos);
  const ParsedArticle hani = parse_article(test::read_file(pages() / "hani.txt"));
  CHECK(hani.fields.section == "경제");
  // Site names above the headline are not a section.
  CHECK(parse_article(test::read_file(pages() / "kbs.txt")).fields.section.empty());
}

TEST_CASE("dates: the shapes Korean pages use, KST unless stated, labels") {
  using news::dates_in_line;
  auto one = [](std::string_view line) {
    const auto d = dates_in_line(line);
    return d.size() == 1 ? schema::format_iso8601(d[0].when.epoch, d[0].when.offset_minutes) : std::string("?");
  };
  CHECK(one("입력 2024.11.02. 오후 3:15") == "2024-11-02T15:15:00+09:00");
  CHECK(one("입력 2024.11.02. 오전 12:05") == "2024-11-02T00:05:00+09:00");
  CHECK(one("등록 2024-03-08 08:40") == "2024-03-08T08:40:00+09:00");
  CHECK(one("입력 :2024/12/21 17:02") == "2024-12-21T17:02:00+09:00");
  CHECK(one("발행일 : 2024-01-30 06:00") == "2024-01-30T06:00:00+09:00");
  CHECK(one("2024/11/02 15:15 송고") == "2024-11-02T15:15:00+09:00");
  CHECK(one("2024년 11월 2일 15시 15분") == "2024-11-02T15:15:00+09:00");
  CHECK(one("2025-08-14T10:41:00Z") == "2025-08-14T10:41:00+00:00");
  CHECK(one("입력 2024.11.02 (15:15)") == "2024-11-02T15:15:00+09:00");
  CHECK(one("2024-02-30 10:00") == "?");  // not a calendar date
  CHECK(dates_in_line("13일(현지시간) 143억 달러, 2026년까지").empty());
  const auto two = dates_in_line("입력 2024.11.02 15:15 | 수정 2024.11.02 16:20");
  REQUIRE(two.size() == 2);
  CHECK(two[0].kind == news::DateInLine::Kind::kPublished);
  CHECK(two[1].kind == news::DateInLine::Kind::kUpdated);
  CHECK(dates_in_line("2024/11/02 15:15 송고")[0].kind == news::DateInLine::Kind::kPublished);

  CHECK(news::parse_date_value("2025-08-14") ->epoch == 1755097200);  // midnight KST
  CHECK(news::parse_date_value("2025-08-14T10:41:00+09:00")->epoch == 1755135660);
  CHECK(news::parse_date_value("2025-08-14T01:41:00Z")->epoch == 1755135660);
  CHECK(news::parse_date_value("2025.08.14 10:41")->epoch == 1755135660);
  CHECK(news::parse_date_value("1755135660")->epoch == 1755135660);
  CHECK_FALSE(news::parse_date_value("어제 오후"));
  CHECK_FALSE(news::parse_date_value("2025-08-14 10:41 and more"));
}

TEST_CASE("bylines: wire datelines, bracketed, with e-mail, outlet first, several names") {
  auto b = news::parse_byline("(서울=연합뉴스) 홍길동 기자 = 정부가 발표했다.");
  REQUIRE(b);
  CHECK(b->publisher == "연합뉴스");
  CHECK(joined(b->reporters) == "홍길동");
  CHECK(std::string("(서울=연합뉴스) 홍길동 기자 = 정부가 발표했다.").substr(b->prefix_bytes) == "정부가 발표했다.");
  b = news::parse_byline("[서울=뉴시스] 김영희 기자 = 본문");
  REQUIRE(b);
  CHECK((b->publisher == "뉴시스" && joined(b->reporters) == "김영희"));
  b = news::parse_byline("(서울=뉴스1) 이철수 기자 | 본문");
  REQUIRE(b);
  CHECK((b->publisher == "뉴스1" && joined(b->reporters) == "이철수"));
  b = news::parse_byline("[박찬 기자]");
  REQUIRE(b);
  CHECK((b->whole_line && joined(b->reporters) == "박찬"));
  b = news::parse_byline("김민지 기자 mjkim@hani.co.kr");
  REQUIRE(b);
  CHECK((b->whole_line && b->email == "mjkim@hani.co.kr" && news::outlet_of_domain(b->email) == "한겨레"));
  b = news::parse_byline("이준호 기자(junho@zdnet.co.kr)");
  REQUIRE(b);
  CHECK((joined(b->reporters) == "이준호" && news::outlet_of_domain(b->email) == "ZDNet Korea"));
  b = news::parse_byline("테크일보 박민재 기자 | 2025.06.13 10:41");
  REQUIRE(b);
  CHECK((b->publisher == "테크일보" && joined(b->reporters) == "박민재"));
  // Three reporters on one byline: all three.
  b = news::parse_byline("홍길동·김철수·이영희 기자");
  REQUIRE(b);
  CHECK(joined(b->reporters) == "홍길동,김철수,이영희");
  b = news::parse_byline("홍길동 기자, 김철수 기자, 남궁민수 특파원");
  REQUIRE(b);
  CHECK(joined(b->reporters) == "홍길동,김철수,남궁민수");
  // Sentences and headings are not bylines.
  CHECK_FALSE(news::parse_byline("치열한 경쟁"));
  CHECK_FALSE(news::parse_byline("메타가 새 연구소를 세웠다고 밝혔다."));
  CHECK_FALSE(news::parse_byline("사진 기자"));
}

TEST_CASE("outlets: copyright lines and domains name the outlet from one table") {
  CHECK(news::outlet_of_copyright("ⓒ 한겨레신문사 : 무단전재 및 재배포 금지") == "한겨레");
  CHECK(news::outlet_of_copyright("Copyright © NEWSIS.COM, All rights reserved.") == "뉴시스");
  CHECK(news::outlet_of_copyright("<저작권자 Copyright ⓒ AI타임스 무단전재 및 재배포 금지>") == "AI타임스");
  CHECK(news::outlet_of_copyright("<저작권자 ⓒ 가상뉴스, 무단전재 및 재배포 금지>") == "가상뉴스");
  CHECK(news::outlet_of_copyright("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>") == "연합뉴스");
  CHECK(news::outlet_of_copyright("본문에 저작권이라는 말이 나와도") == "");
  CHECK(news::outlet_of_domain("www.yna.co.kr") == "연합뉴스");
  CHECK(news::outlet_of_domain("someone@biz.chosun.com") == "조선비즈");
  CHECK(news::outlet_of_domain("example.com") == "");
}

TEST_CASE("bad input: dates in the future or before 1900, two dates, a caption like a headline") {
  const auto future = parse_article(
      "미래에서 온 기사의 제목이 여기에 있습니다\n입력 2999-01-01 10:00\n본문 첫 문장은 충분히 길게 씁니다. 내용이 이어집니다.\n");
  CHECK_FALSE(future.fields.published);
  REQUIRE(future.warnings.size() == 1);
  CHECK(future.warnings[0].find("in the future") != std::string::npos);
  CHECK(future.body.find("본문 첫 문장은") == 0);

  const auto old = parse_article("아주 오래된 기사의 제목이 여기에 있습니다\n입력 1850-03-01 09:00\n본문은 남아 있습니다.\n");
  CHECK_FALSE(old.fields.published);
  REQUIRE(old.warnings.size() == 1);
  CHECK(old.warnings[0].find("before 1900") != std::string::npos);

  const auto two = parse_article(
      "날짜가 두 번 나오는 기사의 제목입니다\n2024.11.02 15:15\n본문 문장이 여기에 있습니다.\n2024.11.05 09:00\n");
  CHECK(iso(two.fields.published, 540) == "2024-11-02T15:15:00+09:00");
  CHECK_FALSE(two.fields.updated);
  REQUIRE(two.warnings.size() == 1);
  CHECK(two.warnings[0].find("two dates") != std::string::npos);

  const auto updated = parse_article(
      "수정 시각이 뒤에 나오는 기사의 제목\n입력 2024.11.02 15:15\n본문 문장이 여기에 있습니다.\n업데이트 2024.11.03 08:00\n");
  CHECK(iso(updated.fields.updated, 540) == "2024-11-03T08:00:00+09:00");
  CHECK(updated.warnings.empty());

  // A photo caption at the top, above its credit, is not the title.
  const auto caption = parse_article(
      "시청 앞 광장에 모인 시민들의 모습\n[가상뉴스 자료사진. 재판매 및 DB 금지]\n"
      "시민 수천 명이 광장에 모여 행사를 지켜봤다\n행사는 저녁까지 이어졌다고 주최 측은 밝혔다.\n");
  CHECK(caption.title == "시민 수천 명이 광장에 모여 행사를 지켜봤다");
  REQUIRE(caption.fields.captions.size() == 1);
  CHECK(caption.fields.captions[0] == "시청 앞 광장에 모인 시민들의 모습");
  CHECK(caption.body == "행사는 저녁까지 이어졌다고 주최 측은 밝혔다.");

  // No dateline, no byline, no copyright: no field at all, whatever numbers the text holds.
  const auto none = parse_article("숫자가 많은 기사의 제목이 여기에\n2024년 매출은 143억 달러로 49% 늘었다. 13일 발표됐다.\n");
  CHECK(none.fields.empty());
}

TEST_CASE("seeds: fields and cleaned bodies") {
  KOSEARCH_REQUIRE_SEEDS();
  const auto dir = test::shared_dir() / "seeds";
  const auto a0 = parse_article(test::read_file(dir / "000_70925cf240376a45.txt"));
  CHECK(a0.fields.section == "글로벌");
  CHECK(a0.fields.publisher.empty());
  CHECK(a0.body.find("혁신적인 스타트업들의 이야기") == std::string::npos);  // reporter bio
  CHECK(a0.body.find("메타는 앞으로 몇 주 내에") != std::string::npos);       // last sentence kept

  const auto a1 = parse_article(test::read_file(dir / "001_3198b46c1192ac82.txt"));
  CHECK(a1.title.empty());  // no headline line: no title made of the first sentence
  CHECK(a1.body.find("이미지 출처") == std::string::npos);
  CHECK(a1.body.rfind("메타(Meta)가 인공지능 분야", 0) == 0);

  const auto a2 = parse_article(test::read_file(dir / "002_2cbcf07557b5738c.txt"));
  CHECK(a2.title.empty());
  CHECK(a2.body.find("사진: 뉴욕 타임스") == std::string::npos);
  CHECK(a2.body.find("출처: https") == std::string::npos);
  CHECK(a2.fields.captions.size() == 3);
  CHECK(a2.body.find("뉴욕 타임스 에 따르면 메타는") != std::string::npos);  // the story's own mention stays

  const auto a3 = parse_article(test::read_file(dir / "003_57f3ac3bad97eb1d.txt"));
  CHECK(a3.title.empty());
  CHECK(a3.fields.publisher == "AI타임스");
  CHECK(joined(a3.fields.reporters) == "박찬");
  CHECK(a3.body.find("cpark@") == std::string::npos);
  CHECK(a3.body.find("[박찬") == std::string::npos);

  const auto a4 = parse_article(test::read_file(dir / "004_01e8c4ba6ece03e8.txt"));
  CHECK(a4.fields.publisher == "연합뉴스");
  CHECK(joined(a4.fields.reporters) == "주종국");
  CHECK(a4.body.find("(서울=연합뉴스)") == std::string::npos);
  CHECK(a4.body.find("차세대 인공지능(AI) 시스템인") != std::string::npos);  // the lead's sentence stays
  CHECK(a4.body.find("연합뉴스 주종국") == std::string::npos);
  CHECK(a4.body.find("재판매") == std::string::npos);
  CHECK(a4.fields.captions.size() == 2);
}
