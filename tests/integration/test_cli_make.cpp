// The Makefile wrappers (`make launch NAME=...`, ...) run against the simulator with
// BIN=<built binary>, so no build is triggered. Values must reach the binary untouched.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using ocivanilla::testing::has;
using ocivanilla::testing::ProcessOptions;
using ocivanilla::testing::ProcessResult;
using ocivanilla::testing::run_process;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;

namespace {

constexpr const char* k_tamara = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0001";

// make -s -C <repo> TARGET BIN=<ocivanilla> VARS..., with the fixture's environment.
ProcessResult make(const SimFixture& sim, const std::string& target, const std::vector<std::string>& vars)
{
  ProcessOptions options;
  options.env = sim.base_env();
  options.env["OCIVANILLA_PLAN"] = shipped_plan();
  options.cwd = sim.dir().path();
  options.timeout = std::chrono::seconds(120);
  std::vector<std::string> argv = {"/usr/bin/make", "-s",   "--no-print-directory",           "-C",
                                   OVL_SOURCE_DIR,  target, std::string("BIN=") + OVL_CLI_BIN};
  argv.insert(argv.end(), vars.begin(), vars.end());
  auto result = run_process(argv, options);
  UNSCOPED_INFO("$ make " << target << "\nexit " << result.exit_code << "\n--- stdout\n"
                          << result.out << "--- stderr\n"
                          << result.err);
  return result;
}

nlohmann::json tags_of(const SimFixture& sim, const std::string& id)
{
  for (const auto& i : sim.instances()) {
    if (i["id"] == id) {
      return i["freeformTags"];
    }
  }
  FAIL("no instance " << id);
  return {};
}

} // namespace

TEST_CASE("make: launch NAME=lab-manager is refused while the pool is full, then launches once it is freed")
{
  SimFixture sim;
  const std::vector<std::string> lab = {"NAME=lab-manager", "SHAPE=VM.Standard.A1.Flex", "MEMORY=8", "OCPUS=2"};
  auto refused = make(sim, "launch", lab);
  CHECK(refused.exit_code != 0);
  CHECK(has(refused.err, "in use 4 OCPU + 2 requested = 6 > 4 budget"));
  CHECK(has(refused.err, "Error 6"));
  CHECK(sim.requests_matching("POST", "/instances").empty());

  REQUIRE(make(sim, "terminate", {"NAME=ubuntu-vanilla-test", "YES=1", "WAIT=1"}).exit_code == 0);
  REQUIRE(
    make(sim, "terminate", {"NAME=ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0004", "YES=1"}).exit_code == 0);
  auto launched = make(sim, "launch", lab);
  REQUIRE(launched.exit_code == 0);
  const auto live = sim.live_named("lab-manager-server");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["shape"] == "VM.Standard.A1.Flex");
  CHECK(live[0]["shapeConfig"]["ocpus"] == 2.0);
  CHECK(live[0]["shapeConfig"]["memoryInGBs"] == 8.0);
  CHECK(live[0]["freeformTags"]["ocivanilla-tier"] == "dedicated");
  CHECK(has(launched.out, "lab-manager-server  PROVISIONING"));
  CHECK(sim.requests_matching("POST", "/instances").size() == 1);
}

TEST_CASE("make: a wrapper without NAME prints its usage and fails without calling the API")
{
  SimFixture sim;
  for (const char* target : {"launch", "terminate", "tag", "start", "stop"}) {
    auto r = make(sim, target, {});
    CHECK(r.exit_code != 0);
    CHECK(has(r.err, std::string("usage: make ") + target + " NAME=<name|ocid>"));
    CHECK(r.out.empty());
  }
  CHECK(sim.requests().empty());
}

TEST_CASE("make: values with spaces, quotes and semicolons reach the binary as they are and run nothing")
{
  SimFixture sim;
  const auto dir = sim.dir().path();
  const auto name_probe = dir / "pwned-by-name";
  auto dry = make(sim, "launch",
                  {"NAME=odd name; touch " + name_probe.string() + " 'q' \"dq\"", "DRY_RUN=1", "OUTPUT=json",
                   "SHAPE=", "OCPUS=", "ALLOW_OVER_BUDGET=1"});
  REQUIRE(dry.exit_code == 0);
  const auto doc = nlohmann::json::parse(dry.out);
  CHECK(doc["data"]["body"]["displayName"] == "odd name; touch " + name_probe.string() + " 'q' \"dq\"");
  CHECK(doc["data"]["body"]["shape"] == "VM.Standard.A1.Flex");
  CHECK_FALSE(std::filesystem::exists(name_probe));

  const auto tick_probe = dir / "pwned-by-backticks";
  auto tagged = make(sim, "tag",
                     {"NAME=tamara-deployment-server",
                      "TAGS=owner=o'brien quote=\"q\" semi=a;b|c&d tick=`touch " + tick_probe.string() + "`"});
  // The backtick word splits at its space: "tick=`touch" is a tag, the path alone is not a KEY=VALUE.
  CHECK(tagged.exit_code != 0);
  CHECK(sim.requests_matching("PUT", "/instances").empty());
  CHECK_FALSE(std::filesystem::exists(tick_probe));

  auto valid = make(sim, "tag",
                    {"NAME=tamara-deployment-server", "TAGS=owner=o'brien quote=\"q\" semi=a;b|c&d tick=`id`"});
  REQUIRE(valid.exit_code == 0);
  CHECK(tags_of(sim, k_tamara) ==
        nlohmann::json(
          {{"namespace", "tamara"}, {"owner", "o'brien"}, {"quote", "\"q\""}, {"semi", "a;b|c&d"}, {"tick", "`id`"}}));

  const auto semi_probe = std::filesystem::path("/tmp") / ("ocivanilla-make-probe-" + dir.filename().string());
  auto semi = make(sim, "tag", {"NAME=tamara-deployment-server", "TAGS=a=b;touch " + semi_probe.string()});
  CHECK(semi.exit_code != 0);
  CHECK_FALSE(std::filesystem::exists(semi_probe));
  CHECK(tags_of(sim, k_tamara).count("a") == 0);
}

TEST_CASE("make: list OUTPUT=json, start/stop WAIT=1 and tag REMOVE= go through the wrapper")
{
  SimFixture sim;
  auto list = make(sim, "list", {"OUTPUT=json"});
  REQUIRE(list.exit_code == 0);
  CHECK(nlohmann::json::parse(list.out)["data"].size() == 4);

  REQUIRE(make(sim, "stop", {"NAME=ubuntu-vanilla-test", "WAIT=1", "SOFT=1"}).exit_code == 0);
  CHECK(sim.live_named("ubuntu-vanilla-test")[0]["lifecycleState"] == "STOPPED");
  REQUIRE(make(sim, "start", {"NAME=ubuntu-vanilla-test", "WAIT=1"}).exit_code == 0);
  CHECK(sim.live_named("ubuntu-vanilla-test")[0]["lifecycleState"] == "RUNNING");
  std::vector<std::string> actions;
  for (const auto& r : sim.requests_matching("POST", "/instances/")) {
    actions.push_back(r["query"]);
  }
  CHECK(actions == std::vector<std::string>{"action=SOFTSTOP", "action=START"});

  REQUIRE(make(sim, "tag", {"NAME=tamara-deployment-server", "TAGS=team=ops", "REMOVE=namespace"}).exit_code == 0);
  CHECK(tags_of(sim, k_tamara) == nlohmann::json({{"team", "ops"}}));
}
