#include "text_decoder.hpp"

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include <algorithm>
#include <cctype>
#include <memory>

#include "kosearch/core/error.hpp"
#include "kosearch/core/utf8.hpp"
#include "kosearch/korean/hangul.hpp"

namespace kosearch::detail {

namespace {

constexpr std::size_t kNpos = std::string::npos;
// The detector only needs a sample; ICU's recognizers scan all of what they are given.
constexpr std::size_t kDetectSample = 64 * 1024;
// ICU confidences: 10 is its "could be anything" floor; 50 and above is a real signal.
constexpr int kConfident = 50;
constexpr int kGuess = 20;
// ICU's name for Microsoft's CP949. ICU's own "CP949" alias is IBM-949, another encoding.
constexpr const char* kWindows949 = "windows-949";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
struct DetectorCloser {
  void operator()(UCharsetDetector* d) const { ucsdet_close(d); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;
using DetectorPtr = std::unique_ptr<UCharsetDetector, DetectorCloser>;

// Invalid input met while converting: each bad sequence becomes one U+FFFD.
struct BadBytes {
  const char* base = nullptr;  // start of the input, for offsets
  std::uint64_t sequences = 0;
  std::size_t first = kNpos;
};

void substitute_and_count(const void* context, UConverterToUnicodeArgs* args,
                          const char* /*code_units*/, int32_t length,
                          UConverterCallbackReason reason, UErrorCode* err) {
  if (reason > UCNV_IRREGULAR) return;  // reset, close, clone: nothing to substitute
  auto* bad = static_cast<BadBytes*>(const_cast<void*>(context));
  ++bad->sequences;
  if (bad->first == kNpos) {
    const std::ptrdiff_t at = (args->source - bad->base) - length;
    bad->first = at > 0 ? static_cast<std::size_t>(at) : 0;
  }
  *err = U_ZERO_ERROR;
  static constexpr UChar kReplacement = 0xFFFD;
  ucnv_cbToUWriteUChars(args, &kReplacement, 1, 0, err);
}

ConverterPtr open_converter(const std::string& name) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr c(ucnv_open(name.c_str(), &status));
  if (U_FAILURE(status)) return nullptr;
  return c;
}

void append_utf8(std::string& out, const UChar* s, int32_t n, BadBytes& bad) {
  if (n == 0) return;
  const std::size_t old = out.size();
  // Each UTF-16 unit needs at most 3 UTF-8 bytes (a surrogate pair, 2 units, needs 4).
  out.resize(old + 3 * static_cast<std::size_t>(n));
  int32_t written = 0;
  int32_t subs = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.data() + old, static_cast<int32_t>(3 * n), &written, s, n, 0xFFFD, &subs,
                     &status);
  if (U_FAILURE(status)) {
    throw InternalError(std::string("ICU UTF-16 to UTF-8 conversion failed: ") +
                        u_errorName(status));
  }
  bad.sequences += static_cast<std::uint64_t>(subs);  // unpaired surrogates in the input
  out.resize(old + static_cast<std::size_t>(written));
}

// One conversion to UTF-8 with ICU converter `cnv`: substitutes U+FFFD for bad input, counting
// it in `bad`, and converts chunk by chunk so the UTF-16 buffer stays small for a huge file.
class ToUtf8 {
 public:
  ToUtf8(UConverter* cnv, BadBytes& bad, std::size_t input_size)
      : cnv_(cnv), bad_(bad), buf_(std::min<std::size_t>(64 * 1024, input_size + 2)) {
    UErrorCode status = U_ZERO_ERROR;
    ucnv_setToUCallBack(cnv_, substitute_and_count, &bad_, nullptr, nullptr, &status);
    if (U_FAILURE(status)) {
      throw InternalError(std::string("ICU cannot set a conversion callback: ") +
                          u_errorName(status));
    }
  }

  // Converts `bytes` (which lie in the input `bad.base` points to), appending to `out`.
  void append(std::string_view bytes, std::string& out) {
    std::size_t carry = 0;  // a lead surrogate whose trail comes with the next chunk
    const char* src = bytes.data();
    const char* const end = bytes.data() + bytes.size();
    for (;;) {
      UChar* target = buf_.data() + carry;
      UErrorCode status = U_ZERO_ERROR;
      ucnv_toUnicode(cnv_, &target, buf_.data() + buf_.size(), &src, end, nullptr, true, &status);
      const bool more = status == U_BUFFER_OVERFLOW_ERROR;
      if (U_FAILURE(status) && !more) {
        UErrorCode name_status = U_ZERO_ERROR;
        const char* name = ucnv_getName(cnv_, &name_status);
        throw InternalError(std::string("ICU conversion from ") + (name ? name : "?") +
                            " failed: " + u_errorName(status));
      }
      auto n = static_cast<int32_t>(target - buf_.data());
      carry = more && n > 0 && U16_IS_LEAD(buf_[static_cast<std::size_t>(n) - 1]) ? 1 : 0;
      n -= static_cast<int32_t>(carry);
      append_utf8(out, buf_.data(), n, bad_);
      if (carry != 0) buf_[0] = buf_[static_cast<std::size_t>(n)];
      if (!more) break;
    }
    ucnv_reset(cnv_);
  }

 private:
  UConverter* cnv_;
  BadBytes& bad_;
  std::vector<UChar> buf_;
};

std::string convert(UConverter* cnv, std::string_view bytes, BadBytes& bad) {
  bad = BadBytes{};
  bad.base = bytes.data();
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  ToUtf8(cnv, bad, bytes.size()).append(bytes, out);
  // A BOM that the charset's converter kept (e.g. a forced UTF-16LE on a file with a BOM).
  if (out.compare(0, 3, "\xEF\xBB\xBF") == 0) out.erase(0, 3);
  return out;
}

// Bytes of the CP949 character at `s[i]`, or 0 when the byte cannot start one there. ICU's
// windows-949 table maps the undefined bytes 0x80 and 0xFF and some malformed pairs to C1 controls
// and private-use characters; checking the structure first turns them into U+FFFD instead.
std::size_t cp949_char(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) return 1;
  if (b == 0x80 || b == 0xFF || i + 1 >= s.size()) return 0;
  const auto t = static_cast<unsigned char>(s[i + 1]);
  if (t >= 0xA1 && t <= 0xFE) return 2;  // KS X 1001 (EUC-KR) and the C7-FE rows
  // The extended Hangul of CP949: leads 81-C6 with trails 41-5A, 61-7A, 81-A0 (81-FE below A1).
  const bool ext_trail = (t >= 0x41 && t <= 0x5A) || (t >= 0x61 && t <= 0x7A) ||
                         (t >= 0x81 && t <= (b <= 0xA0 ? 0xFE : 0xA0));
  return b <= 0xC6 && ext_trail ? 2 : 0;
}

// CP949 to UTF-8: well-formed runs go through ICU, each malformed byte becomes U+FFFD.
std::string convert_cp949(UConverter* cnv, std::string_view bytes, BadBytes& bad) {
  bad = BadBytes{};
  bad.base = bytes.data();
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  ToUtf8 to_utf8(cnv, bad, bytes.size());
  std::size_t run = 0;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t n = cp949_char(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    to_utf8.append(bytes.substr(run, i - run), out);
    out += "\xEF\xBF\xBD";
    ++bad.sequences;
    if (bad.first == kNpos || i < bad.first) bad.first = i;
    run = ++i;
  }
  to_utf8.append(bytes.substr(run), out);
  return out;
}

// Counts of a UTF-8 scan: bytes >= 0x80 and the invalid ones among them.
struct Utf8Scan {
  std::size_t high = 0;
  std::size_t invalid = 0;
  std::size_t first_invalid = kNpos;
};

Utf8Scan scan_utf8(std::string_view s) {
  Utf8Scan r;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t at = pos;
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const char32_t cp = utf8::decode(s, pos);
    r.high += pos - at;
    if (cp == utf8::kReplacement && pos - at == 1) {
      ++r.invalid;
      if (r.first_invalid == kNpos) r.first_invalid = at;
    }
  }
  return r;
}

// At least `percent`% of the non-ASCII bytes belong to valid UTF-8 sequences.
bool mostly_utf8(const Utf8Scan& scan, std::size_t percent) {
  return scan.invalid * 100 <= scan.high * (100 - percent);
}

DecodedText repaired_utf8(std::string_view bytes, const Utf8Scan& scan, std::string_view path,
                          std::string_view why) {
  DecodedText d;
  d.encoding = "UTF-8";
  d.utf8 = utf8::sanitize(bytes);
  std::string w = std::string(path) + ": invalid UTF-8 at byte " +
                  std::to_string(scan.first_invalid) + "; " + std::to_string(scan.invalid) +
                  (scan.invalid == 1 ? " invalid byte" : " invalid bytes") + " replaced by U+FFFD";
  if (!why.empty()) w += std::string("; ") + std::string(why);
  d.warnings.push_back(std::move(w));
  return d;
}

// Every double-byte character lies in EUC-KR's A1-FE x A1-FE square: the text needs no CP949
// extension (the 8,822 extra Hangul syllables of Windows, e.g. 똠 or 햏).
bool plain_euc_kr(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80) continue;
    if (i + 1 >= s.size()) return false;
    const auto t = static_cast<unsigned char>(s[i + 1]);
    if (b < 0xA1 || b > 0xFE || t < 0xA1 || t > 0xFE) return false;
    ++i;
  }
  return true;
}

// Share of Hangul among the non-ASCII characters of valid UTF-8 `s` (0 when there are none).
double hangul_share(std::string_view s) {
  std::size_t non_ascii = 0;
  std::size_t hangul = 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const char32_t cp = utf8::decode(s, pos);
    if (cp < 0x80) continue;
    ++non_ascii;
    if (korean::is_syllable(cp) || (cp >= 0x1100 && cp <= 0x11FF) ||
        (cp >= 0x3130 && cp <= 0x318F)) {
      ++hangul;
    }
  }
  return non_ascii == 0 ? 0.0 : static_cast<double>(hangul) / static_cast<double>(non_ascii);
}

void warn_bad(DecodedText& d, const BadBytes& bad, std::string_view path) {
  if (bad.sequences == 0) return;
  std::string w = std::string(path) + ": ";
  if (bad.first != kNpos) {
    w += "invalid " + d.encoding + " at byte " + std::to_string(bad.first) + "; ";
  } else {
    w += "invalid " + d.encoding + " (unpaired surrogates); ";
  }
  w += std::to_string(bad.sequences) +
       (bad.sequences == 1 ? " invalid sequence" : " invalid sequences") + " replaced by U+FFFD";
  d.warnings.push_back(std::move(w));
}

// Converts with ICU converter `name`, reporting it as `display`.
DecodedText convert_as(std::string_view bytes, const std::string& name, std::string display,
                       std::string_view path, int confidence) {
  ConverterPtr cnv = open_converter(name);
  if (!cnv) throw InternalError("ICU has no converter for " + name);
  DecodedText d;
  BadBytes bad;
  d.utf8 = convert(cnv.get(), bytes, bad);
  d.encoding = std::move(display);
  d.converted = true;
  d.confidence = confidence;
  warn_bad(d, bad, path);
  return d;
}

DecodedText convert_korean(std::string_view bytes, std::string_view path, int confidence) {
  ConverterPtr cnv = open_converter(kWindows949);
  if (!cnv) throw InternalError(std::string("ICU has no converter for ") + kWindows949);
  DecodedText d;
  BadBytes bad;
  d.utf8 = convert_cp949(cnv.get(), bytes, bad);
  d.encoding = plain_euc_kr(bytes) ? "EUC-KR" : "CP949";
  d.converted = true;
  d.confidence = confidence;
  warn_bad(d, bad, path);
  return d;
}

// The normalized spelling of an encoding name: lower case, without '-', '_', ' ' and '.'.
std::string squash(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (c == '-' || c == '_' || c == ' ' || c == '.') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

bool is_korean_name(const std::string& squashed) {
  for (const char* n : {"cp949", "ms949", "uhc", "windows949", "xwindows949", "euckr", "ksc5601",
                        "ksc56011987", "ksx1001", "korean", "949"}) {
    if (squashed == n) return true;
  }
  return false;
}

DecodedText decode_utf8(std::string_view bytes, std::string_view path) {
  const Utf8Scan scan = scan_utf8(bytes);
  if (scan.invalid == 0) {
    DecodedText d;
    d.utf8 = std::string(bytes);
    d.encoding = "UTF-8";
    return d;
  }
  return repaired_utf8(bytes, scan, path, {});
}

DecodedText decode_forced(std::string_view bytes, std::string_view path, std::string_view forced) {
  const std::string squashed = squash(forced);
  if (is_korean_name(squashed)) return convert_korean(bytes, path, 100);
  if (squashed == "utf8") {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    return decode_utf8(bytes, path);
  }
  const std::string name(forced);
  ConverterPtr cnv;
  if (name.size() <= 64 && name.find('\0') == std::string::npos) cnv = open_converter(name);
  if (!cnv) {
    throw InvalidArgument("unknown encoding '" + name +
                          "'. Give a charset name ICU knows, e.g. UTF-8, CP949, EUC-KR, UTF-16LE, "
                          "UTF-16BE, ISO-8859-1, Shift_JIS, GB18030, or 'auto' to detect it.");
  }
  UErrorCode status = U_ZERO_ERROR;
  std::string display = ucnv_getName(cnv.get(), &status);
  if (U_FAILURE(status)) display = name;
  return convert_as(bytes, display, display, path, 100);
}

struct Match {
  std::string name;
  int confidence = 0;
};

// ICU's matches for a sample of `bytes`, best first.
std::vector<Match> detect(std::string_view bytes) {
  std::vector<Match> out;
  UErrorCode status = U_ZERO_ERROR;
  DetectorPtr det(ucsdet_open(&status));
  if (U_FAILURE(status)) return out;
  const std::string_view sample = bytes.substr(0, kDetectSample);
  ucsdet_setText(det.get(), sample.data(), static_cast<int32_t>(sample.size()), &status);
  int32_t n = 0;
  const UCharsetMatch** matches = ucsdet_detectAll(det.get(), &n, &status);
  if (U_FAILURE(status) || matches == nullptr) return out;
  for (int32_t i = 0; i < n; ++i) {
    UErrorCode s = U_ZERO_ERROR;
    const char* name = ucsdet_getName(matches[i], &s);
    const int32_t conf = ucsdet_getConfidence(matches[i], &s);
    if (U_FAILURE(s) || name == nullptr) continue;
    // The detector's names for text direction (IBM420_ltr) are no converter names.
    std::string converter = name;
    for (std::string_view suffix : {"_ltr", "_rtl"}) {
      if (converter.size() > suffix.size() &&
          converter.compare(converter.size() - suffix.size(), suffix.size(), suffix) == 0) {
        converter.resize(converter.size() - suffix.size());
      }
    }
    if (converter == "UTF-8" || converter == "EUC-KR" || open_converter(converter)) {
      out.push_back({converter, conf});
    }
  }
  return out;
}

}  // namespace

DecodedText decode_text(std::string_view bytes, std::string_view path,
                        std::string_view forced_encoding) {
  if (!forced_encoding.empty() && squash(forced_encoding) != "auto") {
    return decode_forced(bytes, path, forced_encoding);
  }
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") return decode_utf8(bytes.substr(3), path);
  // UTF-32 first: its little-endian BOM starts like UTF-16's.
  if (bytes.substr(0, 4) == std::string_view("\xFF\xFE\0\0", 4)) {
    return convert_as(bytes.substr(4), "UTF-32LE", "UTF-32LE", path, 100);
  }
  if (bytes.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) {
    return convert_as(bytes.substr(4), "UTF-32BE", "UTF-32BE", path, 100);
  }
  if (bytes.substr(0, 2) == "\xFF\xFE") {
    return convert_as(bytes.substr(2), "UTF-16LE", "UTF-16LE", path, 100);
  }
  if (bytes.substr(0, 2) == "\xFE\xFF") {
    return convert_as(bytes.substr(2), "UTF-16BE", "UTF-16BE", path, 100);
  }

  const Utf8Scan scan = scan_utf8(bytes);
  if (scan.invalid == 0) {
    DecodedText d;
    d.utf8 = std::string(bytes);
    d.encoding = "UTF-8";
    return d;
  }
  // A few bad bytes in UTF-8 text (a truncated copy, one stray Latin-1 byte). EUC-KR text never
  // gets here: most of its lead bytes (B0-C8) are UTF-8 continuation bytes.
  if (mostly_utf8(scan, 95)) return repaired_utf8(bytes, scan, path, {});

  const std::vector<Match> matches = detect(bytes);
  const Match* top = nullptr;
  const Match* korean = nullptr;
  for (const Match& m : matches) {
    if (m.name == "UTF-8") continue;  // not valid UTF-8, we know
    if (top == nullptr) top = &m;
    if (m.name == "EUC-KR" && korean == nullptr) korean = &m;
  }
  // EUC-KR as good as the best guess (short texts tie at ICU's floor of 10): read it as CP949,
  // the superset real Korean files use.
  if (korean != nullptr && top != nullptr && korean->confidence >= top->confidence) {
    return convert_korean(bytes, path, korean->confidence);
  }
  if (top != nullptr && top->confidence >= kConfident) {
    return convert_as(bytes, top->name, top->name, path, top->confidence);
  }
  // ICU's EUC-KR recognizer rejects CP949's extended Hangul (똠, 햏): try CP949 strictly and
  // keep it when it yields Korean text.
  {
    ConverterPtr cnv = open_converter(kWindows949);
    if (cnv) {
      BadBytes bad;
      std::string text = convert_cp949(cnv.get(), bytes, bad);
      if (bad.sequences == 0 && hangul_share(text) >= 0.5) {
        DecodedText d;
        d.utf8 = std::move(text);
        d.encoding = plain_euc_kr(bytes) ? "EUC-KR" : "CP949";
        d.converted = true;
        d.confidence = korean != nullptr ? korean->confidence : kGuess;
        return d;
      }
    }
  }
  if (mostly_utf8(scan, 50)) return repaired_utf8(bytes, scan, path, {});
  if (top != nullptr && top->confidence >= kGuess) {
    DecodedText d = convert_as(bytes, top->name, top->name, path, top->confidence);
    d.warnings.insert(d.warnings.begin(),
                      std::string(path) + ": not UTF-8; guessed " + top->name + " (confidence " +
                          std::to_string(top->confidence) +
                          "%). If that is wrong, give the encoding (e.g. --encoding CP949).");
    return d;
  }
  DecodedText d = repaired_utf8(bytes, scan, path,
                                "the encoding could not be detected. If the file is not UTF-8, "
                                "give its encoding (e.g. --encoding CP949)");
  d.confidence = 0;
  return d;
}

bool looks_binary(std::string_view bytes) {
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF" ||
      bytes.substr(0, 4) == std::string_view("\0\0\xFE\xFF", 4)) {
    return false;
  }
  if (bytes.find('\0') != std::string_view::npos) return true;
  const std::string_view sample = bytes.substr(0, 64 * 1024);
  std::size_t control = 0;
  for (const char ch : sample) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1B) ||
        c == 0x7F) {
      ++control;
    }
  }
  return control * 10 > sample.size();
}

bool is_wide_encoding(std::string_view name) {
  const std::string n = squash(name);
  for (const char* prefix : {"utf16", "utf32", "ucs2", "ucs4", "unicode"}) {
    if (n.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace kosearch::detail
