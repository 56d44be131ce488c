// Fuzz target "sim_scenario": the simulator's scenario YAML (parse_scenario, then creating the
// simulator from what it accepted) and the fault / instance objects of its admin API
// (parse_fault, parse_instance_seed). Relative publicKeyFile paths resolve against
// tests/data/keys. Property: errors read "source:..." and name the source given.
#include "fuzz_support.hpp"

#include "ocivanilla/core/clock.hpp"
#include "scenario.hpp"
#include "simulator.hpp"

#include <string>

namespace {

using namespace ocivanilla;

class FixedClock final : public core::Clock {
 public:
  core::TimePoint now() const override { return core::TimePoint{std::chrono::seconds{1'780'000'000}}; }
};

void check_error(const core::Error& error, std::string_view source)
{
  OVL_FUZZ_CHECK(error.message.rfind(std::string(source), 0) == 0, error.message);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const FixedClock clock;
  const std::string_view text = fuzz::as_text(data, size);
  auto scenario = sim::parse_scenario(text, "fuzz-scenario.yaml",
                                      std::string(OVL_FUZZ_SOURCE_DIR) + "/tests/data/keys");
  if (!scenario.ok()) {
    check_error(scenario.error(), "fuzz-scenario.yaml");
  } else if (!scenario->generate || scenario->generate->count <= 1000) {
    // (generate.count may be up to 1000000 by design: too slow for one fuzz input)
    auto simulator = sim::Simulator::create(std::move(scenario).value(), {}, clock, "fuzz-scenario.yaml");
    if (!simulator.ok()) {
      check_error(simulator.error(), "fuzz-scenario.yaml");
    }
  }
  const auto fault = sim::parse_fault(text, "fuzz-fault");
  if (fault.ok()) {
    // As the admin API sends it (GET /_sim/faults): invalid UTF-8 from a YAML scenario replaced.
    const std::string dumped = sim::fault_json(*fault).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const auto again = sim::parse_fault(dumped, "fuzz-fault-json");
    OVL_FUZZ_CHECK(again.ok(), dumped + (again.ok() ? "" : " | " + again.error().message));
  } else {
    check_error(fault.error(), "fuzz-fault");
  }
  const auto seed = sim::parse_instance_seed(text, "fuzz-instance");
  if (!seed.ok()) {
    check_error(seed.error(), "fuzz-instance");
  }
  return 0;
}
