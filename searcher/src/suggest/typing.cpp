#include "typing.hpp"

#include <array>

#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/hangul.hpp"

namespace kosearch::detail {

using korean::kFinals;
using korean::is_syllable;
using korean::final_of;
using korean::initial_of;
using korean::vowel_of;
using korean::compose;

namespace {

// Compatibility consonants U+3131 (ㄱ) .. U+314E (ㅎ): initial and final index of each.
constexpr std::array<std::array<signed char, 2>, 30> kConsonants = {{
    {0, 1},  {1, 2},  {-1, 3}, {2, 4},   {-1, 5},  {-1, 6},  {3, 7},   {4, 0},   {5, 8},  {-1, 9},
    {-1, 10}, {-1, 11}, {-1, 12}, {-1, 13}, {-1, 14}, {-1, 15}, {6, 16}, {7, 17}, {8, 0}, {-1, 18},
    {9, 19}, {10, 20}, {11, 21}, {12, 22}, {13, 0},  {14, 23}, {15, 24}, {16, 25}, {17, 26}, {18, 27}}};
// The compatibility jamo of each initial index.
constexpr std::array<char32_t, 19> kInitialJamo = {0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141,
                                                   0x3142, 0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149,
                                                   0x314A, 0x314B, 0x314C, 0x314D, 0x314E};
// Final index -> initial index of the same consonant (-1: a double final).
constexpr std::array<signed char, 28> kFinalToInitial = {-1, 0,  1,  -1, 2,  -1, -1, 3,  5,  -1,
                                                         -1, -1, -1, -1, -1, -1, 6,  7,  -1, 9,
                                                         10, 11, 12, 14, 15, 16, 17, 18};

// Two-set layout: the jamo of each lower-case key a..z, and of the shifted keys that differ.
constexpr std::array<char32_t, 26> kKeys = {
    0x3141, 0x3160, 0x314A, 0x3147, 0x3137, 0x3139, 0x314E, 0x3157, 0x3151, 0x3153, 0x314F, 0x3163, 0x3161,
    0x315C, 0x3150, 0x3154, 0x3142, 0x3131, 0x3134, 0x3145, 0x3155, 0x314D, 0x3148, 0x314C, 0x315B, 0x314B};
char32_t key_jamo(char c) {
  switch (c) {
    case 'Q': return 0x3143;  // ㅃ
    case 'W': return 0x3149;  // ㅉ
    case 'E': return 0x3138;  // ㄸ
    case 'R': return 0x3132;  // ㄲ
    case 'T': return 0x3146;  // ㅆ
    case 'O': return 0x3152;  // ㅒ
    case 'P': return 0x3156;  // ㅖ
    default: break;
  }
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return c >= 'a' && c <= 'z' ? kKeys[static_cast<std::size_t>(c - 'a')] : 0;
}

int combine_vowels(int a, int b) {
  if (a == 8 && b == 0) return 9;    // ㅗ ㅏ → ㅘ
  if (a == 8 && b == 1) return 10;   // ㅗ ㅐ → ㅙ
  if (a == 8 && b == 20) return 11;  // ㅗ ㅣ → ㅚ
  if (a == 13 && b == 4) return 14;  // ㅜ ㅓ → ㅝ
  if (a == 13 && b == 5) return 15;  // ㅜ ㅔ → ㅞ
  if (a == 13 && b == 20) return 16; // ㅜ ㅣ → ㅟ
  if (a == 18 && b == 20) return 19; // ㅡ ㅣ → ㅢ
  return -1;
}

int combine_finals(int f, int initial) {
  switch (f) {
    case 1: return initial == 9 ? 3 : -1;                 // ㄳ
    case 4: return initial == 12 ? 5 : initial == 18 ? 6 : -1;  // ㄵ ㄶ
    case 8:
      switch (initial) {
        case 0: return 9;    // ㄺ
        case 6: return 10;   // ㄻ
        case 7: return 11;   // ㄼ
        case 9: return 12;   // ㄽ
        case 16: return 13;  // ㄾ
        case 17: return 14;  // ㄿ
        case 18: return 15;  // ㅀ
        default: return -1;
      }
    case 17: return initial == 9 ? 18 : -1;  // ㅄ
    default: return -1;
  }
}

// The IME's state: the syllable being composed (initial, vowel, final; -1 / 0 when absent).
class Composer {
 public:
  explicit Composer(std::string& out) : out_(out) {}
  void consonant(char32_t jamo) {
    const int ini = jamo_initial(jamo);
    const int fin = jamo_final(jamo);
    if (initial_ >= 0 && vowel_ >= 0) {
      if (final_ == 0 && fin > 0) {
        final_ = fin;
        return;
      }
      if (final_ > 0 && ini >= 0) {
        if (const int both = combine_finals(final_, ini); both > 0) {
          final_ = both;
          return;
        }
      }
    }
    flush();
    if (ini >= 0) {
      initial_ = ini;
    } else {
      emit(jamo, false);
    }
  }
  void vowel(int v) {
    if (initial_ >= 0 && vowel_ >= 0 && final_ > 0) {
      const FinalSplit split = split_final(final_);
      final_ = split.keep;
      flush();
      initial_ = split.moves;
      vowel_ = v;
      return;
    }
    if (vowel_ >= 0 && final_ == 0) {
      if (const int both = combine_vowels(vowel_, v); both >= 0) {
        vowel_ = both;
        return;
      }
    }
    if (initial_ >= 0 && vowel_ < 0) {
      vowel_ = v;
      return;
    }
    flush();
    vowel_ = v;
  }
  void other(char32_t c) {
    flush();
    utf8::append(out_, c);
  }
  void flush() {
    if (initial_ >= 0 && vowel_ >= 0) {
      utf8::append(out_, compose(initial_, vowel_, final_));
    } else if (initial_ >= 0) {
      emit(initial_jamo(initial_), false);
    } else if (vowel_ >= 0) {
      emit(static_cast<char32_t>(0x314F + vowel_), false);
    }
    initial_ = vowel_ = -1;
    final_ = 0;
  }
  bool complete = true;

 private:
  void emit(char32_t jamo, bool ok) {
    utf8::append(out_, jamo);
    complete = complete && ok;
  }
  std::string& out_;
  int initial_ = -1, vowel_ = -1, final_ = 0;
};

}  // namespace

int jamo_initial(char32_t c) {
  if (c >= 0x3131 && c <= 0x314E) return kConsonants[c - 0x3131][0];
  if (c >= 0x1100 && c <= 0x1112) return static_cast<int>(c - 0x1100);
  return -1;
}

int jamo_final(char32_t c) {
  if (c >= 0x3131 && c <= 0x314E) return kConsonants[c - 0x3131][1];
  if (c >= 0x11A8 && c <= 0x11C2) return static_cast<int>(c - 0x11A8) + 1;
  return 0;
}

int jamo_vowel(char32_t c) {
  if (c >= 0x314F && c <= 0x3163) return static_cast<int>(c - 0x314F);
  if (c >= 0x1161 && c <= 0x1175) return static_cast<int>(c - 0x1161);
  return -1;
}

char32_t initial_jamo(int initial) { return kInitialJamo[static_cast<std::size_t>(initial)]; }

FinalSplit split_final(int f) {
  switch (f) {
    case 3: return {1, 9};    // ㄳ → ㄱ + ㅅ
    case 5: return {4, 12};   // ㄵ → ㄴ + ㅈ
    case 6: return {4, 18};   // ㄶ → ㄴ + ㅎ
    case 9: return {8, 0};    // ㄺ → ㄹ + ㄱ
    case 10: return {8, 6};   // ㄻ
    case 11: return {8, 7};   // ㄼ
    case 12: return {8, 9};   // ㄽ
    case 13: return {8, 16};  // ㄾ
    case 14: return {8, 17};  // ㄿ
    case 15: return {8, 18};  // ㅀ
    case 18: return {17, 9};  // ㅄ → ㅂ + ㅅ
    default: break;
  }
  if (f <= 0 || f >= kFinals) return {};
  return {0, kFinalToInitial[static_cast<std::size_t>(f)]};
}

int last_extension_of_final(int f) {
  switch (f) {
    case 1: return 3;   // ㄱ → ㄳ
    case 4: return 6;   // ㄴ → ㄵ ㄶ
    case 8: return 15;  // ㄹ → ㄺ .. ㅀ
    case 17: return 18; // ㅂ → ㅄ
    default: return f;
  }
}

int last_extension_of_vowel(int v) {
  switch (v) {
    case 8: return 11;   // ㅗ → ㅘ ㅙ ㅚ
    case 13: return 16;  // ㅜ → ㅝ ㅞ ㅟ
    case 18: return 19;  // ㅡ → ㅢ
    default: return v;
  }
}

bool looks_like_layout_typing(std::string_view text) {
  bool letter = false;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || u < 0x20) return false;
    letter = letter || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z');
  }
  return letter;
}

std::string layout_to_hangul(std::string_view text, bool* complete) {
  std::string out;
  out.reserve(text.size() * 3);
  Composer ime(out);
  for (const char c : text) {
    const char32_t jamo = key_jamo(c);
    if (jamo == 0) {
      ime.other(static_cast<unsigned char>(c));
    } else if (const int v = jamo_vowel(jamo); v >= 0) {
      ime.vowel(v);
    } else {
      ime.consonant(jamo);
    }
  }
  ime.flush();
  if (complete) *complete = ime.complete;
  return out;
}

std::string hangul_to_layout(std::string_view text) {
  static constexpr std::array<std::string_view, 19> kInitialKeys = {
      "r", "R", "s", "e", "E", "f", "a", "q", "Q", "t", "T", "d", "w", "W", "c", "z", "x", "v", "g"};
  static constexpr std::array<std::string_view, 21> kVowelKeys = {
      "k", "o", "i", "O", "j", "p", "u", "P", "h", "hk", "ho", "hl", "y", "n", "nj", "np", "nl", "b", "m", "ml", "l"};
  static constexpr std::array<std::string_view, 28> kFinalKeys = {
      "",   "r",  "R",  "rt", "s",  "sw", "sg", "e", "f", "fr", "fa", "fq", "ft", "fx",
      "fv", "fg", "a",  "q",  "qt", "t",  "T",  "d", "w", "c",  "z",  "x",  "v",  "g"};
  std::string out;
  for (std::size_t pos = 0; pos < text.size();) {
    const char32_t c = utf8::decode(text, pos);
    if (!is_syllable(c)) {
      utf8::append(out, c);
      continue;
    }
    out += kInitialKeys[static_cast<std::size_t>(initial_of(c))];
    out += kVowelKeys[static_cast<std::size_t>(vowel_of(c))];
    out += kFinalKeys[static_cast<std::size_t>(final_of(c))];
  }
  return out;
}

}  // namespace kosearch::detail
