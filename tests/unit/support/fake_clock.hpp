#pragma once

#include "ocivanilla/core/clock.hpp"

#include <chrono>
#include <vector>

namespace ocivanilla::testing {

// A clock that only moves when told to.
class FakeClock final : public core::Clock {
 public:
  explicit FakeClock(core::TimePoint start = core::TimePoint{} + std::chrono::seconds{1'765'000'000}) : m_now(start) {}
  core::TimePoint now() const override { return m_now; }
  void advance(std::chrono::milliseconds d) { m_now += d; }
  void set(core::TimePoint t) { m_now = t; }

 private:
  core::TimePoint m_now;
};

// Records every delay and advances the FakeClock by it instead of sleeping.
class RecordingSleeper final : public core::Sleeper {
 public:
  explicit RecordingSleeper(FakeClock& clock) : m_clock(clock) {}
  void sleep_for(std::chrono::milliseconds delay) override
  {
    m_delays.push_back(delay);
    m_clock.advance(delay);
  }
  const std::vector<std::chrono::milliseconds>& delays() const { return m_delays; }

 private:
  FakeClock& m_clock;
  std::vector<std::chrono::milliseconds> m_delays;
};

} // namespace ocivanilla::testing
