// The plan's budget at launch time (issue 5): the guard refuses before any mutating call and
// shows the arithmetic, --allow-over-budget hands the decision to the service, planned servers
// and on-demand names take the plan's spec, the on-demand count limit, and the 2 OCPU / 12 GB
// allowance of 2026.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include "ocivanilla/core/clock.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <sstream>

using ocivanilla::testing::has;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::write_file;

namespace {

const std::map<std::string, std::string> k_plan_env = {{"OCIVANILLA_PLAN", shipped_plan()}};

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

// The seed with the instances whose seed OCIDs end in these digits set to `state`.
YAML::Node seed_with(const std::vector<char>& which, const std::string& state, YAML::Node scenario = seed_scenario())
{
  for (auto instance : scenario["instances"]) {
    const auto id = instance["id"].as<std::string>();
    if (std::find(which.begin(), which.end(), id.back()) != which.end()) {
      instance["lifecycleState"] = state;
    }
  }
  return scenario;
}

// Only tamara-deployment-server is left: 3 OCPU / 18 GB of the pool are free.
YAML::Node only_tamara()
{
  return seed_with({'2', '3', '4'}, "TERMINATED");
}

// The shipped plan with the A1 allowance Oracle announced for 2026.
std::string plan_2_12(const SimFixture& sim)
{
  std::string text = ocivanilla::testing::read_text_file(shipped_plan());
  const std::string from = "a1: {ocpus: 4, memory_gb: 24}";
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), "a1: {ocpus: 2, memory_gb: 12}");
  return write_file(sim, "plan-2026.yaml", text);
}

std::string last_line(const std::string& text)
{
  std::istringstream in(text);
  std::string last;
  for (std::string line; std::getline(in, line);) {
    last = line;
  }
  return last;
}

// Seconds between an RFC 3339 tag value and a reference time.
long long seconds_after(const std::string& rfc3339, std::chrono::system_clock::time_point reference)
{
  ocivanilla::core::TimePoint t;
  REQUIRE(ocivanilla::core::parse_rfc3339(rfc3339, t));
  return std::chrono::duration_cast<std::chrono::seconds>(t - reference).count();
}

} // namespace

TEST_CASE("the guard refuses lab-manager on the full seed pool with the arithmetic and sends no POST")
{
  SimFixture sim;
  auto r = sim.cli({"launch", "lab-manager", "--shape", "VM.Standard.A1.Flex", "--memory", "8", "--ocpus", "2"},
                   k_plan_env);
  CHECK(r.exit_code == 6);
  CHECK(r.err == "ocivanilla: error: A1 budget exceeded: in use 4 OCPU + 2 requested = 6 > 4 budget\n"
                 "A1 budget exceeded: in use 24 GB + 8 requested = 32 > 24 budget\n"
                 "(budget from " +
                   shipped_plan() +
                   "; free capacity first, see 'ocivanilla plan status', or "
                   "pass --allow-over-budget)\n");
  CHECK(r.out.empty());
  CHECK(mutations(sim).empty());
  CHECK_FALSE(sim.requests_matching("GET", "/instances").empty()); // it did look at the live pool
  CHECK(sim.live_named("lab-manager-server").empty());
}

TEST_CASE("launch with --allow-over-budget sends the launch and the service LimitExceeded is exit 1")
{
  SimFixture sim;
  auto r = sim.cli(
    {"launch", "lab-manager", "--shape", "VM.Standard.A1.Flex", "--memory", "8", "--ocpus", "2", "--allow-over-budget"},
    k_plan_env);
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "LimitExceeded: The following service limits were exceeded: standard-a1-memory-count"));
  CHECK(has(r.err, "standard-a1-core-count"));
  CHECK_FALSE(has(r.err, "budget exceeded"));
  const auto posts = sim.requests_matching("POST", "/instances");
  REQUIRE(posts.size() == 1);
  CHECK(posts[0]["status"] == 400);
  CHECK(sim.live_named("lab-manager-server").empty());
}

TEST_CASE("stopped A1 instances count against the budget")
{
  SimFixture sim(seed_with({'2'}, "STOPPED", seed_with({'3', '4'}, "TERMINATED")));
  auto r = sim.cli({"launch", "lab-manager", "--ocpus", "3", "--memory", "12"}, k_plan_env);
  CHECK(r.exit_code == 6);
  CHECK(has(r.err, "A1 budget exceeded: in use 2 OCPU + 3 requested = 5 > 4 budget\n"));
  CHECK_FALSE(has(r.err, "GB + 12 requested")); // 12 + 12 = 24 GB still fits
  CHECK(mutations(sim).empty());
}

TEST_CASE("launch dev-shared takes the plan's spec and flags override it")
{
  SimFixture sim(only_tamara());
  auto planned = sim.cli({"launch", "dev-shared"}, k_plan_env);
  REQUIRE(planned.exit_code == 0);
  auto dev = sim.live_named("dev-shared-server");
  REQUIRE(dev.size() == 1);
  CHECK(dev[0]["shape"] == "VM.Standard.A1.Flex");
  CHECK(dev[0]["shapeConfig"]["ocpus"] == 1.0);
  CHECK(dev[0]["shapeConfig"]["memoryInGBs"] == 6.0);
  CHECK(dev[0]["sourceDetails"]["bootVolumeSizeInGBs"] == 50);
  CHECK(dev[0]["freeformTags"] == nlohmann::json({{"ocivanilla-namespaces", "mariana,annabelle,karri"},
                                                  {"ocivanilla-tier", "shared-dev"},
                                                  {"ocivanilla-managed", "true"}}));

  // A second copy of a planned server is refused.
  auto twice = sim.cli({"launch", "dev-shared"}, k_plan_env);
  CHECK(twice.exit_code != 0);
  CHECK(has(twice.err, "planned server 'dev-shared' already exists as dev-shared-server"));
  CHECK(sim.requests_matching("POST", "/instances").size() == 1);

  REQUIRE(sim.cli({"terminate", "dev-shared-server", "--yes", "--wait"}, k_plan_env).exit_code == 0);
  auto overridden = sim.cli(
    {"launch", "dev-shared", "--ocpus", "2", "--memory", "10", "--namespace", "mariana", "--boot-volume-gb", "60"},
    k_plan_env);
  REQUIRE(overridden.exit_code == 0);
  dev = sim.live_named("dev-shared-server");
  REQUIRE(dev.size() == 1);
  CHECK(dev[0]["shapeConfig"]["ocpus"] == 2.0);
  CHECK(dev[0]["shapeConfig"]["memoryInGBs"] == 10.0);
  CHECK(dev[0]["sourceDetails"]["bootVolumeSizeInGBs"] == 60);
  CHECK(dev[0]["freeformTags"]["ocivanilla-namespaces"] == "mariana");
  CHECK(dev[0]["freeformTags"]["ocivanilla-tier"] == "shared-dev");
}

TEST_CASE("launch of a name that is not a server key is on-demand with the plan's sizes and TTL")
{
  SimFixture sim(only_tamara());
  const auto before = std::chrono::system_clock::now();
  auto r = sim.cli({"launch", "experiment-1"}, k_plan_env);
  const auto after = std::chrono::system_clock::now();
  REQUIRE(r.exit_code == 0);
  const auto live = sim.live_named("experiment-1");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["shape"] == "VM.Standard.A1.Flex");
  CHECK(live[0]["shapeConfig"]["ocpus"] == 1.0);
  CHECK(live[0]["shapeConfig"]["memoryInGBs"] == 6.0);
  const auto& tags = live[0]["freeformTags"];
  CHECK(tags["ocivanilla-tier"] == "on-demand");
  CHECK(tags["ocivanilla-managed"] == "true");
  CHECK_FALSE(tags.contains("ocivanilla-namespaces"));
  REQUIRE(tags.contains("ocivanilla-expires-at"));
  const auto expires = tags["ocivanilla-expires-at"].get<std::string>();
  CHECK(seconds_after(expires, before) >= 8 * 3600 - 1); // the tag has whole seconds
  CHECK(seconds_after(expires, after) <= 8 * 3600);
}

TEST_CASE("on-demand launches follow a custom plan's on_demand section")
{
  SimFixture sim(only_tamara());
  const auto plan = write_file(sim, "plan.yaml",
                               "version: 1\non_demand:\n  ocpus: 2\n  memory_gb: 8\n"
                               "  boot_volume_gb: 70\n  ttl: 1h30m\n");
  const auto before = std::chrono::system_clock::now();
  auto r = sim.cli({"launch", "scratch", "--plan", plan});
  const auto after = std::chrono::system_clock::now();
  REQUIRE(r.exit_code == 0);
  const auto live = sim.live_named("scratch");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["shapeConfig"]["ocpus"] == 2.0);
  CHECK(live[0]["shapeConfig"]["memoryInGBs"] == 8.0);
  CHECK(live[0]["sourceDetails"]["bootVolumeSizeInGBs"] == 70);
  const auto expires = live[0]["freeformTags"]["ocivanilla-expires-at"].get<std::string>();
  CHECK(seconds_after(expires, before) >= 5400 - 1);
  CHECK(seconds_after(expires, after) <= 5400);

  // --ttl overrides the plan's TTL.
  auto short_lived = sim.cli({"launch", "scratch-2", "--plan", plan, "--ttl", "30m", "--ocpus", "1", "--memory", "6"});
  REQUIRE(short_lived.exit_code == 0);
  const auto second = sim.live_named("scratch-2");
  REQUIRE(second.size() == 1);
  CHECK(seconds_after(second[0]["freeformTags"]["ocivanilla-expires-at"].get<std::string>(), after) <= 1800);
}

TEST_CASE("the on_demand max_instances limit is enforced with exit 6")
{
  auto scenario = only_tamara();
  YAML::Node existing;
  existing["displayName"] = "scratch-old";
  existing["shapeConfig"]["ocpus"] = 1;
  existing["shapeConfig"]["memoryInGBs"] = 6;
  existing["freeformTags"]["ocivanilla-tier"] = "on-demand";
  existing["freeformTags"]["ocivanilla-expires-at"] = "2099-01-01T00:00:00Z";
  scenario["instances"].push_back(existing);
  SimFixture sim(scenario);
  const auto plan = write_file(sim, "plan.yaml", "version: 1\non_demand:\n  max_instances: 2\n");

  REQUIRE(sim.cli({"launch", "experiment-1", "--plan", plan}).exit_code == 0);
  sim.clear_requests();
  // 3 OCPU / 18 GB in use, so the budget would allow one more: the count limit refuses it.
  auto refused = sim.cli({"launch", "experiment-2", "--plan", plan});
  CHECK(refused.exit_code == 6);
  CHECK(refused.err == "ocivanilla: error: on-demand limit reached: 2 on-demand instances running, the plan allows "
                       "2 (on_demand.max_instances in " +
                         plan + "); use --allow-over-budget to launch anyway\n");
  CHECK(mutations(sim).empty());

  auto forced = sim.cli({"launch", "experiment-2", "--plan", plan, "--allow-over-budget"});
  CHECK(forced.exit_code == 0);
  CHECK(sim.live_named("experiment-2").size() == 1);
}

TEST_CASE("with the 2 OCPU / 12 GB allowance plan status says the budget does not fit even after the steps")
{
  SimFixture sim;
  const auto plan = plan_2_12(sim);
  auto r = sim.cli({"plan", "status", "--plan", plan});
  REQUIRE(r.exit_code == 0);
  CHECK(has(r.out, "\nA1 pool over budget: 4/2 OCPU, 24/12 GB\n"));
  CHECK(has(r.out, "  3. lab-manager-server (2 OCPU / 8 GB) does not fit even after the steps above: A1 budget "
                   "exceeded: in use 2 OCPU + 2 requested = 4 > 2 budget; A1 budget exceeded: in use 12 GB + 8 "
                   "requested = 20 > 12 budget"));
  CHECK(has(r.out, "  4. dev-shared-server (1 OCPU / 6 GB) does not fit even after the steps above"));
  CHECK(last_line(r.out) == "Even after these steps the budget does not fit: lab-manager-server, dev-shared-server");

  auto json = sim.cli({"plan", "status", "--plan", plan, "-o", "json"});
  REQUIRE(json.exit_code == 0);
  const auto data = nlohmann::json::parse(json.out).at("data");
  CHECK(data.at("overBudget") == true);
  CHECK(data.at("fitsAfterSteps") == false);
  CHECK(data.at("budget").at("a1Ocpus") == 2.0);

  // plan check still fails on it: the servers alone need 4 OCPU / 20 GB.
  auto check = sim.cli({"plan", "check", "--plan", plan});
  CHECK(check.exit_code == 3);
  CHECK(has(check.err, ":15:8: budget.a1.ocpus: planned servers need 4 OCPU (tamara 1 + lab-manager 2 + dev-shared "
                       "1) > 2 budget\n"));
  CHECK(mutations(sim).empty());
}

TEST_CASE("with the 2 OCPU / 12 GB allowance and a freed pool only dev-shared fits")
{
  SimFixture sim(only_tamara());
  const auto plan = plan_2_12(sim);
  auto status = sim.cli({"plan", "status", "--plan", plan});
  REQUIRE(status.exit_code == 0);
  CHECK(has(status.out, "launch dev-shared-server (1 OCPU / 6 GB; A1 then 2/2 OCPU, 12/12 GB)"));
  CHECK(last_line(status.out) == "Even after these steps the budget does not fit: lab-manager-server");

  auto refused = sim.cli({"launch", "lab-manager", "--plan", plan});
  CHECK(refused.exit_code == 6);
  CHECK(has(refused.err, "A1 budget exceeded: in use 1 OCPU + 2 requested = 3 > 2 budget\n"));
  CHECK(has(refused.err, "A1 budget exceeded: in use 6 GB + 8 requested = 14 > 12 budget\n"));
  CHECK(sim.requests_matching("POST", "/instances").empty());

  auto applied = sim.cli({"plan", "apply", "--yes", "--plan", plan});
  CHECK(applied.exit_code == 6);
  CHECK(has(applied.err, "cannot launch lab-manager-server (lab-manager): A1 budget exceeded: in use 1 OCPU + 2 "
                         "requested = 3 > 2 budget"));
  CHECK(sim.live_named("dev-shared-server").size() == 1);
  CHECK(sim.live_named("lab-manager-server").empty());
}
