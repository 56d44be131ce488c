// The main job end to end against the seed tenancy: list, plan status, the budget guard,
// terminate, launch, tag (the same story as `make demo`).
#include "support/sim_fixture.hpp"

#include <catch2/catch.hpp>

using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;

TEST_CASE("seed tenancy: list shows the four A1 instances and the full pool")
{
  SimFixture sim;
  auto r = sim.cli({"list"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("tamara-deployment-server") != std::string::npos);
  CHECK(r.out.find("ubuntu-vanilla-test") != std::string::npos);
  CHECK(r.out.find("A1 4/4 OCPU, 24/24 GB") != std::string::npos);
  CHECK(r.err.empty());
}

TEST_CASE("seed tenancy: the guard refuses lab-manager while the pool is full, then it launches")
{
  SimFixture sim;
  const std::map<std::string, std::string> env = {{"OCIVANILLA_PLAN", shipped_plan()}};
  auto refused = sim.cli({"launch", "lab-manager", "--shape", "VM.Standard.A1.Flex", "--memory", "8", "--ocpus", "2"},
                         env);
  CHECK(refused.exit_code == 6);
  CHECK(refused.err.find("in use 4 OCPU + 2 requested = 6 > 4 budget") != std::string::npos);
  CHECK(sim.requests_matching("POST", "/instances").empty());

  REQUIRE(sim.cli({"terminate", "ubuntu-vanilla-test", "--yes", "--wait"}).exit_code == 0);
  REQUIRE(
    sim.cli({"terminate", "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0004", "--yes", "--wait"}).exit_code ==
    0);
  auto launched = sim.cli(
    {"launch", "lab-manager", "--shape", "VM.Standard.A1.Flex", "--memory", "8", "--ocpus", "2", "--wait"}, env);
  REQUIRE(launched.exit_code == 0);
  CHECK(launched.out.find("public IP: ") != std::string::npos);
  const auto live = sim.live_named("lab-manager-server");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["shapeConfig"]["ocpus"] == 2.0);
  CHECK(live[0]["shapeConfig"]["memoryInGBs"] == 8.0);
  CHECK(live[0]["freeformTags"]["ocivanilla-tier"] == "dedicated");
  CHECK(live[0]["freeformTags"]["ocivanilla-namespaces"] == "lab-manager");

  auto tagged = sim.cli({"tag", "lab-manager-server", "owner=lab", "team=ops"}, env);
  REQUIRE(tagged.exit_code == 0);
  const auto after = sim.live_named("lab-manager-server");
  CHECK(after[0]["freeformTags"]["owner"] == "lab");
  CHECK(after[0]["freeformTags"]["team"] == "ops");
  CHECK(after[0]["freeformTags"]["ocivanilla-tier"] == "dedicated");
}
