#pragma once

#include "ocivanilla/core/result.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace ocivanilla::core {

// Durations as CLI.md writes them: "30s", "30m", "8h", "2d", "1h30m". Units s, m, h, d;
// each unit at most once, largest first; the total must be > 0 and at most k_max_duration_days
// (so any duration added to the clock stays far from overflow, and format_duration's output
// always parses back). Errors name the text.
inline constexpr long long k_max_duration_days = 36500; // 100 years
inline constexpr long long k_max_duration_seconds = k_max_duration_days * 86400;
Result<std::chrono::seconds> parse_duration(std::string_view text);

// The shortest form parse_duration accepts back: 5400s -> "1h30m".
std::string format_duration(std::chrono::seconds d);

} // namespace ocivanilla::core
