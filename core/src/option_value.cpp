#include "kosearch/core/option_value.hpp"

#include <charconv>
#include <string>

#include "kosearch/core/error.hpp"

namespace kosearch::option_value {

double to_double(std::string_view key, std::string_view value) {
  try {
    std::size_t used = 0;
    const double d = std::stod(std::string(value), &used);
    if (used == value.size()) return d;
  } catch (const std::exception&) {
  }
  throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) + "' is not a number");
}

std::uint32_t to_uint(std::string_view key, std::string_view value) {
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size()) {
    throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) +
                          "' is not a non-negative integer");
  }
  return v;
}

std::uint32_t to_uint_in(std::string_view key, std::string_view value, std::uint32_t lo, std::uint32_t hi) {
  std::uint32_t v = 0;
  const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || ptr != value.data() + value.size() || v < lo || v > hi) {
    throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) + "' is not an integer from " +
                          std::to_string(lo) + " to " + std::to_string(hi));
  }
  return v;
}

bool to_bool(std::string_view key, std::string_view value) {
  if (value == "1" || value == "true" || value == "on" || value == "yes") return true;
  if (value == "0" || value == "false" || value == "off" || value == "no") return false;
  throw InvalidArgument("option " + std::string(key) + ": '" + std::string(value) +
                        "' is not a boolean (use 1/0, true/false, on/off)");
}

void throw_unknown(std::string_view what, std::string_view key, const std::string& valid) {
  throw InvalidArgument("unknown " + std::string(what) + " option '" + std::string(key) + "'; valid: " + valid);
}

}  // namespace kosearch::option_value
