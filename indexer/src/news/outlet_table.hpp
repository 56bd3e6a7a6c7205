#pragma once
// Internal: THE table of outlets. Each row: the name the outlet uses for itself, then the other
// spellings a page may use for it (company names in copyright lines, English names, web and
// e-mail domains). Domains are matched as host suffixes, the rest as substrings of a line. To add
// an outlet, add a row here; nothing else names outlets.

#include <array>
#include <initializer_list>
#include <string_view>

namespace kosearch::news {

struct OutletRow {
  std::string_view name;
  std::initializer_list<std::string_view> spellings;
  std::initializer_list<std::string_view> domains;
};

// A function, not a global: the rows are built where used.
inline const auto& outlet_table() {
  static const std::array<OutletRow, 45> rows = {{
      {"연합뉴스", {"연합뉴스", "Yonhap News", "YONHAPNEWS", "Yonhap"}, {"yna.co.kr", "yonhapnews.co.kr"}},
      {"연합뉴스TV", {"연합뉴스TV", "연합뉴스티브이"}, {"yonhapnewstv.co.kr"}},
      {"뉴시스", {"뉴시스", "NEWSIS"}, {"newsis.com"}},
      {"뉴스1", {"뉴스1", "News1", "NEWS1"}, {"news1.kr"}},
      {"한겨레", {"한겨레신문사", "한겨레신문", "한겨레", "Hankyoreh"}, {"hani.co.kr"}},
      {"경향신문", {"경향신문", "Kyunghyang"}, {"khan.co.kr"}},
      {"조선일보", {"조선일보사", "조선일보", "Chosun Ilbo", "Chosunilbo", "chosun.com"}, {"chosun.com"}},
      {"조선비즈", {"조선비즈", "ChosunBiz"}, {"biz.chosun.com", "chosunbiz.com"}},
      {"중앙일보", {"중앙일보사", "중앙일보", "JoongAng Ilbo", "joongang.co.kr"}, {"joongang.co.kr", "joins.com"}},
      {"동아일보", {"동아일보사", "동아일보", "donga.com", "Dong-A Ilbo"}, {"donga.com"}},
      {"한국일보", {"한국일보사", "한국일보", "Hankook Ilbo"}, {"hankookilbo.com"}},
      {"국민일보", {"국민일보", "Kukmin Ilbo"}, {"kmib.co.kr"}},
      {"세계일보", {"세계일보", "Segye"}, {"segye.com"}},
      {"서울신문", {"서울신문사", "서울신문"}, {"seoul.co.kr"}},
      {"문화일보", {"문화일보"}, {"munhwa.com"}},
      {"한국경제", {"한국경제신문", "한국경제", "한경닷컴", "Hankyung"}, {"hankyung.com"}},
      {"매일경제", {"매일경제신문", "매일경제", "매경닷컴", "Maeil Business"}, {"mk.co.kr"}},
      {"서울경제", {"서울경제신문", "서울경제", "Seoul Economic Daily"}, {"sedaily.com"}},
      {"아시아경제", {"아시아경제", "Asia Economy"}, {"asiae.co.kr"}},
      {"헤럴드경제", {"헤럴드경제", "헤럴드코퍼레이션", "Herald Corporation", "heraldcorp"}, {"heraldcorp.com"}},
      {"파이낸셜뉴스", {"파이낸셜뉴스", "Financial News"}, {"fnnews.com"}},
      {"머니투데이", {"머니투데이", "Money Today", "MoneyToday"}, {"mt.co.kr"}},
      {"이데일리", {"이데일리", "Edaily", "EDAILY"}, {"edaily.co.kr"}},
      {"전자신문", {"전자신문인터넷", "전자신문", "etnews", "Electronic Times"}, {"etnews.com"}},
      {"디지털타임스", {"디지털타임스", "Digital Times"}, {"dt.co.kr"}},
      {"ZDNet Korea", {"지디넷코리아", "ZDNet Korea", "ZDNET Korea", "ZDNetKorea", "ZDNet", "메가뉴스"}, {"zdnet.co.kr"}},
      {"블로터", {"블로터앤미디어", "블로터", "Bloter"}, {"bloter.net"}},
      {"디지털데일리", {"디지털데일리", "Digital Daily"}, {"ddaily.co.kr"}},
      {"아이뉴스24", {"아이뉴스24", "inews24"}, {"inews24.com"}},
      {"AI타임스", {"AI타임스", "AITimes", "AI Times"}, {"aitimes.com"}},
      {"KBS", {"한국방송공사", "KBS"}, {"kbs.co.kr"}},
      {"MBC", {"문화방송", "MBC"}, {"imbc.com"}},
      {"SBS", {"SBS"}, {"sbs.co.kr"}},
      {"YTN", {"YTN"}, {"ytn.co.kr"}},
      {"JTBC", {"JTBC"}, {"jtbc.co.kr"}},
      {"MBN", {"매일방송", "MBN"}, {"mbn.co.kr"}},
      {"채널A", {"채널A", "Channel A"}, {"ichannela.com"}},
      {"TV조선", {"TV조선", "TV CHOSUN"}, {"tvchosun.com"}},
      {"CBS노컷뉴스", {"CBS노컷뉴스", "노컷뉴스", "NoCutNews"}, {"nocutnews.co.kr"}},
      {"오마이뉴스", {"오마이뉴스", "OhmyNews"}, {"ohmynews.com"}},
      {"프레시안", {"프레시안", "Pressian"}, {"pressian.com"}},
      {"뉴스핌", {"뉴스핌", "Newspim"}, {"newspim.com"}},
      {"데일리안", {"데일리안", "Dailian"}, {"dailian.co.kr"}},
      {"비즈니스포스트", {"비즈니스포스트", "BusinessPost"}, {"businesspost.co.kr"}},
      {"코리아헤럴드", {"코리아헤럴드", "The Korea Herald", "Korea Herald"}, {"koreaherald.com"}},
  }};
  return rows;
}

}  // namespace kosearch::news
