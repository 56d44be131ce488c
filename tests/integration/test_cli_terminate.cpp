// `ocivanilla terminate`: confirmation rules, names and OCIDs, dedicated protection, idempotence.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

using ocivanilla::testing::has;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;

namespace {

constexpr const char* k_vanilla = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0002";
constexpr const char* k_purelab_a = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0003";
constexpr const char* k_purelab_b = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0004";
constexpr const char* k_dedicated = "ocid1.instance.oc1.eu-frankfurt-1.terminatetestdedicated";

nlohmann::json instance_by_id(const SimFixture& sim, const std::string& id)
{
  for (const auto& i : sim.instances()) {
    if (i["id"] == id) {
      return i;
    }
  }
  FAIL("no instance " << id << " in the simulator");
  return {};
}

// The seed plus a Micro instance tagged dedicated.
YAML::Node scenario_with_dedicated()
{
  auto scenario = seed_scenario();
  YAML::Node i;
  i["displayName"] = "prod-db";
  i["id"] = k_dedicated;
  i["shape"] = "VM.Standard.E2.1.Micro";
  i["freeformTags"]["ocivanilla-tier"] = "dedicated";
  scenario["instances"].push_back(i);
  return scenario;
}

} // namespace

TEST_CASE("terminate: by name with --yes deletes the boot volume by default")
{
  SimFixture sim;
  auto r = sim.cli({"terminate", "ubuntu-vanilla-test", "--yes"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == std::string("terminated ubuntu-vanilla-test ") + k_vanilla + "\n");
  CHECK(has(r.err, std::string("terminating 'ubuntu-vanilla-test' (") + k_vanilla + ")"));
  const auto deletes = sim.requests_matching("DELETE", "/instances/");
  REQUIRE(deletes.size() == 1);
  CHECK(deletes[0]["path"] == std::string("/20160918/instances/") + k_vanilla);
  CHECK(has(deletes[0]["query"].get<std::string>(), "preserveBootVolume=false"));
  const auto after = instance_by_id(sim, k_vanilla);
  CHECK(after["lifecycleState"] == "TERMINATED");
  CHECK(after["_sim"]["preserveBootVolume"] == false);
}

TEST_CASE("terminate: by OCID with --preserve-boot-volume --wait -o json prints the TERMINATED instance")
{
  SimFixture sim(seed_scenario(0.5));
  auto r = sim.cli({"-o", "json", "terminate", k_purelab_b, "-y", "--preserve-boot-volume", "--wait"});
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["data"]["id"] == k_purelab_b);
  CHECK(doc["data"]["lifecycleState"] == "TERMINATED");
  CHECK(doc["data"]["displayName"] == "purelabsourcing-ubuntu-arm64");
  const auto after = instance_by_id(sim, k_purelab_b);
  CHECK(after["lifecycleState"] == "TERMINATED");
  CHECK(after["_sim"]["preserveBootVolume"] == true);
  CHECK(instance_by_id(sim, k_purelab_a)["lifecycleState"] == "RUNNING");
}

TEST_CASE("terminate: without a terminal and without --yes it refuses (exit 2) and sends no DELETE")
{
  SimFixture sim;
  auto r = sim.cli({"terminate", "ubuntu-vanilla-test"}, {}, "y\n");
  CHECK(r.exit_code == 2);
  CHECK(r.err == std::string("ocivanilla: error: not terminating 'ubuntu-vanilla-test' (") + k_vanilla +
                   ") without confirmation: no terminal to ask on; pass --yes\n");
  CHECK(r.out.empty());
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
  CHECK(instance_by_id(sim, k_vanilla)["lifecycleState"] == "RUNNING");
}

TEST_CASE("terminate: a name shared by several live instances is exit 5 listing their OCIDs")
{
  SimFixture sim;
  auto r = sim.cli({"terminate", "purelabsourcing-ubuntu-arm64", "--yes"});
  CHECK(r.exit_code == 5);
  CHECK(has(r.err, "purelabsourcing-ubuntu-arm64"));
  CHECK(has(r.err, k_purelab_a));
  CHECK(has(r.err, k_purelab_b));
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}

TEST_CASE("terminate: an unknown name is exit 5, a TERMINATED namesake does not count")
{
  auto scenario = seed_scenario();
  scenario["instances"][1]["lifecycleState"] = "TERMINATED"; // ubuntu-vanilla-test
  REQUIRE(scenario["instances"][1]["displayName"].as<std::string>() == "ubuntu-vanilla-test");
  SimFixture sim(scenario);
  auto unknown = sim.cli({"terminate", "no-such-box", "--yes"});
  CHECK(unknown.exit_code == 5);
  CHECK(has(unknown.err, "no instance named 'no-such-box' (not TERMINATED) in compartment " + sim.tenancy()));
  auto gone = sim.cli({"terminate", "ubuntu-vanilla-test", "--yes"});
  CHECK(gone.exit_code == 5);
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}

TEST_CASE("terminate: an already terminated instance (by OCID) is success with nothing sent")
{
  auto scenario = seed_scenario();
  scenario["instances"][1]["lifecycleState"] = "TERMINATED";
  SimFixture sim(scenario);
  auto r = sim.cli({"terminate", k_vanilla, "--yes"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.err, "is already TERMINATED; nothing to do"));
  CHECK(r.out.empty());
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}

TEST_CASE("terminate: terminating an instance that is already TERMINATING succeeds")
{
  auto scenario = seed_scenario();
  scenario["instances"][1]["lifecycleState"] = "TERMINATING";
  SimFixture sim(scenario);
  auto r = sim.cli({"terminate", "ubuntu-vanilla-test", "--yes"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.err, "already TERMINATING"));
}

TEST_CASE("terminate: a dedicated instance is refused without --force and terminated with it")
{
  SimFixture sim(scenario_with_dedicated());
  auto refused = sim.cli({"terminate", "prod-db", "--yes"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err == std::string("ocivanilla: error: refusing to terminate dedicated instance 'prod-db' (") +
                         k_dedicated + "): it is a planned production server; pass --force if you really mean it\n");
  CHECK(sim.requests_matching("DELETE", "/instances").empty());

  auto forced = sim.cli({"terminate", "prod-db", "--yes", "--force"});
  CHECK(forced.exit_code == 0);
  CHECK(sim.requests_matching("DELETE", "/instances").size() == 1);
  CHECK(instance_by_id(sim, k_dedicated)["lifecycleState"] == "TERMINATED");
}

TEST_CASE("terminate: the plan's dedicated server is protected even before it carries the tier tag")
{
  SimFixture sim;
  const std::map<std::string, std::string> env = {{"OCIVANILLA_PLAN", shipped_plan()}};
  auto refused = sim.cli({"terminate", "tamara-deployment-server", "--yes"}, env);
  CHECK(refused.exit_code == 2);
  CHECK(has(refused.err, "refusing to terminate dedicated instance 'tamara-deployment-server'"));
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}

TEST_CASE("terminate: --dry-run says what would happen and sends no DELETE")
{
  SimFixture sim;
  auto r = sim.cli({"terminate", "ubuntu-vanilla-test", "--dry-run"});
  CHECK(r.exit_code == 0);
  CHECK(r.out == std::string("dry run: would terminate 'ubuntu-vanilla-test' (") + k_vanilla +
                   ") (RUNNING, VM.Standard.A1.Flex), boot volume deleted\n");
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}
