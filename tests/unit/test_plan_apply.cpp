#include "ocivanilla/plan/apply.hpp"
#include "ocivanilla/plan/plan_parser.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;
using Tags = std::map<std::string, std::string>;

namespace {

const core::TimePoint k_now = core::TimePoint{} + std::chrono::seconds{1'796'000'000};

plan::LiveInstance a1(std::string id, std::string name, double ocpus, double memory_gb)
{
  plan::LiveInstance live;
  live.id = std::move(id);
  live.display_name = std::move(name);
  live.shape = "VM.Standard.A1.Flex";
  live.lifecycle_state = "RUNNING";
  live.ocpus = ocpus;
  live.memory_gb = memory_gb;
  live.time_created = k_now - std::chrono::hours{24};
  return live;
}

plan::Plan shipped_plan()
{
  auto loaded = plan::load_plan_file(std::string(OVL_SOURCE_DIR) + "/config/plan.yaml");
  REQUIRE(loaded.ok());
  return *loaded;
}

// What the ops layer would do with the actions, on an in-memory tenancy.
void perform(const std::vector<plan::ApplyAction>& actions, std::vector<plan::LiveInstance>& live)
{
  int launched = 0;
  for (const plan::ApplyAction& action : actions) {
    if (const auto* adopt = std::get_if<plan::Adopt>(&action)) {
      for (plan::LiveInstance& instance : live) {
        if (instance.id == adopt->instance_id) {
          for (const auto& [key, value] : adopt->tags) {
            instance.freeform_tags[key] = value;
          }
        }
      }
    } else if (const auto* launch = std::get_if<plan::Launch>(&action)) {
      plan::LiveInstance instance = a1("ocid1.instance.oc1..new" + std::to_string(++launched),
                                       launch->spec.display_name, launch->spec.ocpus, launch->spec.memory_gb);
      instance.shape = launch->spec.shape;
      instance.boot_volume_gb = launch->spec.boot_volume_gb;
      instance.freeform_tags = plan::launch_tags(launch->spec, k_now);
      live.push_back(instance);
    }
  }
}

std::vector<std::string> described(const std::vector<plan::ApplyAction>& actions)
{
  std::vector<std::string> lines;
  for (const plan::ApplyAction& action : actions) {
    lines.push_back(plan::describe(action));
  }
  return lines;
}

} // namespace

TEST_CASE("plan apply on the seed tenancy tags tamara and is blocked by the full pool")
{
  std::vector<plan::LiveInstance> live = {a1("ocid1.instance.oc1..tamara", "tamara-deployment-server", 1, 6),
                                          a1("ocid1.instance.oc1..vanilla", "ubuntu-vanilla-test", 1, 6),
                                          a1("ocid1.instance.oc1..pls1", "purelabsourcing-ubuntu-arm64", 1, 6),
                                          a1("ocid1.instance.oc1..pls2", "purelabsourcing-ubuntu-arm64", 1, 6)};
  auto actions = plan::plan_apply(shipped_plan(), live);
  CHECK(described(actions) == std::vector<std::string>{
                                "tag tamara-deployment-server (ocid1.instance.oc1..tamara) as servers.tamara: "
                                "ocivanilla-managed=true, ocivanilla-namespaces=tamara, ocivanilla-tier=dedicated",
                                "cannot launch lab-manager-server (lab-manager): A1 budget exceeded: in use 4 OCPU + 2 "
                                "requested = 6 > 4 budget; A1 budget exceeded: in use 24 GB + 8 requested = 32 > 24 "
                                "budget",
                                "cannot launch dev-shared-server (dev-shared): A1 budget exceeded: in use 4 OCPU + 1 "
                                "requested = 5 > 4 budget; A1 budget exceeded: in use 24 GB + 6 requested = 30 > 24 "
                                "budget"});
  REQUIRE(std::holds_alternative<plan::Blocked>(actions[1]));
  CHECK(std::get<plan::Blocked>(actions[1]).reason ==
        "A1 budget exceeded: in use 4 OCPU + 2 requested = 6 > 4 budget\n"
        "A1 budget exceeded: in use 24 GB + 8 requested = 32 > 24 budget");
}

TEST_CASE("plan apply launches missing servers in plan order and a second run does nothing")
{
  plan::Plan p = shipped_plan();
  std::vector<plan::LiveInstance> live = {a1("ocid1.instance.oc1..tamara", "tamara-deployment-server", 1, 6)};
  live[0].freeform_tags = {{"ocivanilla-tier", "dedicated"}, {"owner", "ops"}};
  auto actions = plan::plan_apply(p, live);
  REQUIRE(actions.size() == 3);
  const auto& adopt = std::get<plan::Adopt>(actions[0]);
  CHECK(adopt.server_key == "tamara");
  CHECK(adopt.tags == Tags{{"ocivanilla-managed", "true"}, {"ocivanilla-namespaces", "tamara"}});
  const auto& first = std::get<plan::Launch>(actions[1]);
  CHECK(first.server_key == "lab-manager");
  CHECK(first.spec.display_name == "lab-manager-server");
  CHECK(first.spec.tier == plan::Tier::dedicated);
  CHECK(plan::describe(actions[1]) ==
        "launch lab-manager-server (lab-manager): VM.Standard.A1.Flex, 2 OCPU / 8 GB, 50 GB boot "
        "volume");
  CHECK(std::get<plan::Launch>(actions[2]).server_key == "dev-shared");

  perform(actions, live);
  CHECK(live[0].freeform_tags.at("owner") == "ops");
  CHECK(live[2].freeform_tags.at("ocivanilla-namespaces") == "mariana,annabelle,karri");
  CHECK(plan::plan_apply(p, live).empty());
}

TEST_CASE("plan apply skips a server that does not fit and launches a smaller one after it")
{
  plan::Plan p = shipped_plan();
  std::vector<plan::LiveInstance> live = {a1("ocid1.instance.oc1..tamara", "tamara-deployment-server", 1, 6),
                                          a1("ocid1.instance.oc1..other", "other", 2, 6)};
  auto actions = plan::plan_apply(p, live);
  REQUIRE(actions.size() == 3);
  CHECK(std::holds_alternative<plan::Adopt>(actions[0]));
  CHECK(std::get<plan::Blocked>(actions[1]).reason == "A1 budget exceeded: in use 3 OCPU + 2 requested = 5 > 4 budget");
  CHECK(std::get<plan::Launch>(actions[2]).server_key == "dev-shared");
  perform(actions, live);
  // Only the blocked server is left, and it stays blocked: nothing to adopt or launch.
  auto again = plan::plan_apply(p, live);
  REQUIRE(again.size() == 1);
  CHECK(std::get<plan::Blocked>(again[0]).server_key == "lab-manager");
}

TEST_CASE("plan apply tags stopped servers, ignores TERMINATED ones, never terminates")
{
  plan::Plan p = shipped_plan();
  plan::LiveInstance stopped = a1("ocid1.instance.oc1..t", "tamara-deployment-server", 1, 6);
  stopped.lifecycle_state = "STOPPED";
  plan::LiveInstance gone = a1("ocid1.instance.oc1..g", "lab-manager-server", 2, 8);
  gone.lifecycle_state = "TERMINATED";
  plan::LiveInstance extra = a1("ocid1.instance.oc1..x", "ubuntu-vanilla-test", 1, 6);
  auto actions = plan::plan_apply(p, {stopped, gone, extra});
  REQUIRE(actions.size() == 3);
  CHECK(std::get<plan::Adopt>(actions[0]).instance_id == "ocid1.instance.oc1..t");
  CHECK(std::get<plan::Launch>(actions[1]).server_key == "lab-manager");
  CHECK(std::get<plan::Blocked>(actions[2]).server_key == "dev-shared");
}
