#include "ocivanilla/core/duration.hpp"

#include <array>
#include <limits>

namespace ocivanilla::core {

namespace {

long long unit_seconds(char unit)
{
  switch (unit) {
  case 'd': return 86400;
  case 'h': return 3600;
  case 'm': return 60;
  case 's': return 1;
  default: return 0;
  }
}

Error duration_error(std::string_view text, std::string_view why)
{
  return make_error(ErrorKind::usage, "invalid duration '" + std::string(text) + "': " + std::string(why) +
                                        " (examples: 30m, 8h, 2d, 1h30m)");
}

} // namespace

Result<std::chrono::seconds> parse_duration(std::string_view text)
{
  if (text.empty()) {
    return duration_error(text, "empty");
  }
  long long total = 0;
  long long last_unit = std::numeric_limits<long long>::max();
  std::size_t pos = 0;
  while (pos < text.size()) {
    long long number = 0;
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      number = number * 10 + (text[pos] - '0');
      if (number > k_max_duration_seconds) {
        return duration_error(text, "longer than " + std::to_string(k_max_duration_days) + "d");
      }
      ++pos;
    }
    if (pos == start) {
      return duration_error(text, "expected a number at position " + std::to_string(start + 1));
    }
    if (pos == text.size()) {
      return duration_error(text, "missing unit after " + std::string(text.substr(start)) + " (s, m, h or d)");
    }
    const long long unit = unit_seconds(text[pos]);
    if (unit == 0) {
      return duration_error(text, "unknown unit '" + std::string(1, text[pos]) + "' (s, m, h or d)");
    }
    if (unit >= last_unit) {
      return duration_error(text, "units must go from largest to smallest, each once");
    }
    last_unit = unit;
    total += number * unit; // number <= k_max_duration_seconds: no overflow
    if (total > k_max_duration_seconds) {
      return duration_error(text, "longer than " + std::to_string(k_max_duration_days) + "d");
    }
    ++pos;
  }
  if (total <= 0) {
    return duration_error(text, "must be greater than zero");
  }
  return std::chrono::seconds{total};
}

std::string format_duration(std::chrono::seconds d)
{
  long long rest = d.count();
  if (rest <= 0) {
    return "0s";
  }
  std::string out;
  constexpr std::array<std::pair<char, long long>, 4> k_units = {{{'d', 86400}, {'h', 3600}, {'m', 60}, {'s', 1}}};
  for (const auto& [unit, secs] : k_units) {
    if (rest >= secs) {
      out += std::to_string(rest / secs);
      out += unit;
      rest %= secs;
    }
  }
  return out;
}

} // namespace ocivanilla::core
