#pragma once
// Text the CLI prints for a person: counts with their noun, and text from queries and passages
// made safe to print on a terminal.

#include <cstdint>
#include <string>
#include <string_view>

namespace kosearch::cli {

// "1 file", "2 files": `n` and the noun in the singular or the plural.
std::string count_of(std::uint64_t n, std::string_view one, std::string_view many);

// `text` with its control characters (C0, DEL, C1: ESC, CR, BEL, ...) written as `\xNN` or
// `\u{NN}` so that a query or a passage cannot move the cursor, recolour or retitle the
// terminal; tabs and line breaks become spaces. `keep_open`/`keep_close` (the CLI's own highlight sequences)
// pass unchanged where they occur whole.
std::string printable(std::string_view text, std::string_view keep_open = {}, std::string_view keep_close = {});

}  // namespace kosearch::cli
