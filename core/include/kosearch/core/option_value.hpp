#pragma once
/// @file Reading option values given as text (`--set KEY=VALUE`, the C API's options, HTTP
/// parameters): one set of rules and messages for the searcher's and the indexer's options.

#include <cstdint>
#include <string_view>

namespace kosearch::option_value {

/// A decimal number (all of `value`). Throws InvalidArgument naming `key`.
double to_double(std::string_view key, std::string_view value);
/// A non-negative integer below 2^32 (all of `value`; no sign). Throws InvalidArgument naming `key`.
std::uint32_t to_uint(std::string_view key, std::string_view value);
/// 1/0, true/false, on/off, yes/no. Throws InvalidArgument naming `key`.
bool to_bool(std::string_view key, std::string_view value);

}  // namespace kosearch::option_value
