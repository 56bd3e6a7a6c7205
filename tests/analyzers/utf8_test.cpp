#include <doctest/doctest.h>

#include "kosearch/core/utf8.hpp"

using namespace kosearch;

TEST_CASE("utf8 decode accounts for every byte") {
  const std::string s = "A\xEC\xA7\x80\xFF\xE1\x84";  // A, 지, invalid, truncated
  std::size_t pos = 0;
  CHECK(utf8::decode(s, pos) == U'A');
  CHECK(pos == 1);
  CHECK(utf8::decode(s, pos) == U'지');
  CHECK(pos == 4);
  CHECK(utf8::decode(s, pos) == utf8::kReplacement);
  CHECK(pos == 5);
  CHECK(utf8::decode(s, pos) == utf8::kReplacement);
  CHECK(pos == 6);
}

TEST_CASE("utf8 rejects overlong forms and surrogates") {
  CHECK(utf8::find_invalid("\xC0\xAF") == 0);
  CHECK(utf8::find_invalid("ok\xED\xA0\x80") == 2);
  CHECK(utf8::find_invalid("정상 텍스트") == std::string_view::npos);
  CHECK(utf8::find_invalid("\xEF\xBF\xBD") == std::string_view::npos);  // a real U+FFFD
  CHECK(utf8::sanitize("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
}
