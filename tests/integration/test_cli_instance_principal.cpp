// --auth instance_principal / OCI_CLI_AUTH=instance_principal against the simulator's metadata
// service and x509 federation endpoint (docs/simulator.md section 9): no config file, no key file.
#include "support/sim_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <set>

using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;

namespace {

YAML::Node ip_scenario(double timing_seconds, long long token_lifetime_seconds, const std::string& metadata_region = "")
{
  YAML::Node scenario = seed_scenario(timing_seconds);
  scenario["instancePrincipal"]["tokenLifetimeSeconds"] = token_lifetime_seconds;
  if (!metadata_region.empty()) {
    scenario["instancePrincipal"]["metadataRegion"] = metadata_region;
  }
  return scenario;
}

// The environment of a cron job on an instance: HOME empty, no config file, instance principal.
std::map<std::string, std::string> ip_env(const SimFixture& sim)
{
  const auto home = sim.dir().path() / "empty-home";
  std::filesystem::create_directories(home);
  return {{"OCI_CLI_CONFIG_FILE", ""},
          {"HOME", home.string()},
          {"OCI_CLI_AUTH", "instance_principal"},
          {"OCI_METADATA_BASE_URL", sim.url() + "/opc/v2"}};
}

std::vector<std::string> with_federation(const SimFixture& sim, std::vector<std::string> args)
{
  args.insert(args.begin(), {"--federation-endpoint", sim.url()});
  return args;
}

const std::vector<std::string> k_launch_micro = {"launch", "ipx",      "--shape", "VM.Standard.E2.1.Micro", "--ocpus",
                                                 "1",      "--memory", "1",       "--no-ssh-key",           "--wait"};

// API requests (under /20160918) in arrival order.
std::vector<nlohmann::json> api_requests(const SimFixture& sim)
{
  std::vector<nlohmann::json> out;
  for (const auto& r : sim.requests()) {
    if (r["path"].get<std::string>().rfind("/20160918/", 0) == 0) {
      out.push_back(r);
    }
  }
  return out;
}

std::set<std::string> session_key_ids(const SimFixture& sim)
{
  std::set<std::string> out;
  for (const auto& r : api_requests(sim)) {
    if (r["keyId"].is_string()) {
      out.insert(r["keyId"].get<std::string>());
    }
  }
  return out;
}

} // namespace

TEST_CASE("instance principal: list and launch --wait succeed with no config file and no key file")
{
  SimFixture sim(ip_scenario(0, 3600, "fra"));
  const auto env = ip_env(sim);
  REQUIRE_FALSE(std::filesystem::exists(env.at("HOME") + "/.oci"));

  auto listed = sim.cli(with_federation(sim, {"list"}), env);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.find("tamara-deployment-server") != std::string::npos);
  CHECK(listed.err.empty());

  // The metadata service gave the region (short code) and the certificates; one federation call.
  CHECK(sim.requests_matching("GET", "/opc/v2/instance/region").size() == 1);
  CHECK(sim.requests_matching("GET", "/opc/v2/identity/cert.pem").size() == 1);
  CHECK(sim.requests_matching("GET", "/opc/v2/identity/key.pem").size() == 1);
  CHECK(sim.requests_matching("GET", "/opc/v2/identity/intermediate.pem").size() == 1);
  const auto federation = sim.requests_matching("POST", "/v1/x509");
  REQUIRE(federation.size() == 1);
  CHECK(federation[0]["status"] == 200);
  const std::string fed_key_id = federation[0]["keyId"];
  const std::string prefix = sim.tenancy() + "/fed-x509-sha256/";
  REQUIRE(fed_key_id.rfind(prefix, 0) == 0);
  CHECK(fed_key_id.size() == prefix.size() + 95); // 32 bytes as "xx:" hex
  const auto api = api_requests(sim);
  REQUIRE(api.size() == 1);
  CHECK(api[0]["status"] == 200);
  CHECK(api[0]["keyId"].get<std::string>().rfind("ST$", 0) == 0);
  CHECK(api[0]["query"].get<std::string>().find("compartmentId=" + sim.tenancy()) != std::string::npos);

  sim.clear_requests();
  auto launched = sim.cli(with_federation(sim, k_launch_micro), env);
  REQUIRE(launched.exit_code == 0);
  CHECK(launched.out.find("public IP: ") != std::string::npos);
  const auto live = sim.live_named("ipx");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["lifecycleState"] == "RUNNING");
  CHECK(live[0]["compartmentId"] == sim.tenancy()); // the tenancy came from the certificate
  // A long-lived token: one federation call for the whole launch, every API call under it.
  CHECK(sim.requests_matching("POST", "/v1/x509").size() == 1);
  CHECK(session_key_ids(sim).size() == 1);
}

TEST_CASE("instance principal: a token about to expire is replaced before the next call")
{
  // A 3 s token is inside the 60 s refresh margin at once: every call gets a fresh one, and a
  // launch that waits 4 s of provisioning still succeeds.
  SimFixture sim(ip_scenario(4, 3));
  auto launched = sim.cli(with_federation(sim, k_launch_micro), ip_env(sim));
  REQUIRE(launched.exit_code == 0);
  CHECK(sim.live_named("ipx").size() == 1);
  const auto federation = sim.requests_matching("POST", "/v1/x509");
  CHECK(federation.size() >= 2);
  CHECK(session_key_ids(sim).size() >= 2);
  for (const auto& r : api_requests(sim)) {
    CHECK(r["status"] == 200);
  }
}

TEST_CASE("instance principal: an expired token is refreshed after the 401 and the call retried")
{
  // The simulator's clock runs 200 s ahead (within the 5 min skew): a 3 s token is expired for
  // the simulator 3 s after issue while the client still trusts its exp. Provisioning takes 6 s,
  // so --wait polls with an expired token, gets 401, federates again and the retry succeeds.
  SimFixture sim(ip_scenario(6, 3));
  sim.set_clock_offset(200);
  auto launched = sim.cli(with_federation(sim, k_launch_micro), ip_env(sim));
  REQUIRE(launched.exit_code == 0);
  CHECK(sim.live_named("ipx").size() == 1);

  const auto all = sim.requests();
  std::size_t expired = 0;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all[i]["status"] != 401) {
      continue;
    }
    ++expired;
    CHECK(all[i]["authError"] == "security token expired");
    // Next: the certificates are read again, a new token, then the same call succeeds.
    REQUIRE(i + 5 < all.size());
    CHECK(all[i + 4]["path"] == "/v1/x509");
    CHECK(all[i + 4]["status"] == 200);
    CHECK(all[i + 5]["path"] == all[i]["path"]);
    CHECK(all[i + 5]["method"] == all[i]["method"]);
    CHECK(all[i + 5]["status"] == 200);
    CHECK(all[i + 5]["keyId"] != all[i]["keyId"]);
  }
  CHECK(expired >= 1);
}

TEST_CASE("instance principal: a bad metadata region is a config error, --region skips it")
{
  SimFixture sim(ip_scenario(0, 3600, "xx-nowhere-1"));
  const auto env = ip_env(sim);
  auto bad = sim.cli(with_federation(sim, {"list"}), env);
  CHECK(bad.exit_code == 3);
  CHECK(bad.err.find("unknown region 'xx-nowhere-1'") != std::string::npos);
  CHECK(sim.requests_matching("POST", "/v1/x509").empty());

  sim.clear_requests();
  auto good = sim.cli(with_federation(sim, {"--region", "eu-frankfurt-1", "list"}), env);
  CHECK(good.exit_code == 0);
  CHECK(sim.requests_matching("GET", "/opc/v2/instance/region").empty());
  CHECK(sim.requests_matching("POST", "/v1/x509").size() == 1);
}

TEST_CASE("instance principal: the federation endpoint defaults to the --endpoint override")
{
  SimFixture sim(ip_scenario(0, 3600));
  auto listed = sim.cli({"--auth", "instance_principal", "list"}, ip_env(sim));
  REQUIRE(listed.exit_code == 0);
  CHECK(sim.requests_matching("POST", "/v1/x509").size() == 1);
}

TEST_CASE("instance principal: without a metadata service the command fails with the metadata URL")
{
  SimFixture sim; // the seed scenario serves no instance principal: /opc/v2 answers 401
  auto failed = sim.cli(with_federation(sim, {"list"}), ip_env(sim));
  CHECK(failed.exit_code == 4);
  CHECK(failed.err.find("instance metadata " + sim.url() + "/opc/v2/instance/region: HTTP 401") != std::string::npos);
  CHECK(sim.requests_matching("GET", "/20160918/").empty());
}

TEST_CASE("OCI_CLI_AUTH must name a known auth type")
{
  SimFixture sim;
  auto failed = sim.cli({"list"}, {{"OCI_CLI_AUTH", "password"}});
  CHECK(failed.exit_code == 2);
  CHECK(failed.err.find("OCI_CLI_AUTH must be api_key, security_token or instance_principal, got 'password'") !=
        std::string::npos);
}

TEST_CASE("security_token auth needs a security_token_file in the profile")
{
  SimFixture sim;
  auto failed = sim.cli({"--auth", "security_token", "list"});
  CHECK(failed.exit_code == 3);
  CHECK(failed.err.find("--auth security_token needs security_token_file in profile DEFAULT of " +
                        (sim.home() / ".oci/config").string()) != std::string::npos);
  CHECK(sim.requests().empty());

  auto api_key = sim.cli({"--auth", "api_key", "list"});
  CHECK(api_key.exit_code == 0);
}

TEST_CASE("instance principal: doctor checks the metadata service and federation instead of a config file")
{
  SimFixture sim(ip_scenario(0, 3600));
  auto good = sim.cli(with_federation(sim, {"doctor"}), ip_env(sim));
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("pass  instance principal: certificate for tenancy " + sim.tenancy()) != std::string::npos);
  CHECK(good.out.find("pass  identity: 3 availability domain(s) listed") != std::string::npos);
  CHECK(good.out.find("  config: ") == std::string::npos); // no config-file check at all

  auto env = ip_env(sim);
  env["OCI_METADATA_BASE_URL"] = "http://127.0.0.1:1/opc/v2";
  auto bad = sim.cli(with_federation(sim, {"doctor"}), env);
  CHECK(bad.exit_code == 3);
  CHECK(bad.out.find("fail  instance principal: ") != std::string::npos);
  CHECK(bad.out.find("http://127.0.0.1:1/opc/v2") != std::string::npos);
}
