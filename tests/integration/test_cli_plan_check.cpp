// `plan check` (offline validation, exit 3 with FILE:LINE:COLUMN messages) and what the other
// commands do with a plan file that is missing or invalid.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using ocivanilla::testing::lines_of;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::write_file;

namespace {

using Lines = std::vector<std::string>;

// Every mistake of docs/plan.md's table in one file (line numbers matter).
const char* const k_broken_plan = R"(version: 1
servers:
  lab-manager:
    display_name: lab-server
    tier: dedicated
    namespaces: [lab-manager, mariana]
    ocpus: 2
    memory: 8
  dev-shared:
    display_name: lab-server
    tier: production
    namespaces: [mariana, karri]
    ocpus: 0
    memory_gb: 600
    boot_volume_gb: 20
  tiny:
    tier: shared-dev
    shape: VM.Standard.E2.1.Micro
    ocpus: 2
on_demand:
  ttl: forever
  max_instance: 3
)";

// Valid sizes, but the servers need more than the budget allows.
const char* const k_over_budget_plan = R"(version: 1
budget:
  a1: {ocpus: 2, memory_gb: 12}
  micro_instances: 0
servers:
  lab-manager:
    tier: dedicated
    ocpus: 2
    memory_gb: 8
  dev-shared:
    tier: shared-dev
    ocpus: 1
    memory_gb: 6
  micro:
    tier: dedicated
    shape: VM.Standard.E2.1.Micro
)";

} // namespace

TEST_CASE("plan check passes the shipped plan with the no-room-for-on-demand warning and sends nothing")
{
  SimFixture sim;
  auto r = sim.cli({"plan", "check", "--plan", shipped_plan()});
  CHECK(r.exit_code == 0);
  CHECK(r.out == shipped_plan() + ": ok (3 servers, budget A1 4 OCPU / 24 GB, 1 warning(s))\n");
  CHECK(r.err == "warning: " + shipped_plan() +
                   ":14:1: budget: no room left for one on-demand VM (1 OCPU / 6 GB, "
                   "50 GB boot volume) beside the planned servers (A1 4/4 OCPU, 20/24 GB; boot volumes 150/200 GB; "
                   "Micro 0/2)\n");
  CHECK(sim.requests().empty());

  auto from_env = sim.cli({"plan", "check"}, {{"OCIVANILLA_PLAN", shipped_plan()}});
  CHECK(from_env.exit_code == 0);
  CHECK(from_env.out == r.out);
}

TEST_CASE("plan check reports every problem of a broken plan with file, line and column")
{
  SimFixture sim;
  write_file(sim, "broken.yaml", k_broken_plan);
  auto r = sim.cli({"plan", "check", "--plan", "broken.yaml"});
  CHECK(r.exit_code == 3);
  CHECK(r.out.empty());
  CHECK(lines_of(r.err) ==
        Lines{
          "error: broken.yaml:3:3: servers.lab-manager: missing required key 'memory_gb'",
          "error: broken.yaml:8:5: servers.lab-manager: unknown key 'memory' (did you mean 'memory_gb'?)",
          "error: broken.yaml:10:5: servers.dev-shared.display_name: 'lab-server' is already the display name of "
          "servers.lab-manager",
          "error: broken.yaml:11:5: servers.dev-shared.tier: must be dedicated or shared-dev, got 'production'",
          "error: broken.yaml:12:18: servers.dev-shared.namespaces: namespace 'mariana' is already served by "
          "servers.lab-manager (line 6)",
          "error: broken.yaml:13:5: servers.dev-shared.ocpus: must be between 1 and 80 for VM.Standard.A1.Flex, got 0",
          "error: broken.yaml:14:5: servers.dev-shared.memory_gb: must be between 1 and 512 for VM.Standard.A1.Flex, "
          "got 600",
          "error: broken.yaml:15:5: servers.dev-shared.boot_volume_gb: must be between 50 and 32768 GB, got 20",
          "error: broken.yaml:19:5: servers.tiny.ocpus: VM.Standard.E2.1.Micro is fixed at 1 OCPU, got 2",
          "error: broken.yaml:21:3: on_demand.ttl: invalid duration 'forever': expected a number at position 1 "
          "(examples: 30m, 8h, 2d, 1h30m)",
          "error: broken.yaml:22:3: on_demand: unknown key 'max_instance' (did you mean 'max_instances'?)",
          "ocivanilla: error: broken.yaml: 11 error(s) in the plan",
        });
  CHECK(sim.requests().empty());
}

TEST_CASE("plan check refuses planned servers that exceed the budget and shows the sums")
{
  SimFixture sim;
  write_file(sim, "over.yaml", k_over_budget_plan);
  auto r = sim.cli({"plan", "check", "--plan", "over.yaml"});
  CHECK(r.exit_code == 3);
  CHECK(lines_of(r.err) ==
        Lines{
          "error: over.yaml:3:8: budget.a1.ocpus: planned servers need 3 OCPU (lab-manager 2 + dev-shared 1) > 2 "
          "budget",
          "error: over.yaml:3:18: budget.a1.memory_gb: planned servers need 14 GB (lab-manager 8 + dev-shared 6) > 12 "
          "budget",
          "error: over.yaml:4:3: budget.micro_instances: planned servers need 1 Micro instance (micro 1) > 0 budget",
          "ocivanilla: error: over.yaml: 3 error(s) in the plan",
        });
}

TEST_CASE("plan check reports a YAML syntax error with its position")
{
  SimFixture sim;
  write_file(sim, "syntax.yaml", "version: 1\nservers:\n  a: {tier: dedicated, ocpus: [1, 2\n");
  auto r = sim.cli({"plan", "check", "--plan", "syntax.yaml"});
  CHECK(r.exit_code == 3);
  CHECK(lines_of(r.err) == Lines{"error: syntax.yaml:4:1: YAML syntax error: end of sequence flow not found",
                                 "ocivanilla: error: syntax.yaml: 1 error(s) in the plan"});

  // Commands that need the plan refuse it with the same message, before any API call.
  auto launch = sim.cli({"launch", "experiment-1", "--plan", "syntax.yaml"});
  CHECK(launch.exit_code == 3);
  CHECK(launch.err == "ocivanilla: error: syntax.yaml:4:1: YAML syntax error: end of sequence flow not found\n");
  CHECK(sim.requests().empty());
}

TEST_CASE("plan check -o json lists the errors and warnings")
{
  SimFixture sim;
  write_file(sim, "broken.yaml", k_broken_plan);
  auto bad = sim.cli({"plan", "check", "--plan", "broken.yaml", "-o", "json"});
  CHECK(bad.exit_code == 3);
  const auto doc = nlohmann::json::parse(bad.out).at("data");
  CHECK(doc.at("file") == "broken.yaml");
  CHECK(doc.at("valid") == false);
  REQUIRE(doc.at("errors").size() == 11);
  CHECK(doc["errors"][0] == "broken.yaml:3:3: servers.lab-manager: missing required key 'memory_gb'");
  CHECK(doc.at("warnings").empty());

  auto good = sim.cli({"plan", "check", "--plan", shipped_plan(), "-o", "json"});
  CHECK(good.exit_code == 0);
  const auto ok = nlohmann::json::parse(good.out).at("data");
  CHECK(ok.at("valid") == true);
  CHECK(ok.at("errors").empty());
  REQUIRE(ok.at("warnings").size() == 1);
  CHECK(ok["warnings"][0].get<std::string>().rfind(shipped_plan() + ":14:1: budget: no room left", 0) == 0);
}

TEST_CASE("a missing plan file is a configuration error for every command")
{
  SimFixture sim;
  auto check = sim.cli({"plan", "check", "--plan", "missing.yaml"});
  CHECK(check.exit_code == 3);
  CHECK(check.err == "ocivanilla: error: plan file not found: missing.yaml\n");

  auto status = sim.cli({"plan", "status"}, {{"OCIVANILLA_PLAN", "nowhere/plan.yaml"}});
  CHECK(status.exit_code == 3);
  CHECK(status.err == "ocivanilla: error: plan file not found: nowhere/plan.yaml\n");

  auto apply = sim.cli({"plan", "apply", "--yes", "--plan", "missing.yaml"});
  CHECK(apply.exit_code == 3);
  auto launch = sim.cli({"launch", "lab-manager", "--plan", "missing.yaml"});
  CHECK(launch.exit_code == 3);
  CHECK(launch.err == "ocivanilla: error: plan file not found: missing.yaml\n");
  CHECK(sim.requests_matching("POST", "/instances").empty());
  CHECK(sim.requests_matching("PUT", "/instances").empty());

  auto none = sim.cli({"plan", "check"});
  CHECK(none.exit_code == 3);
  CHECK(none.err == "ocivanilla: error: no plan file: looked for ./config/plan.yaml and "
                    "~/.config/ocivanilla/plan.yaml (set --plan or OCIVANILLA_PLAN)\n");
}

TEST_CASE("an invalid plan stops plan status and plan apply with the first error and a count")
{
  SimFixture sim;
  write_file(sim, "broken.yaml", k_broken_plan);
  const std::string expected = "ocivanilla: error: broken.yaml:3:3: servers.lab-manager: missing required key "
                               "'memory_gb' (and 10 more errors; run 'ocivanilla plan check')\n";
  auto status = sim.cli({"plan", "status", "--plan", "broken.yaml"});
  CHECK(status.exit_code == 3);
  CHECK(status.err == expected);
  auto apply = sim.cli({"plan", "apply", "--yes", "--plan", "broken.yaml"});
  CHECK(apply.exit_code == 3);
  CHECK(apply.err == expected);
  CHECK(sim.requests().empty());
}

TEST_CASE("the plan in ./config/plan.yaml of the working directory is found without --plan")
{
  SimFixture sim;
  write_file(sim, "config/plan.yaml", k_over_budget_plan);
  auto r = sim.cli({"plan", "check"});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("error: config/plan.yaml:3:8: budget.a1.ocpus: planned servers need 3 OCPU") != std::string::npos);
}
