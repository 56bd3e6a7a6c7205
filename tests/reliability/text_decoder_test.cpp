// decode_text: encoding detection and conversion of text files. Test inputs are made with glibc's
// iconv, an implementation independent of the ICU converters under test.

#include "text_decoder.hpp"

#include <doctest/doctest.h>
#include <iconv.h>

#include <cerrno>
#include <random>
#include <string>
#include <string_view>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"

using kosearch::detail::decode_text;
using kosearch::detail::DecodedText;
using kosearch::detail::is_wide_encoding;
using kosearch::detail::looks_binary;

namespace {

// A paragraph long enough for ICU's detector.
const std::string kKorean =
    "메타가 스케일AI의 지분 49%를 143억 달러에 사들였다고 밝혔다. 알렉산더 왕 스케일AI 창업자는 "
    "메타의 새 초지능 연구소를 이끌게 됐다. 메타는 인공지능 경쟁에서 뒤처지지 않으려고 인재를 "
    "영입하고 있으며, 업계는 이번 거래가 데이터 라벨링 시장에 미칠 영향에 주목하고 있다.\n";
// Syllables outside KS X 1001 that only CP949's extension encodes.
const std::string kCp949Only = "똠방각하 햏자 뷁 똠얌꿍을 먹었다. ";

std::string iconv_to(const std::string& utf8, const char* to) {
  iconv_t cd = iconv_open(to, "UTF-8");
  REQUIRE(cd != reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  const std::size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
  const int err = errno;
  iconv_close(cd);
  REQUIRE_MESSAGE(rc != static_cast<std::size_t>(-1), "iconv to " << to << " failed: " << err);
  out.resize(out.size() - out_left);
  return out;
}

void check_valid(const DecodedText& d) {
  CHECK(kosearch::utf8::find_invalid(d.utf8) == std::string::npos);
}

}  // namespace

TEST_CASE("UTF-8 stays as it is, a UTF-8 BOM is stripped") {
  const DecodedText d = decode_text(kKorean, "a.txt");
  CHECK(d.utf8 == kKorean);
  CHECK(d.encoding == "UTF-8");
  CHECK_FALSE(d.converted);
  CHECK(d.warnings.empty());
  const DecodedText b = decode_text("\xEF\xBB\xBF" + kKorean, "a.txt");
  CHECK(b.utf8 == kKorean);
  CHECK(b.encoding == "UTF-8");
  CHECK(b.warnings.empty());
  CHECK(decode_text("", "e.txt").utf8.empty());
  CHECK(decode_text("", "e.txt").encoding == "UTF-8");
}

TEST_CASE("EUC-KR is detected and converted") {
  const std::string euc = iconv_to(kKorean, "EUC-KR");
  REQUIRE(euc != kKorean);
  REQUIRE(kosearch::utf8::find_invalid(euc) != std::string::npos);
  const DecodedText d = decode_text(euc, "euc.txt");
  CHECK(d.utf8 == kKorean);
  CHECK(d.encoding == "EUC-KR");
  CHECK(d.converted);
  CHECK(d.warnings.empty());
  CHECK(d.confidence >= 50);
}

TEST_CASE("CP949 with extended Hangul (똠, 햏) is detected and converted") {
  const std::string text = kCp949Only + kKorean;
  const std::string cp = iconv_to(text, "CP949");
  const DecodedText d = decode_text(cp, "cp.txt");
  CHECK(d.utf8 == text);
  CHECK(d.encoding == "CP949");
  CHECK(d.converted);
  CHECK(d.warnings.empty());
  // Only extended syllables: ICU's EUC-KR recognizer rejects them; the CP949 trial takes it.
  const DecodedText only = decode_text(iconv_to(kCp949Only, "CP949"), "cp.txt");
  CHECK(only.utf8 == kCp949Only);
  CHECK(only.encoding == "CP949");
}

TEST_CASE("a short EUC-KR text (one word) is still read as Korean") {
  for (const std::string word : {"메타", "스케일AI 지분", "왕"}) {
    CAPTURE(word);
    const DecodedText d = decode_text(iconv_to(word, "EUC-KR"), "short.txt");
    CHECK(d.utf8 == word);
    CHECK(d.encoding == "EUC-KR");
  }
}

TEST_CASE("UTF-16 and UTF-32 with a BOM") {
  const std::string text = "메타와 Scale AI\n스케일AI 지분 49%\n";
  struct Row {
    const char* iconv_name;
    std::string bom;
    const char* expected;
  };
  const Row rows[] = {
      {"UTF-16LE", "\xFF\xFE", "UTF-16LE"},
      {"UTF-16BE", "\xFE\xFF", "UTF-16BE"},
      {"UTF-32LE", std::string("\xFF\xFE\0\0", 4), "UTF-32LE"},
      {"UTF-32BE", std::string("\0\0\xFE\xFF", 4), "UTF-32BE"},
  };
  for (const Row& r : rows) {
    CAPTURE(r.iconv_name);
    const std::string bytes = r.bom + iconv_to(text, r.iconv_name);
    CHECK_FALSE(looks_binary(bytes));
    const DecodedText d = decode_text(bytes, "u.txt");
    CHECK(d.utf8 == text);
    CHECK(d.encoding == r.expected);
    CHECK(d.converted);
    CHECK(d.warnings.empty());
  }
  // A truncated last code unit and an unpaired surrogate: U+FFFD and a warning, no exception.
  const std::string odd =
      "\xFF\xFE" + iconv_to("메타", "UTF-16LE") + std::string("\x00\xD8", 2) + "A";
  const DecodedText d = decode_text(odd, "odd.txt");
  check_valid(d);
  CHECK(d.utf8.rfind("메타", 0) == 0);
  CHECK(d.utf8.find("\xEF\xBF\xBD") != std::string::npos);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0].find("odd.txt: invalid UTF-16LE") == 0);
}

TEST_CASE("mostly UTF-8 with a few bad bytes: each becomes U+FFFD, with path and offset") {
  std::string bytes = kKorean;
  const std::size_t first = 10;  // inside "스케일AI" region: replace a whole syllable's lead byte
  bytes.insert(first, "\xFF");
  bytes.insert(40, "\xC0\xAF");  // an overlong '/' is two invalid bytes
  const DecodedText d = decode_text(bytes, "dir/mixed.txt");
  CHECK(d.encoding == "UTF-8");
  CHECK_FALSE(d.converted);
  check_valid(d);
  REQUIRE(d.warnings.size() == 1);
  CHECK(d.warnings[0] ==
        "dir/mixed.txt: invalid UTF-8 at byte 10; 3 invalid bytes replaced by U+FFFD");
  CHECK(d.utf8.substr(0, 10) == kKorean.substr(0, 10));
  CHECK(d.utf8.substr(10, 3) == "\xEF\xBF\xBD");
  CHECK(d.utf8.size() == kKorean.size() + 3 * 3);
}

TEST_CASE("a Latin-1 / windows-1252 text is detected as such") {
  const std::string text =
      "Le café de la Société Générale était fermé. Les élèves étudiaient à la bibliothèque "
      "municipale, où l'on trouve des œuvres très variées, déjà cataloguées.\n";
  const std::string bytes = iconv_to(text, "WINDOWS-1252");
  const DecodedText d = decode_text(bytes, "fr.txt");
  CHECK(d.utf8 == text);
  CHECK((d.encoding == "windows-1252" || d.encoding == "ISO-8859-1"));
  check_valid(d);
}

TEST_CASE("forced encodings") {
  const std::string euc = iconv_to(kKorean, "EUC-KR");
  for (const char* name : {"CP949", "cp949", "EUC-KR", "euc_kr", "MS949", "windows-949", "UHC"}) {
    CAPTURE(name);
    const DecodedText d = decode_text(euc, "f.txt", name);
    CHECK(d.utf8 == kKorean);
    CHECK(d.encoding == "EUC-KR");  // all of it lies in EUC-KR's range
    CHECK(d.confidence == 100);
  }
  CHECK(decode_text(iconv_to(kCp949Only, "CP949"), "f.txt", "cp949").encoding == "CP949");
  CHECK(decode_text(euc, "f.txt", "auto").utf8 == kKorean);
  const DecodedText le = decode_text(iconv_to("메타", "UTF-16LE"), "f.txt", "utf-16le");
  CHECK(le.utf8 == "메타");
  CHECK(le.encoding == "UTF-16LE");
  const DecodedText bom =
      decode_text("\xFF\xFE" + iconv_to("메타", "UTF-16LE"), "f.txt", "UTF-16LE");
  CHECK(bom.utf8 == "메타");
  const DecodedText latin = decode_text("caf\xE9", "f.txt", "latin1");
  CHECK(latin.utf8 == "café");
  CHECK(latin.encoding == "ISO-8859-1");
  const DecodedText u8 = decode_text(
      "\xEF\xBB\xBF"
      "a\xFF"
      "b",
      "f.txt", "UTF-8");
  CHECK(u8.utf8 ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(u8.warnings.size() == 1);
  // Bad data under a forced encoding: substitution and a warning, never an exception.
  const DecodedText bad = decode_text("\xB8\xDE\xC5\xB8\x80\xFF", "bad.txt", "CP949");
  check_valid(bad);
  CHECK(bad.utf8.rfind("메타", 0) == 0);
  REQUIRE(bad.warnings.size() == 1);
  CHECK(bad.warnings[0].find("bad.txt: invalid CP949 at byte 4; ") == 0);
}

TEST_CASE("an unknown forced encoding is an InvalidArgument naming it") {
  CHECK_THROWS_AS(decode_text("abc", "f.txt", "klingon-8"), kosearch::InvalidArgument);
  try {
    decode_text("abc", "f.txt", "klingon-8");
  } catch (const kosearch::InvalidArgument& e) {
    CHECK(std::string(e.what()).find("'klingon-8'") != std::string::npos);
    CHECK(std::string(e.what()).find("CP949") != std::string::npos);
  }
  CHECK_THROWS_AS(decode_text("abc", "f.txt", std::string_view("UTF-8\0x", 7)),
                  kosearch::InvalidArgument);
  CHECK_THROWS_AS(decode_text("abc", "f.txt", std::string(200, 'a')), kosearch::InvalidArgument);
}

TEST_CASE("undetectable bytes: repaired as UTF-8 with a warning that suggests --encoding") {
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 300; ++round) {
    std::string bytes(static_cast<std::size_t>(rng() % 600), '\0');
    for (auto& c : bytes) c = static_cast<char>(byte(rng));
    CAPTURE(round);
    const DecodedText d = decode_text(bytes, "r.bin");
    check_valid(d);
    CHECK_FALSE(d.encoding.empty());
  }
  // Half UTF-8 Korean, half EUC-KR: nothing throws, the UTF-8 half survives.
  const std::string half = kKorean + iconv_to(kKorean, "EUC-KR");
  const DecodedText d = decode_text(half, "half.txt");
  check_valid(d);
  CHECK_FALSE(d.warnings.empty());
}

TEST_CASE("looks_binary") {
  CHECK_FALSE(looks_binary(""));
  CHECK_FALSE(looks_binary(kKorean));
  CHECK_FALSE(looks_binary("line\tone\r\nline two\f\n"));
  CHECK(looks_binary(std::string("PK\x03\x04\0\0", 6)));
  CHECK(looks_binary(std::string("abc\0def", 7)));
  CHECK(looks_binary("\x01\x02\x03\x04\x05\x06 abcdefgh"));
  CHECK_FALSE(looks_binary("\xFF\xFE" + iconv_to("a b", "UTF-16LE")));
  CHECK_FALSE(looks_binary("\xFE\xFF" + iconv_to("a b", "UTF-16BE")));
  // UTF-16 without a BOM has NULs: binary (the caller may still force --encoding UTF-16LE).
  CHECK(looks_binary(iconv_to("a b", "UTF-16LE")));
}

TEST_CASE("is_wide_encoding") {
  for (const char* n : {"UTF-16", "utf-16le", "UTF16BE", "utf_32", "UCS-2", "ucs4"}) {
    CAPTURE(n);
    CHECK(is_wide_encoding(n));
  }
  for (const char* n : {"", "auto", "UTF-8", "CP949", "EUC-KR", "ISO-8859-1"}) {
    CAPTURE(n);
    CHECK_FALSE(is_wide_encoding(n));
  }
}
