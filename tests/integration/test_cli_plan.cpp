// `plan status` and `plan apply` against the seed tenancy with the shipped plan (issue 5): what
// status reports, the apply flow after freeing the pool, idempotence, dry runs, confirmation,
// and the budget guard applied per launch.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>

using ocivanilla::testing::has;
using ocivanilla::testing::lines_of;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;

namespace {

const std::map<std::string, std::string> k_plan_env = {{"OCIVANILLA_PLAN", shipped_plan()}};
const std::string k_seed = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance000";
const std::string k_tamara_id = k_seed + "1";

// API requests that change state (anything but GET).
std::vector<std::string> mutations(const SimFixture& sim)
{
  std::vector<std::string> out;
  for (const auto& r : sim.requests()) {
    if (r.value("method", "") != "GET") {
      out.push_back(r.value("method", "") + " " + r.value("path", ""));
    }
  }
  return out;
}

// The seed with the given instances (by the last digit of their seed OCID) already TERMINATED.
YAML::Node seed_without(const std::vector<char>& gone)
{
  auto scenario = seed_scenario();
  for (auto instance : scenario["instances"]) {
    const auto id = instance["id"].as<std::string>();
    if (std::find(gone.begin(), gone.end(), id.back()) != gone.end()) {
      instance["lifecycleState"] = "TERMINATED";
    }
  }
  return scenario;
}

// Every object key in `j`, recursively.
void collect_keys(const nlohmann::json& j, std::vector<std::string>& keys)
{
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      keys.push_back(key);
      collect_keys(value, keys);
    }
  } else if (j.is_array()) {
    for (const auto& item : j) {
      collect_keys(item, keys);
    }
  }
}

} // namespace

TEST_CASE("plan status on the seed names the unplanned instances and the full pool and the steps")
{
  SimFixture sim;
  auto r = sim.cli({"plan", "status"}, k_plan_env);
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  auto line = [&lines](const std::string& text) { return std::find(lines.begin(), lines.end(), text) != lines.end(); };
  CHECK(line("  tamara -> tamara-deployment-server: present (RUNNING, 1 OCPU / 6 GB, dedicated, tags not set)"));
  CHECK(line("  lab-manager -> lab-manager-server: missing (needs 2 OCPU / 8 GB, dedicated)"));
  CHECK(line("  dev-shared -> dev-shared-server: missing (needs 1 OCPU / 6 GB, shared-dev)"));
  CHECK(has(r.out, "Unplanned instances:\n  ubuntu-vanilla-test: RUNNING, VM.Standard.A1.Flex, 1 OCPU / 6 GB, "
                   "untagged, age "));
  CHECK(has(r.out, "  purelabsourcing-ubuntu-arm64: RUNNING, VM.Standard.A1.Flex, 1 OCPU / 6 GB, untagged, age "));
  CHECK(has(r.out, "(" + k_seed + "3)"));
  CHECK(has(r.out, "(" + k_seed + "4)"));
  CHECK(line("A1 pool full: 4/4 OCPU, 24/24 GB"));
  CHECK(line("Missing servers need 3 OCPU / 14 GB of A1"));
  CHECK(has(r.out, "  1. terminate ubuntu-vanilla-test (unplanned, untagged, RUNNING, 1 OCPU / 6 GB, age "));
  CHECK(has(r.out, "  2. consolidate the 2 purelabsourcing-ubuntu-arm64 instances into one: keep " + k_seed + "3"));
  CHECK(has(r.out, "terminate the rest (frees 1 OCPU / 6 GB): ocivanilla terminate " + k_seed + "4\n"));
  CHECK(line("  3. launch lab-manager-server (2 OCPU / 8 GB; A1 then 4/4 OCPU, 20/24 GB): ocivanilla launch "
             "lab-manager"));
  CHECK(has(r.out, "  4. dev-shared-server (1 OCPU / 6 GB) does not fit even after the steps above: A1 budget "
                   "exceeded: in use 4 OCPU + 1 requested = 5 > 4 budget"));
  CHECK(line("  5. tag tamara-deployment-server with ocivanilla-managed=true, ocivanilla-namespaces=tamara, "
             "ocivanilla-tier=dedicated: ocivanilla plan apply"));
  REQUIRE_FALSE(lines.empty());
  CHECK(lines.back() == "Even after these steps the budget does not fit: dev-shared-server");
  CHECK(r.err.empty());
  CHECK(mutations(sim).empty());
}

TEST_CASE("plan status -o json is one document with camelCase keys")
{
  SimFixture sim;
  auto r = sim.cli({"plan", "status", "-o", "json"}, k_plan_env);
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  const auto& data = doc.at("data");
  CHECK(data.at("plan") == shipped_plan());
  CHECK(data.at("usage").at("a1Ocpus") == 4.0);
  CHECK(data.at("usage").at("a1MemoryGb") == 24.0);
  CHECK(data.at("fitsAfterSteps") == false);
  REQUIRE(data.at("servers").size() == 3);
  CHECK(data["servers"][0].at("key") == "tamara");
  CHECK(data["servers"][0].at("state") == "present");
  CHECK(data["servers"][0].at("instanceId") == k_tamara_id);
  CHECK(data["servers"][0].at("tagsMatch") == false);
  CHECK(data["servers"][1].at("displayName") == "lab-manager-server");
  CHECK(data["servers"][1].at("state") == "missing");
  CHECK(data["servers"][2].at("state") == "missing");
  std::vector<std::string> unplanned;
  for (const auto& u : data.at("unplanned")) {
    unplanned.push_back(u.at("displayName").get<std::string>() + " " + u.at("tier").get<std::string>());
  }
  std::sort(unplanned.begin(), unplanned.end());
  CHECK(unplanned == std::vector<std::string>{"purelabsourcing-ubuntu-arm64 untagged",
                                              "purelabsourcing-ubuntu-arm64 untagged", "ubuntu-vanilla-test untagged"});
  std::vector<std::string> steps;
  for (const auto& s : data.at("steps")) {
    steps.push_back(s.at("kind").get<std::string>() + " " + s.at("target").get<std::string>());
  }
  CHECK(steps == std::vector<std::string>{"terminate ubuntu-vanilla-test", "consolidate purelabsourcing-ubuntu-arm64",
                                          "launch lab-manager-server", "blocked dev-shared-server",
                                          "tag tamara-deployment-server"});
  CHECK(data["steps"][1].at("instanceIds") == nlohmann::json::array({k_seed + "4"}));
  std::vector<std::string> keys;
  collect_keys(data, keys);
  for (const auto& key : keys) {
    INFO("key " << key);
    CHECK(key.find('_') == std::string::npos);
    CHECK(key.find('-') == std::string::npos);
  }
}

TEST_CASE("after terminating the unplanned VMs plan apply --yes launches and tags and a second run does nothing")
{
  SimFixture sim;
  REQUIRE(sim.cli({"terminate", "ubuntu-vanilla-test", "--yes", "--wait"}).exit_code == 0);
  REQUIRE(sim.cli({"terminate", k_seed + "3", "--yes", "--wait"}).exit_code == 0);
  REQUIRE(sim.cli({"terminate", k_seed + "4", "--yes", "--wait"}).exit_code == 0);
  sim.clear_requests();

  auto applied = sim.cli({"plan", "apply", "--yes"}, k_plan_env);
  REQUIRE(applied.exit_code == 0);
  CHECK(has(applied.out, "  tag tamara-deployment-server (" + k_tamara_id +
                           ") as servers.tamara: "
                           "ocivanilla-managed=true, ocivanilla-namespaces=tamara, ocivanilla-tier=dedicated\n"));
  CHECK(has(applied.out, "  launch lab-manager-server (lab-manager): VM.Standard.A1.Flex, 2 OCPU / 8 GB, 50 GB "
                         "boot volume\n"));
  CHECK(has(applied.out, "  launch dev-shared-server (dev-shared): VM.Standard.A1.Flex, 1 OCPU / 6 GB, 50 GB boot "
                         "volume\n"));
  CHECK(has(applied.out, "tagged tamara-deployment-server " + k_tamara_id + "\n"));
  CHECK(sim.requests_matching("POST", "/instances").size() == 2);
  CHECK(sim.requests_matching("PUT", "/instances/").size() == 1);
  CHECK(sim.requests_matching("PUT", "/instances/" + k_tamara_id).size() == 1);
  CHECK(sim.requests_matching("DELETE", "/instances").empty());

  const auto lab = sim.live_named("lab-manager-server");
  REQUIRE(lab.size() == 1);
  CHECK(lab[0]["shape"] == "VM.Standard.A1.Flex");
  CHECK(lab[0]["shapeConfig"]["ocpus"] == 2.0);
  CHECK(lab[0]["shapeConfig"]["memoryInGBs"] == 8.0);
  CHECK(lab[0]["sourceDetails"]["bootVolumeSizeInGBs"] == 50);
  CHECK(lab[0]["freeformTags"] == nlohmann::json({{"ocivanilla-namespaces", "lab-manager"},
                                                  {"ocivanilla-tier", "dedicated"},
                                                  {"ocivanilla-managed", "true"}}));
  const auto dev = sim.live_named("dev-shared-server");
  REQUIRE(dev.size() == 1);
  CHECK(dev[0]["shapeConfig"]["ocpus"] == 1.0);
  CHECK(dev[0]["shapeConfig"]["memoryInGBs"] == 6.0);
  CHECK(dev[0]["freeformTags"] == nlohmann::json({{"ocivanilla-namespaces", "mariana,annabelle,karri"},
                                                  {"ocivanilla-tier", "shared-dev"},
                                                  {"ocivanilla-managed", "true"}}));
  const auto tamara = sim.live_named("tamara-deployment-server");
  REQUIRE(tamara.size() == 1);
  CHECK(tamara[0]["freeformTags"] == nlohmann::json({{"namespace", "tamara"}, // the user's own tag is kept
                                                     {"ocivanilla-namespaces", "tamara"},
                                                     {"ocivanilla-tier", "dedicated"},
                                                     {"ocivanilla-managed", "true"}}));

  sim.clear_requests();
  auto again = sim.cli({"plan", "apply", "--yes"}, k_plan_env);
  CHECK(again.exit_code == 0);
  CHECK(again.out == "plan apply: nothing to do (" + shipped_plan() + ")\n");
  CHECK(again.err.empty());
  CHECK(mutations(sim).empty());

  auto status = sim.cli({"plan", "status"}, k_plan_env);
  REQUIRE(status.exit_code == 0);
  CHECK(has(status.out, "  tamara -> tamara-deployment-server: present (RUNNING, 1 OCPU / 6 GB, dedicated)\n"));
  CHECK(has(status.out, "  lab-manager -> lab-manager-server: present (RUNNING, 2 OCPU / 8 GB, dedicated)\n"));
  CHECK(has(status.out, "  dev-shared -> dev-shared-server: present (RUNNING, 1 OCPU / 6 GB, shared-dev)\n"));
  CHECK(has(status.out, "Unplanned instances:\n  (none)\n"));
  CHECK(has(status.out, "Nothing to do: the live instances match the plan.\n"));
}

TEST_CASE("plan apply --dry-run and plan apply without a terminal or --yes change nothing")
{
  SimFixture sim(seed_without({'2', '3', '4'}));
  const auto before = sim.instances();

  auto dry = sim.cli({"plan", "apply", "--dry-run"}, k_plan_env);
  CHECK(dry.exit_code == 0);
  CHECK(has(dry.out, "plan apply would:\n  tag tamara-deployment-server (" + k_tamara_id + ")"));
  CHECK(has(dry.out, "  launch lab-manager-server (lab-manager): VM.Standard.A1.Flex, 2 OCPU / 8 GB"));
  CHECK(has(dry.out, "  launch dev-shared-server (dev-shared): VM.Standard.A1.Flex, 1 OCPU / 6 GB"));
  CHECK_FALSE(has(dry.out, "launched "));
  CHECK(mutations(sim).empty());

  auto unconfirmed = sim.cli({"plan", "apply"}, k_plan_env);
  CHECK(unconfirmed.exit_code == 2);
  CHECK(has(unconfirmed.err, "plan apply: no terminal to confirm on; nothing was changed (pass --yes)"));
  CHECK(mutations(sim).empty());
  CHECK(sim.instances() == before);
}

TEST_CASE("plan apply -o json reports what it did")
{
  SimFixture sim(seed_without({'2', '3', '4'}));
  auto dry = sim.cli({"plan", "apply", "--dry-run", "-o", "json"}, k_plan_env);
  REQUIRE(dry.exit_code == 0);
  const auto planned = nlohmann::json::parse(dry.out).at("data");
  CHECK(planned.at("dryRun") == true);
  REQUIRE(planned.at("actions").size() == 3);
  CHECK(planned["actions"][0].at("action") == "tag");
  CHECK(planned["actions"][0].at("instanceId") == k_tamara_id);
  CHECK(planned["actions"][0].at("done") == false);
  CHECK(planned["actions"][1].at("serverKey") == "lab-manager");
  CHECK(planned["actions"][1].at("instanceId").is_null());
  CHECK(planned.at("blocked").empty());
  CHECK(mutations(sim).empty());

  auto applied = sim.cli({"plan", "apply", "--yes", "-o", "json"}, k_plan_env);
  REQUIRE(applied.exit_code == 0);
  const auto data = nlohmann::json::parse(applied.out).at("data");
  REQUIRE(data.at("actions").size() == 3);
  const auto lab = sim.live_named("lab-manager-server");
  REQUIRE(lab.size() == 1);
  CHECK(data["actions"][1].at("instanceId") == lab[0]["id"]);
  CHECK(data["actions"][2].at("displayName") == "dev-shared-server");
  CHECK(data["actions"][2].at("done") == true);
}

TEST_CASE("plan apply honours the budget per launch: the second server is blocked after the first launches")
{
  // ubuntu-vanilla-test and one purelabsourcing instance are gone; the other still holds 1/6.
  SimFixture sim(seed_without({'2', '4'}));
  auto r = sim.cli({"plan", "apply", "--yes"}, k_plan_env);
  CHECK(r.exit_code == 6);
  CHECK(has(r.err, "cannot launch dev-shared-server (dev-shared): A1 budget exceeded: in use 4 OCPU + 1 requested "
                   "= 5 > 4 budget; A1 budget exceeded: in use 20 GB + 6 requested = 26 > 24 budget\n"));
  CHECK(has(r.err, "1 planned server(s) do not fit the budget; see 'ocivanilla plan status'"));
  CHECK(has(r.out, "  launch lab-manager-server (lab-manager)"));
  CHECK_FALSE(has(r.out, "launch dev-shared-server"));
  CHECK(sim.requests_matching("POST", "/instances").size() == 1);
  CHECK(sim.live_named("lab-manager-server").size() == 1);
  CHECK(sim.live_named("dev-shared-server").empty());

  // Nothing left that fits: the rerun only reports the blocked server again.
  sim.clear_requests();
  auto again = sim.cli({"plan", "apply", "--yes"}, k_plan_env);
  CHECK(again.exit_code == 6);
  CHECK(has(again.out, "plan apply: nothing to do"));
  CHECK(mutations(sim).empty());
}

TEST_CASE("plan apply on the full seed pool tags tamara but launches nothing")
{
  SimFixture sim;
  auto r = sim.cli({"plan", "apply", "--yes"}, k_plan_env);
  CHECK(r.exit_code == 6);
  CHECK(has(r.err, "cannot launch lab-manager-server (lab-manager): A1 budget exceeded: in use 4 OCPU + 2 "
                   "requested = 6 > 4 budget"));
  CHECK(has(r.err, "2 planned server(s) do not fit the budget"));
  CHECK(sim.requests_matching("POST", "/instances").empty());
  CHECK(mutations(sim) == std::vector<std::string>{"PUT /20160918/instances/" + k_tamara_id});
  CHECK(sim.live_named("tamara-deployment-server")[0]["freeformTags"]["ocivanilla-tier"] == "dedicated");
}

TEST_CASE("list --namespace finds planned servers by tag or by the plan's display name")
{
  SimFixture sim(seed_without({'2', '3', '4'}));
  auto tamara = sim.cli({"list", "--namespace", "tamara", "-o", "json"}, k_plan_env);
  REQUIRE(tamara.exit_code == 0);
  const auto found = nlohmann::json::parse(tamara.out).at("data");
  REQUIRE(found.size() == 1);
  CHECK(found[0]["displayName"] == "tamara-deployment-server");
  CHECK_FALSE(found[0]["freeformTags"].contains("ocivanilla-namespaces"));

  auto none = sim.cli({"list", "--namespace", "mariana", "-o", "json"}, k_plan_env);
  REQUIRE(none.exit_code == 0);
  CHECK(nlohmann::json::parse(none.out).at("data").empty());

  REQUIRE(sim.cli({"launch", "dev-shared"}, k_plan_env).exit_code == 0);
  auto mariana = sim.cli({"list", "--namespace", "mariana"}, k_plan_env);
  REQUIRE(mariana.exit_code == 0);
  CHECK(has(mariana.out, "dev-shared-server"));
  CHECK(has(mariana.out, "mariana,annabelle,karri"));
  CHECK_FALSE(has(mariana.out, "tamara-deployment-server"));
  auto karri = sim.cli({"list", "--namespace", "karri", "-o", "json"}, k_plan_env);
  REQUIRE(karri.exit_code == 0);
  const auto shared = nlohmann::json::parse(karri.out).at("data");
  REQUIRE(shared.size() == 1);
  CHECK(shared[0]["displayName"] == "dev-shared-server");
}
