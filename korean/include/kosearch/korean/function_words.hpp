#pragma once
// Internal: words that carry no topic: question words (as the bigrams the analyzer makes of
// them) and function words. tests/korean/korean_test.cpp holds them as golden tables.

#include <algorithm>
#include <array>
#include <string_view>

namespace kosearch::korean {

// Query building: bigrams of question words and copula endings that carry no topic in natural
// questions (their weight is lowered).
inline constexpr std::array<std::string_view, 22> kQuestionBigrams = {
    "무엇", "엇인", "엇을", "엇이", "누구", "구인", "언제", "어디", "디인", "어느", "얼마",
    "어떤", "어떻", "떻게", "무슨", "인가", "는가", "었는", "였는", "했는", "엇일", "몇년"};

inline bool is_question_bigram(std::string_view term) {
  return std::find(kQuestionBigrams.begin(), kQuestionBigrams.end(), term) != kQuestionBigrams.end();
}

// Suggestion terms: the function words a text uses most that nobody types into a search box
// (`대한`, `위해`); see also kPredicateEndings (endings.hpp).
inline constexpr std::array<std::string_view, 32> kFunctionWords = {
    "대한", "관한", "위해", "통해", "따라", "의해", "인해", "같은", "다른", "또한", "그리고",
    "하지만", "그러나", "이후", "당시", "가장", "그의", "그가", "그를", "그와", "것을", "것이",
    "것으로", "것이다", "수가", "수도", "때문", "때문에", "이를", "이에", "등을", "등의"};

}  // namespace kosearch::korean
