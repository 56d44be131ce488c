// `ocivanilla list`: the table, the JSON document, the filters and paging.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <sstream>

using ocivanilla::testing::has;
using ocivanilla::testing::lines_of;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::write_file;

namespace {

std::vector<std::string> words_of(const std::string& line)
{
  std::vector<std::string> words;
  std::istringstream in(line);
  for (std::string word; in >> word;) {
    words.push_back(word);
  }
  return words;
}

// The table row of the instance with this OCID (empty when absent).
std::string row_of(const std::string& table, const std::string& ocid)
{
  for (const auto& line : lines_of(table)) {
    if (has(line, ocid)) {
      return line;
    }
  }
  return {};
}

std::set<std::string> ids_of(const nlohmann::json& data)
{
  std::set<std::string> ids;
  for (const auto& i : data) {
    ids.insert(i["id"].get<std::string>());
  }
  return ids;
}

// The seed plus: a tagged on-demand instance that expired, a dedicated one, a STOPPED one and a TERMINATED one.
YAML::Node varied_scenario()
{
  auto scenario = seed_scenario();
  auto add = [&scenario](const std::string& name, const std::string& id, const std::string& state,
                         const std::map<std::string, std::string>& tags) {
    YAML::Node i;
    i["displayName"] = name;
    i["id"] = id;
    i["shape"] = "VM.Standard.E2.1.Micro";
    i["lifecycleState"] = state;
    for (const auto& [k, v] : tags) {
      i["freeformTags"][k] = v;
    }
    scenario["instances"].push_back(i);
  };
  add("old-experiment", "ocid1.instance.oc1.eu-frankfurt-1.listtestexpired", "RUNNING",
      {{"ocivanilla-tier", "on-demand"},
       {"ocivanilla-expires-at", "2020-01-01T00:00:00Z"},
       {"ocivanilla-managed", "true"}});
  add("dev-shared-server", "ocid1.instance.oc1.eu-frankfurt-1.listtestshared", "RUNNING",
      {{"ocivanilla-tier", "shared-dev"}, {"ocivanilla-namespaces", "mariana,annabelle,karri"}});
  add("parked-box", "ocid1.instance.oc1.eu-frankfurt-1.listteststopped", "STOPPED", {});
  add("gone-box", "ocid1.instance.oc1.eu-frankfurt-1.listtestterminated", "TERMINATED", {});
  return scenario;
}

} // namespace

TEST_CASE("list: the table shows every live instance, the columns and the A1 footer")
{
  SimFixture sim(varied_scenario());
  auto r = sim.cli({"list"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 1 + 7 + 2);
  CHECK(lines[0].rfind("NAME", 0) == 0);
  for (const char* column : {"STATE", "SHAPE", "OCPUS", "MEMORY", "NAMESPACES", "TIER", "EXPIRES", "AGE", "OCID"}) {
    CHECK(has(lines[0], column));
  }
  const auto tamara = row_of(r.out, "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0001");
  auto words = words_of(tamara);
  REQUIRE(words.size() == 11);
  CHECK(words[9].back() == 'd'); // created 2026-03-02: its age is in days
  words.erase(words.begin() + 9);
  CHECK(words == std::vector<std::string>{"tamara-deployment-server", "RUNNING", "VM.Standard.A1.Flex", "1", "6", "GB",
                                          "-", "untagged", "-",
                                          "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0001"});
  const auto shared = row_of(r.out, "listtestshared");
  CHECK(has(shared, "mariana,annabelle,karri"));
  CHECK(has(shared, "shared-dev"));
  CHECK(has(row_of(r.out, "listtestexpired"), "expired"));
  CHECK(has(row_of(r.out, "listteststopped"), "STOPPED"));
  CHECK(row_of(r.out, "listtestterminated").empty());
  CHECK(lines[lines.size() - 2].empty());
  CHECK(lines.back() ==
        "A1 4/4 OCPU, 24/24 GB; boot volumes 0/200 GB (+7 of unknown size); Micro 3/2 (plan: built-in)");
}

TEST_CASE("list: -o json before or after the command prints one document of API objects")
{
  SimFixture sim(varied_scenario());
  auto before = sim.cli({"-o", "json", "list"});
  auto after = sim.cli({"list", "--output", "json"});
  REQUIRE(before.exit_code == 0);
  REQUIRE(after.exit_code == 0);
  const auto doc = nlohmann::json::parse(before.out); // throws on anything after the document
  CHECK(nlohmann::json::parse(after.out) == doc);
  REQUIRE(doc.is_object());
  CHECK(doc.size() == 1);
  REQUIRE(doc["data"].is_array());
  CHECK(doc["data"].size() == 7);

  std::set<std::string> live;
  for (const auto& i : sim.instances()) {
    if (i["lifecycleState"] != "TERMINATED") {
      live.insert(i["id"].get<std::string>());
    }
  }
  CHECK(ids_of(doc["data"]) == live);
  for (const auto& i : doc["data"]) {
    CHECK(i.contains("displayName"));
    CHECK(i.contains("lifecycleState"));
    CHECK(i.contains("availabilityDomain"));
    CHECK(i["shapeConfig"].contains("memoryInGBs"));
    CHECK_FALSE(i.contains("display_name"));
  }
  CHECK(before.err.empty());
}

TEST_CASE("list: --all includes TERMINATED instances, --state filters case-insensitively")
{
  SimFixture sim(varied_scenario());
  auto all = sim.cli({"list", "--all", "-o", "json"});
  REQUIRE(all.exit_code == 0);
  CHECK(nlohmann::json::parse(all.out)["data"].size() == 8);

  auto stopped = sim.cli({"list", "--state", "stopped", "-o", "json"});
  REQUIRE(stopped.exit_code == 0);
  CHECK(ids_of(nlohmann::json::parse(stopped.out)["data"]) ==
        std::set<std::string>{"ocid1.instance.oc1.eu-frankfurt-1.listteststopped"});

  auto terminated = sim.cli({"list", "--state", "TERMINATED"});
  REQUIRE(terminated.exit_code == 0);
  CHECK(has(terminated.out, "gone-box"));
  CHECK_FALSE(has(terminated.out, "parked-box"));
}

TEST_CASE("list: --tier, --namespace and --expired filters")
{
  SimFixture sim(varied_scenario());
  auto tier = sim.cli({"list", "--tier", "shared-dev", "-o", "json"});
  REQUIRE(tier.exit_code == 0);
  CHECK(ids_of(nlohmann::json::parse(tier.out)["data"]) ==
        std::set<std::string>{"ocid1.instance.oc1.eu-frankfurt-1.listtestshared"});

  auto ns = sim.cli({"list", "--namespace", "annabelle", "-o", "json"});
  REQUIRE(ns.exit_code == 0);
  CHECK(ids_of(nlohmann::json::parse(ns.out)["data"]) ==
        std::set<std::string>{"ocid1.instance.oc1.eu-frankfurt-1.listtestshared"});

  auto expired = sim.cli({"list", "--expired", "-o", "json"});
  REQUIRE(expired.exit_code == 0);
  CHECK(ids_of(nlohmann::json::parse(expired.out)["data"]) ==
        std::set<std::string>{"ocid1.instance.oc1.eu-frankfurt-1.listtestexpired"});

  auto none = sim.cli({"list", "--namespace", "nobody", "-o", "json"});
  REQUIRE(none.exit_code == 0);
  CHECK(nlohmann::json::parse(none.out) == nlohmann::json::parse(R"({"data": []})"));

  auto bad = sim.cli({"list", "--tier", "gold"});
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, "ocivanilla: usage error: "));
}

TEST_CASE("list: the plan's server for a namespace is found by display name even without tags")
{
  SimFixture sim;
  auto r = sim.cli({"list", "--namespace", "tamara", "-o", "json"}, {{"OCIVANILLA_PLAN", shipped_plan()}});
  REQUIRE(r.exit_code == 0);
  CHECK(ids_of(nlohmann::json::parse(r.out)["data"]) ==
        std::set<std::string>{"ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0001"});
  auto table = sim.cli({"list"}, {{"OCIVANILLA_PLAN", shipped_plan()}});
  REQUIRE(table.exit_code == 0);
  CHECK(has(table.out, "A1 4/4 OCPU, 24/24 GB"));
  CHECK(has(table.out, "(plan: " + shipped_plan() + ")"));
}

TEST_CASE("list: every page is read (more than 100 instances)")
{
  auto scenario = seed_scenario();
  scenario["generate"]["count"] = 150;
  scenario["generate"]["prefix"] = "bench-";
  scenario["generate"]["shape"] = "VM.Standard.E2.1.Micro";
  SimFixture sim(scenario);
  auto r = sim.cli({"list", "-o", "json"});
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["data"].size() == 154);
  CHECK(ids_of(doc["data"]).size() == 154);
  const auto pages = sim.requests_matching("GET", "/instances");
  REQUIRE(pages.size() == 2);
  CHECK_FALSE(has(pages[0]["query"].get<std::string>(), "page="));
  CHECK(has(pages[1]["query"].get<std::string>(), "page="));

  auto table = sim.cli({"list"});
  REQUIRE(table.exit_code == 0);
  CHECK(lines_of(table.out).size() == 1 + 154 + 2);
}

TEST_CASE("list: a failed call leaves stdout empty, in JSON too (no empty document)")
{
  SimFixture sim;
  sim.set_clock_offset(600); // every signed request is refused with 401
  auto json = sim.cli({"list", "-o", "json"});
  CHECK(json.exit_code == 4);
  CHECK(json.out.empty());
  CHECK(has(json.err, "ocivanilla: error: "));
  auto table = sim.cli({"list"});
  CHECK(table.exit_code == 4);
  CHECK(table.out.empty());
}

TEST_CASE("list: an unknown --state is a usage error, not an empty list")
{
  SimFixture sim;
  auto r = sim.cli({"list", "--state", "runing"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "ocivanilla: usage error: --state: runing not in"));
  CHECK(r.out.empty());
  CHECK(sim.requests().empty());
}

TEST_CASE("list: -o json reads the plan only when it needs it")
{
  SimFixture sim;
  const auto broken = write_file(sim, "broken-plan.yaml", "servers: [unclosed\n");
  const std::map<std::string, std::string> env{{"OCIVANILLA_PLAN", broken}};
  // With the compartment given, the JSON list needs nothing from the plan.
  auto json = sim.cli({"list", "-o", "json", "--compartment-id", sim.tenancy()}, env);
  REQUIRE(json.exit_code == 0);
  CHECK(nlohmann::json::parse(json.out)["data"].size() == 4);
  CHECK(json.err.empty());
  // The table's usage line, --namespace and the default compartment all come from the plan.
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"list", "--compartment-id", sim.tenancy()},
        std::vector<std::string>{"list", "-o", "json", "--namespace", "tamara", "--compartment-id", sim.tenancy()},
        std::vector<std::string>{"list", "-o", "json"}}) {
    auto r = sim.cli(args, env);
    CHECK(r.exit_code == 3);
    CHECK(r.out.empty());
    CHECK(has(r.err, broken));
  }
}
