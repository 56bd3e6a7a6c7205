#include "terminal_text.hpp"

#include <fmt/core.h>

namespace kosearch::cli {

std::string count_of(std::uint64_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

std::string printable(std::string_view text, std::string_view keep_open, std::string_view keep_close) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    bool kept = false;
    for (std::string_view keep : {keep_open, keep_close}) {
      if (!keep.empty() && text.substr(i).starts_with(keep)) {
        out.append(keep);
        i += keep.size() - 1;
        kept = true;
        break;
      }
    }
    if (kept) continue;
    if (c == '\t' || c == '\n' || c == '\r') {
      out.push_back(' ');
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9F) {
      // U+0080..U+009F in UTF-8: C1 controls (0x9B is a one-byte CSI on some terminals).
      out += fmt::format("\\u{{{:x}}}", static_cast<unsigned char>(text[i + 1]));
      ++i;
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace kosearch::cli
