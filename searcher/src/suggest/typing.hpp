#pragma once
// Internal: what a Korean keyboard puts on screen. Jamo (compatibility U+3131.., conjoining
// U+1100..) as the initial, vowel or final of a syllable, and the two-set (두벌식) English-layout
// reading of ASCII keys, composed the way an IME composes them (`dkffprtksej` → `알렉산더`).

#include <string>
#include <string_view>

namespace kosearch::detail {

// Initial-consonant index (0: ㄱ .. 18: ㅎ) of a consonant jamo, -1 if `c` is none (or a
// consonant that only ends syllables, ㄳ).
int jamo_initial(char32_t c);
// Final-consonant index (1: ㄱ .. 27: ㅎ) of a consonant jamo, 0 if none.
int jamo_final(char32_t c);
// Vowel index (0: ㅏ .. 20: ㅣ) of a vowel jamo, -1 if none.
int jamo_vowel(char32_t c);
// The compatibility jamo (U+3131..) of an initial index.
char32_t initial_jamo(int initial);

// The final a syllable keeps and the initial it hands to the next one when a vowel follows it
// (`닭` + ㅣ → `달` + `기`): {0, initial} for a single final, {first, initial of second} for a
// double one, {-1, -1} for a final that cannot move (none).
struct FinalSplit {
  int keep = -1;
  int moves = -1;
};
FinalSplit split_final(int final_consonant);
// The last final a typed final can still become by one more key (ㄹ → ㅀ: ㄺ..ㅀ lie between),
// or itself.
int last_extension_of_final(int final_consonant);
// The last vowel a typed vowel can still become (ㅗ → ㅚ: ㅘ ㅙ ㅚ lie between), or itself.
int last_extension_of_vowel(int vowel);

// Whether `text` could be Hangul typed with the keyboard in the English layout: ASCII letters,
// spaces and nothing else but digits and punctuation, with at least one letter.
bool looks_like_layout_typing(std::string_view text);
// The Hangul that `text`'s keys give in the two-set layout (letters composed into syllables;
// other characters kept). `complete` is set false when a letter ended up a lone jamo (a vowel
// without an initial, a consonant without a vowel before the end of a word): real English
// (`scale` → ㄴ챠ㅣㄷ) nearly always does.
std::string layout_to_hangul(std::string_view text, bool* complete = nullptr);
// The keys that type `text` in the two-set layout (a compound vowel or a double final is two
// keys: 관 → `rhks`); characters other than syllables are kept. layout_to_hangul's inverse.
std::string hangul_to_layout(std::string_view text);

}  // namespace kosearch::detail
