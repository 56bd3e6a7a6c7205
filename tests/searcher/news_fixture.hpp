#pragma once
// A small news index for the search-side tests (filters, order, facets, grouped copies): our own
// Korean articles with their fields, added through Indexer::add(Document).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kosearch/indexer/indexer.hpp"

namespace kosearch::test {

// Seconds since the epoch of a KST (+09:00) date and time.
inline std::int64_t kst(int y, unsigned m, unsigned d, int h = 0, int mi = 0) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = era * 146097 + static_cast<std::int64_t>(doe) - 719468;
  return days * 86400 + h * 3600 + mi * 60 - 9 * 3600;
}

inline ArticleFields news_fields(std::string publisher, std::vector<std::string> reporters, std::string section,
                                 std::int64_t published) {
  ArticleFields f;
  f.publisher = std::move(publisher);
  f.reporters = std::move(reporters);
  f.section = std::move(section);
  f.published = published;
  return f;
}

// The story of `yna-1`; `copy-1` is it republished by another outlet: another headline and
// byline, a reworded lead, the last sentence cut.
inline const char* const kExportStory =
    "산업통상자원부는 14일 지난달 반도체 수출액이 작년 같은 달보다 32퍼센트 늘어난 112억 달러로 "
    "집계됐다고 밝혔다. 인공지능 서버에 들어가는 고대역폭 메모리 수요가 크게 늘면서 메모리 반도체 "
    "가격이 오른 것이 주된 요인으로 꼽힌다. 정부는 하반기에도 증가세가 이어질 것으로 내다보면서도 "
    "미국의 관세 정책이 변수가 될 수 있다고 설명했다. 업계에서는 중국 업체들의 추격이 빨라지고 있어 "
    "기술 격차를 유지하기 위한 투자가 필요하다는 목소리가 나온다.";
inline const char* const kExportCopy =
    "산업통상자원부가 14일 발표한 바에 따르면 지난달 반도체 수출액이 작년 같은 달보다 32퍼센트 늘어난 "
    "112억 달러로 집계됐다. 인공지능 서버에 들어가는 고대역폭 메모리 수요가 크게 늘면서 메모리 반도체 "
    "가격이 오른 것이 주된 요인으로 꼽힌다. 정부는 하반기에도 증가세가 이어질 것으로 내다보면서도 "
    "미국의 관세 정책이 변수가 될 수 있다고 설명했다.";
// Another story about the same event: must not be grouped with it.
inline const char* const kExportReaction =
    "지난달 반도체 수출이 크게 늘었다는 정부 발표에 대해 중소 부품 업체들은 온기를 느끼지 못한다고 "
    "입을 모았다. 경기도의 한 장비 업체 대표는 대기업 중심의 메모리 호황일 뿐 협력사 주문은 오히려 "
    "줄었다고 말했다. 전문가들은 수출 실적이 일부 품목에 쏠려 있어 산업 전반으로 효과가 퍼지기 "
    "어렵다고 지적했다. 정부는 다음 달 중소 협력사 지원 대책을 내놓을 계획이다.";

// Six articles that all mention 반도체:
//   yna-1    연합뉴스 [홍길동]          경제  2025-08-14 10:00 KST  (kExportStory)
//   copy-1   뉴스1    [이철수]          경제  2025-08-14 11:00 KST  (kExportCopy)
//   news1-2  뉴스1    [이철수, 김영희]  산업  2025-08-14 23:30 KST  (long: several passages)
//   hani-1   한겨레   [김민지]          사회  2025-08-15 01:00 KST  (kExportReaction)
//   newsis-1 뉴시스   [홍길동]          정치  2025-07-30 09:00 KST
//   plain-1  no fields
inline void build_news_index(const std::filesystem::path& dir) {
  Indexer indexer(dir);
  indexer.add({"yna-1", "반도체 수출 32% 증가", kExportStory, "",
               news_fields("연합뉴스", {"홍길동"}, "경제", kst(2025, 8, 14, 10, 0))});
  indexer.add({"copy-1", "지난달 반도체 수출 112억 달러", kExportCopy, "",
               news_fields("뉴스1", {"이철수"}, "경제", kst(2025, 8, 14, 11, 0))});
  std::string long_text;
  for (int i = 1; i <= 24; ++i) {
    long_text += "반도체 장비 업체 " + std::to_string(i) + "곳이 올해 " + std::to_string(i * 7) +
                 "명을 새로 뽑았고 설비 투자도 " + std::to_string(i * 3) + "퍼센트 늘렸다. ";
  }
  indexer.add({"news1-2", "반도체 장비 업체 채용 늘어", long_text, "",
               news_fields("뉴스1", {"이철수", "김영희"}, "산업", kst(2025, 8, 14, 23, 30))});
  indexer.add({"hani-1", "수출 호황에도 협력사는 찬바람", kExportReaction, "",
               news_fields("한겨레", {"김민지"}, "사회", kst(2025, 8, 15, 1, 0))});
  indexer.add({"newsis-1", "반도체 특별법 상임위 통과",
               "국회 산업통상자원위원회는 30일 전체회의를 열고 반도체 특별법 개정안을 의결했다. 개정안은 "
               "연구개발 인력의 근로시간 특례와 설비 투자 세액공제 확대를 담았다.",
               "", news_fields("뉴시스", {"홍길동"}, "정치", kst(2025, 7, 30, 9, 0))});
  indexer.add({"plain-1", "메모", "반도체 공부 메모: 메모리와 비메모리의 차이를 정리했다.", ""});
  indexer.commit();
}

}  // namespace kosearch::test

namespace kosearch::test {

// The same kind of text without any news field (an index built before them, or plain text).
inline void index_texts_plain(const std::filesystem::path& dir) {
  Indexer indexer(dir);
  indexer.add({"p1", "메모", "반도체 공부 메모: 메모리와 비메모리의 차이를 정리했다.", ""});
  indexer.add({"p2", "메모", "반도체 장비 목록을 다시 정리했다.", ""});
  indexer.commit();
}

}  // namespace kosearch::test
