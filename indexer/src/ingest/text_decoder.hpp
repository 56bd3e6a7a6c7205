#pragma once
// Internal: turns the bytes of a text file into UTF-8, whatever Korean users save files in
// (UTF-8 with or without BOM, UTF-16/32 with BOM, EUC-KR, CP949), with ICU's converters and
// charset detector. Bad bytes never throw: they become U+FFFD and a warning names the file and
// the byte offset.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch::detail {

struct DecodedText {
  std::string utf8;  // the text as valid UTF-8, without a BOM
  // What the bytes were read as: "UTF-8", "EUC-KR", "CP949" (windows-949: EUC-KR plus the
  // extended Hangul of Windows), "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE", or the ICU
  // name of another charset ("windows-1252", "Shift_JIS", ...).
  std::string encoding;
  bool converted = false;  // a charset conversion happened (false for UTF-8, even repaired)
  // 100 for a BOM, valid UTF-8 or a forced encoding; else ICU's detector confidence (0-100).
  int confidence = 100;
  // "path: what happened; what to do", one line each (invalid bytes, low-confidence guesses).
  std::vector<std::string> warnings;
};

// Decodes `bytes` to UTF-8 (see the file comment). `path_for_messages` only appears in
// warnings. A non-empty `forced_encoding` (any name ICU knows; "CP949", "MS949", "UHC" and
// "EUC-KR" all mean windows-949; "auto" means detect) skips detection.
// Order when not forced: UTF-8 BOM / valid UTF-8 -> UTF-32 / UTF-16 BOM -> at least 95% of the
// non-ASCII bytes valid UTF-8 (repair) -> ICU detection, EUC-KR read as CP949 -> a strict CP949
// trial that must yield mostly Hangul -> at least half valid UTF-8 (repair) -> a low-confidence
// ICU guess (with a warning) -> repair as UTF-8 (with a warning).
// Throws InvalidArgument for an unknown `forced_encoding` name; never for data.
DecodedText decode_text(std::string_view bytes, std::string_view path_for_messages,
                        std::string_view forced_encoding = {});

// True when `bytes` look like a binary file: NUL bytes (unless the text starts with a UTF-16 or
// UTF-32 byte order mark, whose ASCII characters contain NULs), or more than 10% control bytes
// other than tab, newline, carriage return, form feed, vertical tab and escape.
bool looks_binary(std::string_view bytes);

// True for a UTF-16/UTF-32/UCS-2/UCS-4 charset name (any spelling), whose text has NUL bytes:
// with such a forced encoding the caller skips looks_binary.
bool is_wide_encoding(std::string_view name);

}  // namespace kosearch::detail
