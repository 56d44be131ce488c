// `ocivanilla start` / `stop`: the actions sent, --wait, output, and states that need no action.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

using ocivanilla::testing::has;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;

namespace {

constexpr const char* k_vanilla = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0002";

std::string state_of(const SimFixture& sim, const std::string& id)
{
  for (const auto& i : sim.instances()) {
    if (i["id"] == id) {
      return i["lifecycleState"];
    }
  }
  FAIL("no instance " << id);
  return {};
}

std::vector<std::string> actions_sent(const SimFixture& sim)
{
  std::vector<std::string> out;
  for (const auto& r : sim.requests_matching("POST", "/instances/")) {
    out.push_back(r["query"].get<std::string>());
  }
  return out;
}

} // namespace

TEST_CASE("power: stop --wait then start --wait, printing the instance each time")
{
  SimFixture sim(seed_scenario(0.5));
  auto stopped = sim.cli({"stop", "ubuntu-vanilla-test", "--wait"});
  REQUIRE(stopped.exit_code == 0);
  CHECK(has(stopped.out, "ubuntu-vanilla-test  STOPPED  VM.Standard.A1.Flex"));
  CHECK(has(stopped.out, k_vanilla));
  CHECK(state_of(sim, k_vanilla) == "STOPPED");

  auto started = sim.cli({"start", k_vanilla, "--wait", "-o", "json"});
  REQUIRE(started.exit_code == 0);
  const auto doc = nlohmann::json::parse(started.out);
  CHECK(doc["data"]["id"] == k_vanilla);
  CHECK(doc["data"]["lifecycleState"] == "RUNNING");
  CHECK(state_of(sim, k_vanilla) == "RUNNING");
  CHECK(actions_sent(sim) == std::vector<std::string>{"action=STOP", "action=START"});
  for (const auto& r : sim.requests_matching("POST", "/instances/")) {
    CHECK(r["status"] == 200);
  }
}

TEST_CASE("power: stop --soft sends SOFTSTOP, without --wait it returns the transitional state")
{
  SimFixture sim(seed_scenario(30));
  auto r = sim.cli({"stop", "ubuntu-vanilla-test", "--soft", "-o", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["data"]["lifecycleState"] == "STOPPING");
  CHECK(actions_sent(sim) == std::vector<std::string>{"action=SOFTSTOP"});
  CHECK(state_of(sim, k_vanilla) == "STOPPING");
}

TEST_CASE("power: starting a RUNNING instance (or stopping a STOPPED one) sends nothing and succeeds")
{
  auto scenario = seed_scenario();
  scenario["instances"][1]["lifecycleState"] = "STOPPED";
  SimFixture sim(scenario);
  auto start_running = sim.cli({"start", "tamara-deployment-server"});
  CHECK(start_running.exit_code == 0);
  CHECK(has(start_running.err, "is already RUNNING"));
  auto stop_stopped = sim.cli({"stop", "ubuntu-vanilla-test"});
  CHECK(stop_stopped.exit_code == 0);
  CHECK(has(stop_stopped.err, "is already STOPPED"));
  CHECK(actions_sent(sim).empty());
}

TEST_CASE("power: --wait past --wait-timeout exits 8 naming the state")
{
  SimFixture sim(seed_scenario(30));
  auto r = sim.cli({"stop", "ubuntu-vanilla-test", "--wait", "--wait-timeout", "1s"});
  CHECK(r.exit_code == 8);
  CHECK(has(r.err, "STOPPING"));
  CHECK(state_of(sim, k_vanilla) == "STOPPING");
}

TEST_CASE("power: --dry-run changes nothing, unknown names are exit 5")
{
  SimFixture sim;
  auto dry = sim.cli({"stop", "ubuntu-vanilla-test", "--dry-run"});
  CHECK(dry.exit_code == 0);
  CHECK(dry.out == std::string("dry run: would stop 'ubuntu-vanilla-test' (") + k_vanilla + ") (RUNNING)\n");
  auto unknown = sim.cli({"start", "ghost"});
  CHECK(unknown.exit_code == 5);
  CHECK(actions_sent(sim).empty());
  CHECK(state_of(sim, k_vanilla) == "RUNNING");
}
