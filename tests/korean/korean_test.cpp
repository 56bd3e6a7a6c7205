// The Korean lexical tables (korean/): every list as a golden table, so a change to one is a
// deliberate edit here too, and the helpers built on them on words of each kind.

#include <doctest/doctest.h>

#include <span>
#include <string>
#include <string_view>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/endings.hpp"
#include "kosearch/korean/function_words.hpp"
#include "kosearch/korean/hangul.hpp"
#include "kosearch/korean/particles.hpp"

namespace {

using namespace kosearch::korean;

std::string joined(std::span<const std::string_view> list) {
  std::string out;
  for (std::string_view w : list) out += (out.empty() ? "" : " ") + std::string(w);
  return out;
}

// Lists whose users take the first match must put longer entries first.
bool longest_first(std::span<const std::string_view> list) {
  for (std::size_t i = 1; i < list.size(); ++i) {
    if (list[i].size() > list[i - 1].size()) return false;
  }
  return true;
}

// Every entry is one or more whole Hangul syllables.
bool all_hangul(std::span<const std::string_view> list) {
  for (std::string_view w : list) {
    if (w.empty() || w.size() % 3 != 0) return false;
    for (std::size_t k = 0; k < w.size() / 3; ++k) {
      if (!is_syllable(syllable_at(w, k))) return false;
    }
  }
  return true;
}

}  // namespace

TEST_CASE("korean: the particle lists, golden") {
  CHECK(joined(kQueryParticles) ==
        "에서는 으로는 에게서 에서 으로 에게 까지 부터 처럼 보다 한테 이나 에는 와의 과의 로서 로써 "
        "이란 이며 이다 을 를 이 가 은 는 의 에 로 와 과 도");
  CHECK(joined(kParticleStarts) == "은 는 이 가 을 를 의 에 도 와 과 로 으 만 께");
  CHECK(joined(kSuggestParticles) == "에서 으로 에게 까지 부터 은 는 이 가 을 를 의 에 와 과");
  CHECK(joined(kSafeParticles) ==
        "에서는 으로는 에게서 에서 으로 에게 까지 부터 처럼 보다 한테 에는 와의 과의 로서 로써 이란 "
        "이며 이다 에도 은 는 을 를 에");
  CHECK(joined(kRiskyParticles) == "이 가 의 로 와 과 도");
  CHECK(joined(kNounsInUi) ==
        "주의 회의 합의 논의 협의 강의 정의 동의 건의 결의 토의 모의 유의 문의 예의 의의 창의 호의 "
        "신의 질의");
  std::string number_particles;
  for (char32_t c : kNumberParticles) kosearch::utf8::append(number_particles, c);
  CHECK(number_particles == "을를은는의에와과로");
  for (auto list : {std::span<const std::string_view>(kQueryParticles), std::span<const std::string_view>(kSuggestParticles),
                    std::span<const std::string_view>(kSafeParticles)}) {
    CHECK(longest_first(list));
    CHECK(all_hangul(list));
  }
  CHECK(all_hangul(kParticleStarts));
  CHECK(all_hangul(kRiskyParticles));
}

TEST_CASE("korean: endings and topic-free words, golden") {
  CHECK(joined(kQuestionEndings) ==
        "는가 는지 인가 은가 던가 하는 되는 하던 되던 하게 하여 하기 하고 되어 한 된 할 될 하 되 해 돼");
  CHECK(longest_first(kQuestionEndings));
  CHECK(joined(kPredicateEndings) ==
        "었다 았다 했다 였다 한다 된다 있다 없다 하는 되는 있는 없는 하고 하며 하여 해서 되어 하였 "
        "었던 했던");
  CHECK(joined(kQuestionBigrams) ==
        "무엇 엇인 엇을 엇이 누구 구인 언제 어디 디인 어느 얼마 어떤 어떻 떻게 무슨 인가 는가 었는 "
        "였는 했는 엇일 몇년");
  CHECK(joined(kFunctionWords) ==
        "대한 관한 위해 통해 따라 의해 인해 같은 다른 또한 그리고 하지만 그러나 이후 당시 가장 그의 "
        "그가 그를 그와 것을 것이 것으로 것이다 수가 수도 때문 때문에 이를 이에 등을 등의");
  for (auto list : {std::span<const std::string_view>(kPredicateEndings), std::span<const std::string_view>(kQuestionBigrams),
                    std::span<const std::string_view>(kFunctionWords)}) {
    CHECK(all_hangul(list));
  }
}

TEST_CASE("korean: helpers on words of each kind") {
  // A question's verb down to the stem a passage shares.
  struct Case {
    const char* word;
    const char* stem;
  };
  for (const Case c : {Case{"취득하였는", "취득"}, Case{"선언했는", "선언"}, Case{"바뀌었나", "바뀌"},
                       Case{"방영한", "방영"}, Case{"개최하는", "개최"}, Case{"하는", "하는"},
                       Case{"서울", "서울"}, Case{"ai하는", "ai하는"}}) {
    CAPTURE(c.word);
    CHECK(verb_stem(c.word) == c.stem);
  }
  // Trailing particles: the longest, never the whole run.
  CHECK(particle_syllables("대한민국에서는", 7) == 3);
  CHECK(particle_syllables("학교에서", 4) == 2);
  CHECK(particle_syllables("사과", 2) == 1);
  CHECK(particle_syllables("이", 1) == 0);
  CHECK(particle_syllables("서울", 2) == 0);
  CHECK(is_particle_syllable(U'에'));
  CHECK_FALSE(is_particle_syllable(U'도'));  // 20도: degrees
  CHECK_FALSE(is_particle_syllable(U'가'));  // 종로3가
  CHECK(is_question_bigram("무엇"));
  CHECK_FALSE(is_question_bigram("서울"));
  CHECK(has_final_ssang_siot(U'했'));
  CHECK_FALSE(has_final_ssang_siot(U'한'));
  // Syllable arithmetic: 한 = ㅎ(18) + ㅏ(0) + ㄴ(4).
  CHECK(initial_of(U'한') == 18);
  CHECK(vowel_of(U'한') == 0);
  CHECK(final_of(U'한') == 4);
  CHECK(compose(18, 0, 4) == U'한');
  CHECK(compose(0, 0) == U'가');
  CHECK(is_syllable(U'힣'));
  CHECK_FALSE(is_syllable(U'ㄱ'));
  CHECK(syllable_at("대한민국", 2) == U'민');
}
