#include "ocivanilla/plan/plan_parser.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ocivanilla;
using Strings = std::vector<std::string>;

namespace {

// A valid plan; tests append or replace parts of it.
const char* const k_header = R"(version: 1
budget:
  a1: {ocpus: 4, memory_gb: 24}
  boot_volume_gb: 200
  micro_instances: 2
)";

plan::PlanCheck check(const std::string& servers_and_rest)
{
  return plan::check_plan(std::string(k_header) + servers_and_rest, "plan.yaml");
}

} // namespace

TEST_CASE("the shipped plan parses as the seed recommends, with the on-demand warning")
{
  auto loaded = plan::check_plan_file(std::string(OVL_SOURCE_DIR) + "/config/plan.yaml");
  REQUIRE(loaded.ok());
  const plan::PlanCheck& result = *loaded;
  CHECK(result.errors == Strings{});
  const plan::Plan& p = result.plan;
  REQUIRE(p.servers.size() == 3);
  CHECK(p.servers[0].key == "tamara");
  CHECK(p.servers[0].display_name == "tamara-deployment-server");
  CHECK(p.servers[0].tier == plan::Tier::dedicated);
  CHECK(p.servers[1].key == "lab-manager");
  CHECK(p.servers[1].display_name == "lab-manager-server");
  CHECK(p.servers[1].ocpus == 2);
  CHECK(p.servers[1].memory_gb == 8);
  CHECK(p.servers[2].display_name == "dev-shared-server");
  CHECK(p.servers[2].tier == plan::Tier::shared_dev);
  CHECK(p.servers[2].namespaces == Strings{"mariana", "annabelle", "karri"});
  CHECK(p.servers[2].shape == "VM.Standard.A1.Flex");
  CHECK(p.servers[2].boot_volume_gb == 50);
  CHECK(p.budget.a1_ocpus == 4);
  CHECK(p.budget.a1_memory_gb == 24);
  CHECK(p.budget.boot_volume_gb == 200);
  CHECK(p.budget.micro_instances == 2);
  CHECK(p.on_demand.ttl == std::chrono::hours{8});
  CHECK(p.on_demand.ocpus == 1);
  CHECK(p.on_demand.memory_gb == 6);
  REQUIRE(p.defaults.image.has_value());
  CHECK(p.defaults.image->os == "Canonical Ubuntu");
  CHECK(p.defaults.image->version == "22.04");
  std::string path = std::string(OVL_SOURCE_DIR) + "/config/plan.yaml";
  CHECK(result.warnings == Strings{path + ":14:1: budget: no room left for one on-demand VM (1 OCPU / 6 GB, 50 GB "
                                          "boot volume) beside the planned servers (A1 4/4 OCPU, 20/24 GB; boot "
                                          "volumes 150/200 GB; Micro 0/2)"});
}

TEST_CASE("YAML syntax errors name the file, line and column")
{
  auto result = plan::check_plan("version: 1\nservers:\n  a: [1, 2\n", "plan.yaml");
  CHECK(result.errors == Strings{"plan.yaml:4:1: YAML syntax error: end of sequence flow not found"});
  auto indented = plan::check_plan("version: 1\n  budget: 3\n", "plan.yaml");
  CHECK(indented.errors == Strings{"plan.yaml:2:9: YAML syntax error: illegal map value"});
}

TEST_CASE("a document that is not a mapping is refused")
{
  CHECK(plan::check_plan("", "p.yaml").errors ==
        Strings{"p.yaml:1:1: expected a mapping with 'version: 1' at the top level, got nothing"});
  CHECK(plan::check_plan("- a\n", "p.yaml").errors ==
        Strings{"p.yaml:1:1: expected a mapping with 'version: 1' at the top level, got a list"});
}

TEST_CASE("version is required and must be 1")
{
  CHECK(plan::check_plan("servers: {}\n", "plan.yaml").errors ==
        Strings{"plan.yaml:1:1: version: required key missing"});
  CHECK(plan::check_plan("version: 2\n", "plan.yaml").errors ==
        Strings{"plan.yaml:1:1: version: unsupported version 2 (expected 1)"});
}

TEST_CASE("wrong types are reported, all of them, in text order")
{
  auto result = check(R"(servers:
  a:
    tier: dedicated
    ocpus: two
    memory_gb: [1]
    namespaces: x
  b: 3
on_demand:
  max_instances: 1.5
)");
  CHECK(result.errors == Strings{
                           "plan.yaml:9:5: servers.a.ocpus: expected a number, got 'two'",
                           "plan.yaml:10:5: servers.a.memory_gb: expected a number, got a list",
                           "plan.yaml:11:5: servers.a.namespaces: expected a list of strings, got 'x'",
                           "plan.yaml:12:3: servers.b: expected a mapping, got '3'",
                           "plan.yaml:14:3: on_demand.max_instances: expected a whole number, got '1.5'",
                         });
}

TEST_CASE("unknown keys get a did-you-mean hint when a known key is close")
{
  auto result = check(R"(servers:
  lab-manager:
    tier: dedicated
    ocpus: 2
    memory: 8
    colour: blue
defualts: {}
)");
  CHECK(result.errors == Strings{
                           "plan.yaml:7:3: servers.lab-manager: missing required key 'memory_gb'",
                           "plan.yaml:10:5: servers.lab-manager: unknown key 'memory' (did you mean 'memory_gb'?)",
                           "plan.yaml:11:5: servers.lab-manager: unknown key 'colour'",
                           "plan.yaml:12:1: unknown key 'defualts' (did you mean 'defaults'?)",
                         });
}

TEST_CASE("a namespace served twice is an error at its second place")
{
  auto result = check(R"(servers:
  lab-manager: {tier: dedicated, namespaces: [lab-manager, mariana], ocpus: 2, memory_gb: 8}
  dev-shared:
    tier: shared-dev
    namespaces: [mariana, karri, karri]
    ocpus: 1
    memory_gb: 6
)");
  CHECK(result.errors == Strings{"plan.yaml:10:18: servers.dev-shared.namespaces: namespace 'mariana' is already "
                                 "served by servers.lab-manager (line 7)",
                                 "plan.yaml:10:34: servers.dev-shared.namespaces: namespace 'karri' is listed twice"});
}

TEST_CASE("tiers must be dedicated or shared-dev")
{
  auto result = check(R"(servers:
  a: {tier: production, ocpus: 1, memory_gb: 6}
  b: {tier: on-demand, ocpus: 1, memory_gb: 6}
  c: {ocpus: 1, memory_gb: 6}
)");
  CHECK(result.errors == Strings{"plan.yaml:7:7: servers.a.tier: must be dedicated or shared-dev, got 'production'",
                                 "plan.yaml:8:7: servers.b.tier: must be dedicated or shared-dev, got 'on-demand'",
                                 "plan.yaml:9:3: servers.c: missing required key 'tier'"});
}

TEST_CASE("zero and negative sizes are refused")
{
  auto result = check(R"(servers:
  lab-manager:
    tier: dedicated
    ocpus: 0
    memory_gb: -8
  x86:
    tier: dedicated
    shape: VM.Standard.E4.Flex
    ocpus: -1
    memory_gb: 0
    boot_volume_gb: 0
on_demand: {ocpus: 0, memory_gb: 6}
)");
  CHECK(result.errors == Strings{
                           "plan.yaml:9:5: servers.lab-manager.ocpus: must be between 1 and 80 for "
                           "VM.Standard.A1.Flex, got 0",
                           "plan.yaml:10:5: servers.lab-manager.memory_gb: must be between 1 and 512 for "
                           "VM.Standard.A1.Flex, got -8",
                           "plan.yaml:14:5: servers.x86.ocpus: must be greater than 0, got -1",
                           "plan.yaml:15:5: servers.x86.memory_gb: must be greater than 0, got 0",
                           "plan.yaml:16:5: servers.x86.boot_volume_gb: must be between 50 and 32768 GB, got 0",
                           "plan.yaml:17:13: on_demand.ocpus: must be between 1 and 80 for VM.Standard.A1.Flex, got 0",
                         });
}

TEST_CASE("sizes outside the shape's range are refused")
{
  auto result = plan::check_plan(R"(version: 1
budget: {a1: {ocpus: 100, memory_gb: 1000}, boot_volume_gb: 1000}
servers:
  big: {tier: dedicated, ocpus: 81, memory_gb: 6}
  fat: {tier: dedicated, ocpus: 2, memory_gb: 200}
  thin: {tier: dedicated, ocpus: 4, memory_gb: 2}
  micro: {tier: shared-dev, shape: VM.Standard.E2.1.Micro, ocpus: 2, memory_gb: 1}
  micro-ok: {tier: shared-dev, shape: VM.Standard.E2.1.Micro}
)",
                                 "plan.yaml");
  CHECK(result.errors == Strings{
                           "plan.yaml:4:26: servers.big.ocpus: must be between 1 and 80 for VM.Standard.A1.Flex, "
                           "got 81",
                           "plan.yaml:5:36: servers.fat.memory_gb: must be between 1 and 64 GB per OCPU for "
                           "VM.Standard.A1.Flex (2 to 128 GB for 2 OCPU), got 200",
                           "plan.yaml:6:37: servers.thin.memory_gb: must be between 1 and 64 GB per OCPU for "
                           "VM.Standard.A1.Flex (4 to 256 GB for 4 OCPU), got 2",
                           "plan.yaml:7:60: servers.micro.ocpus: VM.Standard.E2.1.Micro is fixed at 1 OCPU, got 2",
                         });
  REQUIRE(result.plan.servers.size() == 5);
  CHECK(result.plan.servers[4].ocpus == 1);
  CHECK(result.plan.servers[4].memory_gb == 1);
}

TEST_CASE("planned totals over the budget are errors that show the sum")
{
  auto result = plan::check_plan(R"(version: 1
budget:
  a1: {ocpus: 2, memory_gb: 12}
servers:
  tamara: {tier: dedicated, ocpus: 1, memory_gb: 6}
  lab-manager: {tier: dedicated, ocpus: 2, memory_gb: 8}
  dev-shared: {tier: shared-dev, ocpus: 1, memory_gb: 6}
)",
                                 "plan.yaml");
  CHECK(result.errors == Strings{"plan.yaml:3:8: budget.a1.ocpus: planned servers need 4 OCPU (tamara 1 + "
                                 "lab-manager 2 + dev-shared 1) > 2 budget",
                                 "plan.yaml:3:18: budget.a1.memory_gb: planned servers need 20 GB (tamara 6 + "
                                 "lab-manager 8 + dev-shared 6) > 12 budget"});
  CHECK(result.warnings.empty());
}

TEST_CASE("a plan that fits with room for an on-demand VM has no warning")
{
  auto result = check(R"(servers:
  tamara: {tier: dedicated, namespaces: [tamara], ocpus: 1, memory_gb: 6}
on_demand: {ocpus: 2, memory_gb: 12, ttl: 1h30m, max_instances: 1}
)");
  CHECK(result.errors.empty());
  CHECK(result.warnings.empty());
  CHECK(result.plan.on_demand.ttl == std::chrono::seconds{5400});
  CHECK(result.plan.servers[0].display_name == "tamara");
}

TEST_CASE("a bad ttl reports the duration error")
{
  auto result = check("on_demand:\n  ttl: 8 hours\n");
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].rfind("plan.yaml:7:3: on_demand.ttl: invalid duration '8 hours'", 0) == 0);
}

TEST_CASE("parse_plan fails with the first error and a count of the others")
{
  auto one = plan::parse_plan("version: 2\n", "p.yaml");
  REQUIRE_FALSE(one.ok());
  CHECK(one.error().kind == core::ErrorKind::config);
  CHECK(one.error().message == "p.yaml:1:1: version: unsupported version 2 (expected 1)");
  auto three = plan::parse_plan("version: 2\nfoo: 1\nbar: 2\n", "p.yaml");
  REQUIRE_FALSE(three.ok());
  CHECK(three.error().message == "p.yaml:1:1: version: unsupported version 2 (expected 1) (and 2 "
                                 "more errors; run 'ocivanilla plan check')");
}

TEST_CASE("a missing plan file is a config error naming the path")
{
  testing::TempDir dir;
  auto path = dir.path() / "nope.yaml";
  auto loaded = plan::load_plan_file(path);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().kind == core::ErrorKind::config);
  CHECK(loaded.error().message == "plan file not found: " + path.string());
  auto checked = plan::check_plan_file(path);
  REQUIRE_FALSE(checked.ok());
  CHECK(checked.error().message == "plan file not found: " + path.string());
}

TEST_CASE("load_plan_file names the path in its errors")
{
  testing::TempDir dir;
  auto path = dir.write("plan.yaml", "version: 1\nservers:\n  a: {tier: x, ocpus: 1, memory_gb: 6}\n");
  auto loaded = plan::load_plan_file(path);
  REQUIRE_FALSE(loaded.ok());
  CHECK(loaded.error().message == path.string() + ":3:7: servers.a.tier: must be dedicated or shared-dev, got 'x'");
}

TEST_CASE("display names must be unique and defaults are checked")
{
  auto result = plan::check_plan(R"(version: 1
compartment: my-compartment
defaults:
  image: {os: Canonical Ubuntu}
servers:
  a: {display_name: box, tier: dedicated, ocpus: 1, memory_gb: 6}
  b: {display_name: box, tier: dedicated, ocpus: 1, memory_gb: 6}
)",
                                 "plan.yaml");
  CHECK(result.errors == Strings{"plan.yaml:2:1: compartment: expected an OCID (ocid1.compartment...), got "
                                 "'my-compartment'",
                                 "plan.yaml:4:3: defaults.image: missing required key 'version'",
                                 "plan.yaml:7:7: servers.b.display_name: 'box' is already the display name of "
                                 "servers.a"});
}

TEST_CASE("empty sections are allowed and keep the defaults")
{
  auto result = plan::check_plan("version: 1\nservers:\nbudget:\ndefaults:\n", "plan.yaml");
  CHECK(result.errors.empty());
  CHECK(result.plan.servers.empty());
  CHECK(result.plan.budget.a1_ocpus == 4);
  CHECK(result.plan.on_demand.shape == "VM.Standard.A1.Flex");
  CHECK(plan::check_plan("version: 1\non_demand: []\n", "plan.yaml").errors ==
        Strings{"plan.yaml:2:1: on_demand: expected a mapping, got a list"});
}

TEST_CASE("totals over the built-in budget point at the top when there is no budget section")
{
  auto result = plan::check_plan("version: 1\nservers:\n  big: {tier: dedicated, ocpus: 5, memory_gb: 20}\n",
                                 "plan.yaml");
  CHECK(result.errors == Strings{"plan.yaml:1:1: budget.a1.ocpus: planned servers need 5 OCPU "
                                 "(big 5) > 4 budget"});
}
