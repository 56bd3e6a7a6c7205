#pragma once
/// @file Reading option values given as text (`--set KEY=VALUE`, the C API's options, HTTP
/// parameters): one set of rules and messages for the searcher's and the indexer's options.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace kosearch::option_value {

/// A decimal number (all of `value`). Throws InvalidArgument naming `key`.
double to_double(std::string_view key, std::string_view value);
/// A non-negative integer below 2^32 (all of `value`; no sign). Throws InvalidArgument naming `key`.
std::uint32_t to_uint(std::string_view key, std::string_view value);
/// to_uint() within [lo, hi]; out of range throws InvalidArgument naming `key` and the range.
std::uint32_t to_uint_in(std::string_view key, std::string_view value, std::uint32_t lo, std::uint32_t hi);
/// 1/0, true/false, on/off, yes/no. Throws InvalidArgument naming `key`.
bool to_bool(std::string_view key, std::string_view value);

/// One option of an `Options` struct settable by name: `set` parses `value` for `key` and sets
/// the field, or throws InvalidArgument before changing anything.
template <class Options>
struct Setter {
  std::string_view key;
  void (*set)(Options& options, std::string_view key, std::string_view value);
};

/// Throws InvalidArgument: `key` is no `what` option; the message lists `valid` (comma-separated).
[[noreturn]] void throw_unknown(std::string_view what, std::string_view key, const std::string& valid);

/// Sets option `key` of `options` through `table` (the registry of the settable options);
/// an unknown key is refused with every key of the table named.
template <class Options, std::size_t N>
void apply(const std::array<Setter<Options>, N>& table, std::string_view what, Options& options,
           std::string_view key, std::string_view value) {
  for (const auto& s : table) {
    if (s.key == key) return s.set(options, key, value);
  }
  std::string valid;
  for (const auto& s : table) valid.append(valid.empty() ? "" : ", ").append(s.key);
  throw_unknown(what, key, valid);
}

}  // namespace kosearch::option_value
