#include "ocivanilla/plan/plan_parser.hpp"
#include "ocivanilla/plan/status.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace ocivanilla;
using Strings = std::vector<std::string>;
using std::chrono::hours;

namespace {

const core::TimePoint k_now = core::TimePoint{} + std::chrono::seconds{1'796'000'000};

plan::LiveInstance a1(std::string id, std::string name, double ocpus, double memory_gb, hours age,
                      std::string state = "RUNNING")
{
  plan::LiveInstance live;
  live.id = std::move(id);
  live.display_name = std::move(name);
  live.shape = "VM.Standard.A1.Flex";
  live.lifecycle_state = std::move(state);
  live.ocpus = ocpus;
  live.memory_gb = memory_gb;
  live.time_created = k_now - age;
  return live;
}

// The tenancy of the seed document: four A1.Flex 1 OCPU / 6 GB instances, all RUNNING.
std::vector<plan::LiveInstance> seed_tenancy()
{
  return {a1("ocid1.instance.oc1..tamara", "tamara-deployment-server", 1, 6, hours{24 * 90}),
          a1("ocid1.instance.oc1..vanilla", "ubuntu-vanilla-test", 1, 6, hours{24 * 12}),
          a1("ocid1.instance.oc1..pls1", "purelabsourcing-ubuntu-arm64", 1, 6, hours{24 * 40}),
          a1("ocid1.instance.oc1..pls2", "purelabsourcing-ubuntu-arm64", 1, 6, hours{24 * 30})};
}

plan::Plan shipped_plan()
{
  auto loaded = plan::load_plan_file(std::string(OVL_SOURCE_DIR) + "/config/plan.yaml");
  REQUIRE(loaded.ok());
  return *loaded;
}

Strings kinds_and_targets(const plan::StatusReport& report)
{
  Strings out;
  for (const plan::NextStep& step : report.steps) {
    out.push_back(std::string(to_string(step.kind)) + " " + step.target);
  }
  return out;
}

} // namespace

bool contains(const Strings& lines, const std::string& line)
{
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

TEST_CASE("plan status reaches the seed's conclusion on the seed tenancy")
{
  plan::StatusReport report = plan::plan_status(shipped_plan(), seed_tenancy(), k_now);

  REQUIRE(report.servers.size() == 3);
  CHECK(report.servers[0].state == plan::ServerState::present);
  CHECK(report.servers[0].instance_id == "ocid1.instance.oc1..tamara");
  CHECK_FALSE(report.servers[0].size_drift);
  CHECK_FALSE(report.servers[0].tags_match);
  CHECK(report.servers[1].state == plan::ServerState::missing);
  CHECK(report.servers[2].state == plan::ServerState::missing);
  REQUIRE(report.unplanned.size() == 3);
  CHECK(report.unplanned[0].display_name == "ubuntu-vanilla-test");
  CHECK(report.unplanned[0].tier == "untagged");
  CHECK(report.unplanned[0].age == hours{24 * 12});
  CHECK(report.usage.a1_ocpus == 4);
  CHECK(report.usage.a1_memory_gb == 24);
  CHECK_FALSE(report.over_budget);
  CHECK(report.missing_a1_ocpus == 3);
  CHECK(report.missing_a1_memory_gb == 14);

  CHECK(kinds_and_targets(report) == Strings{"terminate ubuntu-vanilla-test",
                                             "consolidate purelabsourcing-ubuntu-arm64", "launch lab-manager-server",
                                             "blocked dev-shared-server", "tag tamara-deployment-server"});
  CHECK(report.steps[0].instance_ids == Strings{"ocid1.instance.oc1..vanilla"});
  // The older of the two is kept; the newer one goes.
  CHECK(report.steps[1].instance_ids == Strings{"ocid1.instance.oc1..pls2"});
  // 4/24 minus two 1/6 instances leaves room for lab-manager (2/8) but not for dev-shared too.
  CHECK_FALSE(report.fits_after_steps);
  CHECK(report.usage_after_steps.a1_ocpus == 4);
  CHECK(report.usage_after_steps.a1_memory_gb == 20);

  Strings lines = plan::render_status(report);
  CHECK(contains(lines, "A1 pool full: 4/4 OCPU, 24/24 GB"));
  CHECK(contains(lines, "Missing servers need 3 OCPU / 14 GB of A1"));
  CHECK(contains(lines, "  lab-manager -> lab-manager-server: missing (needs 2 OCPU / 8 GB, dedicated)"));
  CHECK(contains(lines, "  1. terminate ubuntu-vanilla-test (unplanned, untagged, RUNNING, 1 OCPU / 6 "
                        "GB, age 12d; frees 1 OCPU / 6 GB): ocivanilla terminate ubuntu-vanilla-test"));
  CHECK(contains(lines, "  2. consolidate the 2 purelabsourcing-ubuntu-arm64 instances into one: keep "
                        "ocid1.instance.oc1..pls1 (RUNNING, age 40d), terminate the rest (frees 1 "
                        "OCPU / 6 GB): ocivanilla terminate ocid1.instance.oc1..pls2"));
  CHECK(contains(lines, "  3. launch lab-manager-server (2 OCPU / 8 GB; A1 then 4/4 OCPU, 20/24 GB): "
                        "ocivanilla launch lab-manager"));
  CHECK(contains(lines, "  4. dev-shared-server (1 OCPU / 6 GB) does not fit even after the steps "
                        "above: A1 budget exceeded: in use 4 OCPU + 1 requested = 5 > 4 budget; A1 "
                        "budget exceeded: in use 20 GB + 6 requested = 26 > 24 budget; unplanned "
                        "instances still hold 1 OCPU / 6 GB of A1: purelabsourcing-ubuntu-arm64"));
  CHECK(lines.back() == "Even after these steps the budget does not fit: dev-shared-server");
}

TEST_CASE("with the 2 OCPU / 12 GB allowance even the freeing steps leave both servers blocked")
{
  plan::Plan p = shipped_plan();
  p.budget.a1_ocpus = 2;
  p.budget.a1_memory_gb = 12;
  plan::StatusReport report = plan::plan_status(p, seed_tenancy(), k_now);
  CHECK(report.over_budget);
  CHECK(kinds_and_targets(report) == Strings{"terminate ubuntu-vanilla-test",
                                             "consolidate purelabsourcing-ubuntu-arm64", "blocked lab-manager-server",
                                             "blocked dev-shared-server", "tag tamara-deployment-server"});
  CHECK(report.steps[2].text ==
        "lab-manager-server (2 OCPU / 8 GB) does not fit even after the steps above: A1 budget "
        "exceeded: in use 2 OCPU + 2 requested = 4 > 2 budget; A1 budget exceeded: in use 12 GB + 8 "
        "requested = 20 > 12 budget; unplanned instances still hold 1 OCPU / 6 GB of A1: "
        "purelabsourcing-ubuntu-arm64");
  CHECK_FALSE(report.fits_after_steps);
  Strings lines = plan::render_status(report);
  CHECK(contains(lines, "A1 pool over budget: 4/2 OCPU, 24/12 GB"));
  CHECK(lines.back() == "Even after these steps the budget does not fit: lab-manager-server, dev-shared-server");
}

TEST_CASE("nothing is proposed for termination when the missing servers fit")
{
  plan::Plan p = shipped_plan();
  auto tamara = seed_tenancy().front();
  tamara.freeform_tags = {
    {"ocivanilla-namespaces", "tamara"}, {"ocivanilla-tier", "dedicated"}, {"ocivanilla-managed", "true"}};
  auto scratch = a1("ocid1.instance.oc1..s", "scratch", 0, 0, hours{2});
  scratch.shape = "VM.Standard.E2.1.Micro";
  plan::StatusReport report = plan::plan_status(p, {tamara, scratch}, k_now);
  CHECK(kinds_and_targets(report) == Strings{"launch lab-manager-server", "launch dev-shared-server"});
  CHECK(report.fits_after_steps);
  CHECK(report.servers[0].tags_match);
  CHECK(report.steps[1].text == "launch dev-shared-server (1 OCPU / 6 GB; A1 then 4/4 OCPU, 20/24 "
                                "GB): ocivanilla launch dev-shared");
}

TEST_CASE("stopped servers, size drift, duplicates and TERMINATED instances")
{
  plan::Plan p = shipped_plan();
  std::vector<plan::LiveInstance> live = {
    a1("ocid1.instance.oc1..t1", "tamara-deployment-server", 2, 12, hours{100}, "STOPPED"),
    a1("ocid1.instance.oc1..t2", "tamara-deployment-server", 1, 6, hours{5}),
    a1("ocid1.instance.oc1..old", "lab-manager-server", 2, 8, hours{500}, "TERMINATED"),
    a1("ocid1.instance.oc1..prod", "billing", 1, 6, hours{50}),
  };
  live[3].freeform_tags["ocivanilla-tier"] = "dedicated";
  plan::StatusReport report = plan::plan_status(p, live, k_now);
  CHECK(report.servers[0].state == plan::ServerState::stopped);
  CHECK(report.servers[0].instance_id == "ocid1.instance.oc1..t1");
  CHECK(report.servers[0].size_drift);
  CHECK(report.servers[1].state == plan::ServerState::missing);
  REQUIRE(report.unplanned.size() == 2);
  CHECK(report.unplanned[0].duplicate_of == "tamara");
  CHECK(report.unplanned[1].tier == "dedicated");
  // 4/24 in use (the stopped one counts); the duplicate is proposed, the tagged one never is.
  // That frees 1/6: lab-manager (2/8) still does not fit, the smaller dev-shared (1/6) does.
  CHECK(kinds_and_targets(report) == Strings{"terminate tamara-deployment-server", "start tamara-deployment-server",
                                             "resize tamara-deployment-server", "blocked lab-manager-server",
                                             "launch dev-shared-server", "tag tamara-deployment-server"});
  CHECK(report.steps[3].text ==
        "lab-manager-server (2 OCPU / 8 GB) does not fit even after the steps above: A1 budget "
        "exceeded: in use 3 OCPU + 2 requested = 5 > 4 budget; A1 budget exceeded: in use 18 GB + 8 "
        "requested = 26 > 24 budget; unplanned instances still hold 1 OCPU / 6 GB of A1: billing");
  CHECK(report.steps[0].text ==
        "terminate tamara-deployment-server (duplicate of planned server tamara, RUNNING, 1 OCPU / "
        "6 GB, age 5h; frees 1 OCPU / 6 GB): ocivanilla terminate ocid1.instance.oc1..t2");
  CHECK(report.steps[2].text ==
        "resize tamara-deployment-server: it has 2 OCPU / 12 GB but the plan says 1 OCPU / 6 GB "
        "(resize it in the OCI console, or change servers.tamara in the plan)");
  Strings lines = plan::render_status(report);
  CHECK(contains(lines, "  tamara -> tamara-deployment-server: stopped (STOPPED, 2 OCPU / 12 GB, "
                        "plan says 1 OCPU / 6 GB, dedicated, tags not set)"));
  CHECK(contains(lines, "  billing: RUNNING, VM.Standard.A1.Flex, 1 OCPU / 6 GB, dedicated, age 2d "
                        "(ocid1.instance.oc1..prod)"));
}

TEST_CASE("expired on-demand instances are proposed before the others")
{
  plan::Plan p = shipped_plan();
  std::vector<plan::LiveInstance> live = seed_tenancy();
  auto temp = a1("ocid1.instance.oc1..tmp", "tmp-build", 1, 6, hours{10});
  temp.freeform_tags = {{"ocivanilla-tier", "on-demand"},
                        {"ocivanilla-expires-at", core::format_rfc3339(k_now - hours{2})}};
  live[1] = temp; // in place of ubuntu-vanilla-test
  plan::StatusReport report = plan::plan_status(p, live, k_now);
  REQUIRE(report.steps.size() >= 2);
  CHECK(report.steps[0].target == "tmp-build");
  CHECK(report.steps[0].text.find("(unplanned, on-demand, expired, RUNNING") != std::string::npos);
  CHECK(report.steps[1].kind == plan::StepKind::consolidate);
}

TEST_CASE("instances whose names differ only by a number suffix are consolidated")
{
  plan::Plan p = shipped_plan();
  std::vector<plan::LiveInstance> live = {
    seed_tenancy().front(),
    a1("ocid1.instance.oc1..w1", "worker-1", 1, 6, hours{30}, "STOPPED"),
    a1("ocid1.instance.oc1..w2", "worker-2", 1, 6, hours{20}),
    a1("ocid1.instance.oc1..w3", "worker-3", 1, 6, hours{10}),
  };
  plan::StatusReport report = plan::plan_status(p, live, k_now);
  REQUIRE_FALSE(report.steps.empty());
  CHECK(report.steps[0].kind == plan::StepKind::consolidate);
  CHECK(report.steps[0].target == "worker");
  // The oldest running one stays.
  CHECK(report.steps[0].instance_ids == Strings{"ocid1.instance.oc1..w1", "ocid1.instance.oc1..w3"});
  CHECK(report.steps[0].text.find("ocivanilla terminate worker-1; ocivanilla terminate worker-3") != std::string::npos);
}

TEST_CASE("a tenancy that matches the plan has nothing to do")
{
  plan::Plan p = plan::builtin_plan();
  plan::StatusReport report = plan::plan_status(p, {}, k_now);
  Strings lines = plan::render_status(report);
  CHECK(report.steps.empty());
  CHECK(lines.back() == "Nothing to do: the live instances match the plan.");
  CHECK(contains(lines, "A1 pool: 0/4 OCPU, 0/24 GB (free 4 OCPU / 24 GB)"));
}

TEST_CASE("the JSON form carries the same analysis")
{
  plan::StatusReport report = plan::plan_status(shipped_plan(), seed_tenancy(), k_now);
  nlohmann::json json = plan::status_to_json(report);
  CHECK(json["servers"][1]["state"] == "missing");
  CHECK(json["servers"][1]["instanceId"].is_null());
  CHECK(json["servers"][0]["tagsMatch"] == false);
  CHECK(json["unplanned"][0]["ageSeconds"] == 12 * 24 * 3600);
  CHECK(json["usage"]["a1Ocpus"] == 4.0);
  CHECK(json["missing"]["a1MemoryGb"] == 14.0);
  CHECK(json["steps"][1]["kind"] == "consolidate");
  CHECK(json["steps"][1]["instanceIds"] == nlohmann::json::array({"ocid1.instance.oc1..pls2"}));
  CHECK(json["fitsAfterSteps"] == false);
}

TEST_CASE("ages use the largest whole unit")
{
  CHECK(plan::format_age(std::chrono::seconds{59}) == "59s");
  CHECK(plan::format_age(std::chrono::seconds{3599}) == "59m");
  CHECK(plan::format_age(std::chrono::seconds{7200}) == "2h");
  CHECK(plan::format_age(std::chrono::seconds{3 * 86400 + 5}) == "3d");
  CHECK(plan::format_age(std::chrono::seconds{-5}) == "0s");
}
