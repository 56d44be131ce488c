#pragma once

#include "scenario.hpp"

#include <chrono>
#include <optional>
#include <string_view>
#include <vector>

namespace ocivanilla::sim {

// The active faults, in the order they were added. Each take_* call fires (and consumes one
// count of) the first matching fault of the given kind; a fault at count 0 is removed.
// Not thread-safe: the Simulator holds its lock around every call.
class FaultSet {
 public:
  void add(Fault fault) { m_faults.push_back(std::move(fault)); }
  void clear() { m_faults.clear(); }
  nlohmann::json to_json() const;

  // throttle / unavailable / internal_error
  std::optional<Fault> take_answer(std::string_view method, std::string_view path);
  // out_of_capacity for a launch into `availability_domain`
  bool take_capacity(std::string_view method, std::string_view path, std::string_view availability_domain);
  // drop_connection; without method/path a fault matches only LaunchInstance (`is_launch`)
  bool take_drop(std::string_view method, std::string_view path, bool is_launch);
  // truncated_body / invalid_json / extra_fields
  std::optional<FaultType> take_body(std::string_view method, std::string_view path);
  // Sum of every matching delay (each consumed once).
  std::chrono::milliseconds take_delay(std::string_view method, std::string_view path);

 private:
  template <typename Pred>
  std::optional<Fault> take_first(std::string_view method, std::string_view path, Pred pred);

  std::vector<Fault> m_faults;
};

} // namespace ocivanilla::sim
