#pragma once

#include <chrono>
#include <string>

namespace ocivanilla::core {

using TimePoint = std::chrono::system_clock::time_point;

// Wall-clock time. Fakes advance it by hand (tests/unit/support/fake_clock.hpp).
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
};

// Waiting. A fake records the delays and advances a FakeClock instead of sleeping.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual void sleep_for(std::chrono::milliseconds delay) = 0;
};

class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::system_clock::now(); }
};

class RealSleeper final : public Sleeper {
 public:
  void sleep_for(std::chrono::milliseconds delay) override;
};

// "Thu, 05 Jan 2014 21:31:40 GMT" (RFC 7231 IMF-fixdate), independent of the locale.
std::string format_http_date(TimePoint t);
// Parses an IMF-fixdate; returns false on anything else.
bool parse_http_date(std::string_view text, TimePoint& out);
// "2026-12-04T19:40:12Z" (RFC 3339, UTC, seconds).
std::string format_rfc3339(TimePoint t);
// Parses RFC 3339 with optional fraction and "Z" or "+hh:mm" offset.
bool parse_rfc3339(std::string_view text, TimePoint& out);

} // namespace ocivanilla::core
