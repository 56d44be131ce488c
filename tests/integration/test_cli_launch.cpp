// `ocivanilla launch`: success paths, output, validation before any call, discovery, dry runs,
// user data, TTL, and launches under faults (retries reuse the opc-retry-token).
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include "ocivanilla/core/clock.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <set>

using ocivanilla::testing::has;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::shipped_plan;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::write_file;

namespace {

const std::map<std::string, std::string> k_plan_env = {{"OCIVANILLA_PLAN", shipped_plan()}};

// The seed with ubuntu-vanilla-test and one purelabsourcing instance already TERMINATED:
// 2 OCPU / 12 GB of the A1 pool are free.
YAML::Node freed_scenario(double timing = 0)
{
  auto scenario = seed_scenario(timing);
  for (auto instance : scenario["instances"]) {
    const auto id = instance["id"].as<std::string>();
    if (id == "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0002" ||
        id == "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0004") {
      instance["lifecycleState"] = "TERMINATED";
    }
  }
  return scenario;
}

std::string base64(const std::string& data)
{
  static const char* k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const auto n = (static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16U) |
                   (static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8U) |
                   static_cast<unsigned>(static_cast<unsigned char>(data[i + 2]));
    for (unsigned shift : {18U, 12U, 6U, 0U}) {
      out += k_alphabet[(n >> shift) & 63U];
    }
  }
  const auto rest = data.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(data[i])) << 16U;
    if (rest == 2) {
      n |= static_cast<unsigned>(static_cast<unsigned char>(data[i + 1])) << 8U;
    }
    out += k_alphabet[(n >> 18U) & 63U];
    out += k_alphabet[(n >> 12U) & 63U];
    out += rest == 2 ? k_alphabet[(n >> 6U) & 63U] : '=';
    out += '=';
  }
  return out;
}

// The one live instance with this name (fails the test when there are none or several).
nlohmann::json only_live(const SimFixture& sim, const std::string& name)
{
  const auto live = sim.live_named(name);
  REQUIRE(live.size() == 1);
  return live[0];
}

} // namespace

TEST_CASE("launch: a plan server launches with its spec and tags, the table shows it")
{
  SimFixture sim(freed_scenario());
  auto r = sim.cli({"launch", "lab-manager"}, k_plan_env);
  REQUIRE(r.exit_code == 0);
  const auto instance = only_live(sim, "lab-manager-server");
  CHECK(instance["shape"] == "VM.Standard.A1.Flex");
  CHECK(instance["shapeConfig"]["ocpus"] == 2.0);
  CHECK(instance["shapeConfig"]["memoryInGBs"] == 8.0);
  CHECK(instance["freeformTags"] == nlohmann::json({{"ocivanilla-tier", "dedicated"},
                                                    {"ocivanilla-namespaces", "lab-manager"},
                                                    {"ocivanilla-managed", "true"}}));
  CHECK(instance["sourceDetails"]["imageId"] == "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaseedubuntu2204aarch6420261029");
  CHECK(has(r.out, "NAME"));
  CHECK(has(r.out, "lab-manager-server  PROVISIONING  VM.Standard.A1.Flex  2      8 GB"));
  CHECK(has(r.out, instance["id"].get<std::string>()));
  CHECK(has(r.out, "dedicated"));
  CHECK(sim.requests_matching("POST", "/instances").size() == 1);
}

TEST_CASE("launch: -o json prints {\"data\": Instance} with camelCase fields, before or after the command")
{
  SimFixture sim(freed_scenario());
  auto after = sim.cli({"launch", "scratch-1", "-o", "json"});
  REQUIRE(after.exit_code == 0);
  const auto doc = nlohmann::json::parse(after.out);
  const auto instance = only_live(sim, "scratch-1");
  CHECK(doc["data"]["id"] == instance["id"]);
  CHECK(doc["data"]["displayName"] == "scratch-1");
  CHECK(doc["data"]["lifecycleState"] == "PROVISIONING");
  CHECK(doc["data"]["shapeConfig"]["ocpus"] == 1.0);
  CHECK(doc["data"]["freeformTags"]["ocivanilla-tier"] == "on-demand");

  auto before = sim.cli({"-o", "json", "launch", "scratch-2"});
  REQUIRE(before.exit_code == 0);
  CHECK(nlohmann::json::parse(before.out)["data"]["id"] == only_live(sim, "scratch-2")["id"]);
}

TEST_CASE("launch: --wait returns when RUNNING and prints the public IP")
{
  SimFixture sim(freed_scenario());
  auto r = sim.cli({"launch", "lab-manager", "--wait"}, k_plan_env);
  REQUIRE(r.exit_code == 0);
  const auto instance = only_live(sim, "lab-manager-server");
  CHECK(instance["lifecycleState"] == "RUNNING");
  CHECK(has(r.out, "lab-manager-server  RUNNING"));
  CHECK(has(r.out, "public IP: " + instance["_sim"]["publicIp"].get<std::string>() + "\n"));
}

TEST_CASE("launch: invalid sizes are refused before any API call")
{
  SimFixture sim(freed_scenario());
  auto zero = sim.cli({"launch", "tiny", "--ocpus", "0"});
  CHECK(zero.exit_code == 2);
  CHECK(zero.err == "ocivanilla: error: ocpus 0 is out of range for VM.Standard.A1.Flex: 1 to 80\n");
  auto huge = sim.cli({"launch", "huge", "--memory", "1000"});
  CHECK(huge.exit_code == 2);
  CHECK(has(huge.err, "memory 1000 GB is out of range for 1 OCPU"));
  auto boot = sim.cli({"launch", "small-disk", "--boot-volume-gb", "10"});
  CHECK(boot.exit_code == 2);
  CHECK(has(boot.err, "10"));
  auto ttl = sim.cli({"launch", "bad-ttl", "--ttl", "8x"});
  CHECK(ttl.exit_code == 2);
  CHECK(has(ttl.err, "invalid duration '8x'"));
  auto tier = sim.cli({"launch", "bad-tier", "--tier", "gold"});
  CHECK(tier.exit_code == 2);
  CHECK(sim.requests().empty());
}

TEST_CASE("launch: no image for the requested OS is an error naming it, with no launch")
{
  SimFixture sim(freed_scenario());
  auto r = sim.cli({"launch", "ol-box", "--image-os", "Oracle Linux"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "no AVAILABLE image of Oracle Linux 24.04 for VM.Standard.A1.Flex"));
  CHECK(sim.requests_matching("POST", "/instances").empty());
  CHECK(sim.live_named("ol-box").empty());
}

TEST_CASE("launch: discovery skips availability domains without the shape")
{
  SECTION("AD-3 lacks A1.Flex: the launch lands in AD-1 or AD-2")
  {
    SimFixture sim(freed_scenario());
    REQUIRE(sim.cli({"launch", "ad-probe"}).exit_code == 0);
    const auto ad = only_live(sim, "ad-probe")["availabilityDomain"].get<std::string>();
    CHECK(ad != "FeVO:EU-FRANKFURT-1-AD-3");
    CHECK((ad == "FeVO:EU-FRANKFURT-1-AD-1" || ad == "FeVO:EU-FRANKFURT-1-AD-2"));
  }
  SECTION("AD-1 lacks A1.Flex: the launch lands in AD-2")
  {
    auto scenario = freed_scenario();
    scenario["availabilityDomains"][0]["shapes"] = std::vector<std::string>{"VM.Standard.E2.1.Micro"};
    for (auto instance : scenario["instances"]) {
      instance["availabilityDomain"] = "FeVO:EU-FRANKFURT-1-AD-2";
    }
    SimFixture sim(scenario);
    auto r = sim.cli({"launch", "ad-probe"});
    REQUIRE(r.exit_code == 0);
    CHECK(only_live(sim, "ad-probe")["availabilityDomain"] == "FeVO:EU-FRANKFURT-1-AD-2");
    for (const auto& post : sim.requests_matching("POST", "/instances")) {
      CHECK(post["status"] == 200);
    }
  }
}

TEST_CASE("launch: --dry-run prints the request and sends no POST")
{
  SimFixture sim(freed_scenario());
  auto r = sim.cli({"launch", "lab-manager", "--dry-run"}, k_plan_env);
  REQUIRE(r.exit_code == 0);
  CHECK(
    has(r.out, "dry run: nothing was launched. The request would be:\nPOST " + sim.url() + "/20160918/instances\n"));
  CHECK(has(r.out, "\"displayName\": \"lab-manager-server\""));
  CHECK(has(r.out, "\"availabilityDomain\": \"FeVO:EU-FRANKFURT-1-AD-1\""));
  CHECK(sim.requests_matching("POST", "/instances").empty());
  CHECK(sim.live_named("lab-manager-server").empty());

  auto json = sim.cli({"launch", "lab-manager", "--dry-run", "-o", "json"}, k_plan_env);
  REQUIRE(json.exit_code == 0);
  const auto doc = nlohmann::json::parse(json.out);
  CHECK(doc["data"]["dryRun"] == true);
  CHECK(doc["data"]["method"] == "POST");
  CHECK(doc["data"]["body"]["shapeConfig"] == nlohmann::json({{"ocpus", 2}, {"memoryInGBs", 8}}));
  CHECK(doc["data"]["body"]["freeformTags"]["ocivanilla-tier"] == "dedicated");
  CHECK(sim.requests_matching("POST", "/instances").empty());
}

TEST_CASE("launch: --user-data-file goes base64 into metadata.user_data, the SSH key into ssh_authorized_keys")
{
  SimFixture sim(freed_scenario());
  const std::string user_data = "#cloud-config\nruncmd:\n  - [sh, -c, \"echo 'hi there' > /tmp/x\"]\n";
  const auto file = write_file(sim, "cloud-init.yaml", user_data);
  auto r = sim.cli({"launch", "with-user-data", "--user-data-file", file});
  REQUIRE(r.exit_code == 0);
  const auto instance = only_live(sim, "with-user-data");
  CHECK(instance["metadata"]["user_data"] == base64(user_data));
  CHECK(instance["metadata"]["ssh_authorized_keys"] ==
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIntegrationTestKeyOnly0000000000000000 test@ocivanilla");

  auto missing = sim.cli({"launch", "no-user-data", "--user-data-file", "/nonexistent/cloud-init"});
  CHECK(missing.exit_code != 0);
  CHECK(has(missing.err, "/nonexistent/cloud-init"));
  CHECK(sim.live_named("no-user-data").empty());
}

TEST_CASE("launch: --ttl sets ocivanilla-expires-at to now + TTL, --tag adds freeform tags")
{
  SimFixture sim(freed_scenario());
  const auto before = std::chrono::system_clock::now();
  auto r = sim.cli({"launch", "short-lived", "--ttl", "1h30m", "--tag", "owner=lab", "--tag", "ticket=OPS-7"});
  const auto after = std::chrono::system_clock::now();
  REQUIRE(r.exit_code == 0);
  const auto tags = only_live(sim, "short-lived")["freeformTags"];
  CHECK(tags["owner"] == "lab");
  CHECK(tags["ticket"] == "OPS-7");
  CHECK(tags["ocivanilla-tier"] == "on-demand");
  ocivanilla::core::TimePoint expires;
  REQUIRE(ocivanilla::core::parse_rfc3339(tags["ocivanilla-expires-at"].get<std::string>(), expires));
  const auto ttl = std::chrono::minutes(90);
  CHECK(expires >= before + ttl - std::chrono::seconds(1));
  CHECK(expires <= after + ttl + std::chrono::seconds(1));
}

TEST_CASE("launch: --namespace and --tag repeat, one value each, --tier and --namespace override")
{
  SimFixture sim(freed_scenario());
  auto r = sim.cli({"launch", "--namespace", "mariana", "--tag", "owner=lab", "--namespace", "karri", "multi-ns",
                    "--tier", "shared-dev"});
  REQUIRE(r.exit_code == 0);
  const auto tags = only_live(sim, "multi-ns")["freeformTags"];
  CHECK(tags == nlohmann::json({{"ocivanilla-namespaces", "mariana,karri"},
                                {"ocivanilla-tier", "shared-dev"},
                                {"ocivanilla-managed", "true"},
                                {"owner", "lab"}}));
}

TEST_CASE("launch: a reserved tag with a bad value is a usage error (exit 2) before any call")
{
  SimFixture sim(freed_scenario());
  auto r = sim.cli({"launch", "bogus-tier", "--tag", "ocivanilla-tier=bogus"});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "ocivanilla-tier"));
  CHECK(has(r.err, "bogus"));
  auto malformed = sim.cli({"launch", "no-equals", "--tag", "justakey"});
  CHECK(malformed.exit_code == 2);
  CHECK(sim.requests().empty());
}

TEST_CASE("launch: a burst of 429s and 503s on LaunchInstance ends with exactly one instance")
{
  SimFixture sim(freed_scenario());
  sim.add_fault(
    {{"type", "throttle"}, {"count", 2}, {"retryAfterSeconds", 1}, {"method", "POST"}, {"path", "/instances"}});
  sim.add_fault({{"type", "unavailable"}, {"count", 2}, {"method", "POST"}, {"path", "/instances"}});
  auto r = sim.cli({"launch", "resilient", "-o", "json"});
  REQUIRE(r.exit_code == 0);
  const auto instance = only_live(sim, "resilient");
  CHECK(nlohmann::json::parse(r.out)["data"]["id"] == instance["id"]);
  const auto posts = sim.requests_matching("POST", "/instances");
  REQUIRE(posts.size() == 5);
  CHECK(posts[0]["status"] == 429);
  CHECK(posts[1]["status"] == 429);
  CHECK(posts[2]["status"] == 503);
  CHECK(posts[3]["status"] == 503);
  CHECK(posts[4]["status"] == 200);
  std::set<std::string> tokens;
  for (const auto& post : posts) {
    REQUIRE(post["opcRetryToken"].is_string());
    tokens.insert(post["opcRetryToken"].get<std::string>());
  }
  CHECK(tokens.size() == 1);
}

TEST_CASE("launch: a connection dropped after the launch was processed is retried with the same token")
{
  SimFixture sim(freed_scenario());
  sim.add_fault({{"type", "drop_connection"}, {"count", 1}});
  auto r = sim.cli({"launch", "dropped-once"});
  REQUIRE(r.exit_code == 0);
  const auto instance = only_live(sim, "dropped-once");
  CHECK(has(r.out, instance["id"].get<std::string>()));
  const auto posts = sim.requests_matching("POST", "/instances");
  REQUIRE(posts.size() == 2);
  CHECK(posts[0]["fault"] == "drop_connection");
  REQUIRE(posts[0]["opcRetryToken"].is_string());
  CHECK(posts[1]["opcRetryToken"] == posts[0]["opcRetryToken"]);
  CHECK(posts[1]["status"] == 200);
  int launched = 0;
  for (const auto& i : sim.instances()) {
    launched += i["displayName"] == "dropped-once" ? 1 : 0;
  }
  CHECK(launched == 1);
}

TEST_CASE("launch: --wait past --wait-timeout exits 8 naming the last state")
{
  auto scenario = freed_scenario();
  scenario["timing"]["provisioningSeconds"] = 30;
  SimFixture sim(scenario);
  auto r = sim.cli({"launch", "slow-box", "--wait", "--wait-timeout", "2s"});
  CHECK(r.exit_code == 8);
  CHECK(has(r.err, "PROVISIONING"));
  CHECK(has(r.err, "slow-box"));
  CHECK(only_live(sim, "slow-box")["lifecycleState"] == "PROVISIONING");
  CHECK(sim.requests_matching("POST", "/instances").size() == 1);
}

TEST_CASE("launch: an on-demand launch beyond the plan's max_instances is refused (exit 6)")
{
  SimFixture sim(freed_scenario());
  REQUIRE(sim.cli({"launch", "od-1"}, k_plan_env).exit_code == 0);
  REQUIRE(sim.cli({"launch", "od-2"}, k_plan_env).exit_code == 0);
  sim.clear_requests();
  auto third = sim.cli({"launch", "od-3", "--ocpus", "1", "--memory", "1"}, k_plan_env);
  CHECK(third.exit_code == 6);
  CHECK(has(third.err, "on-demand limit reached: 2 on-demand instances running, the plan allows 2"));
  CHECK(sim.requests_matching("POST", "/instances").empty());
}
