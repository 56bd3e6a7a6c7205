#pragma once
// Internal: line-oriented reading of small text files (qrels, runs, queries) with
// `path:line` error messages. Not installed.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kosearch::eval_internal {

// Reads a whole file. Throws IoError naming the path and the OS reason.
std::string read_file(const std::filesystem::path& path);

// Iterates the lines of a text: strips a leading UTF-8 BOM and a trailing CR per line.
class LineReader {
 public:
  explicit LineReader(std::string_view text);
  // Stores the next line and returns true, or returns false at the end.
  bool next(std::string_view& line);
  // 1-based number of the line last returned.
  std::size_t line_number() const noexcept { return line_number_; }

 private:
  std::string_view rest_;
  std::size_t line_number_ = 0;
  bool done_ = false;
};

// True for an empty/whitespace-only line or one whose first non-blank character is '#'.
bool is_blank_or_comment(std::string_view line);

// Splits on runs of spaces and tabs (leading/trailing separators ignored).
void split_whitespace(std::string_view line, std::vector<std::string_view>& fields);

// Splits on each tab (empty fields kept).
void split_tabs(std::string_view line, std::vector<std::string_view>& fields);

std::string_view trim(std::string_view s);

// Parses a whole field as a decimal int (optional sign); false if it is not one.
bool parse_int(std::string_view s, int& value);

// Parses a whole field as a double (optional sign, decimal or exponent form); false otherwise.
bool parse_double(std::string_view s, double& value);

// "source:line: message" as an InvalidInput.
[[noreturn]] void throw_at(std::string_view source, std::size_t line, std::string_view message);

// Shortens a field for an error message.
std::string quote(std::string_view field);

}  // namespace kosearch::eval_internal
