// `ocivanilla tag`: merge with if-match, removal, validation, and two concurrent runs.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <thread>

using ocivanilla::testing::has;
using ocivanilla::testing::ProcessOptions;
using ocivanilla::testing::ProcessResult;
using ocivanilla::testing::run_process;
using ocivanilla::testing::SimFixture;

namespace {

constexpr const char* k_tamara = "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0001";

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

// Runs the binary without Catch2 macros (safe from several threads at once).
ProcessResult run_quietly(const SimFixture& sim, const std::vector<std::string>& args)
{
  ProcessOptions options;
  options.env = sim.base_env();
  options.cwd = sim.dir().path();
  options.timeout = std::chrono::seconds(120);
  std::vector<std::string> argv = {OVL_CLI_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, options);
}

} // namespace

TEST_CASE("tag: KEY=VALUE words merge into the existing tags with an if-match write")
{
  SimFixture sim;
  auto r = sim.cli({"tag", "tamara-deployment-server", "owner=tamara-team", "cost-center=42"});
  REQUIRE(r.exit_code == 0);
  CHECK(tags_of(sim, k_tamara) ==
        nlohmann::json({{"namespace", "tamara"}, {"owner", "tamara-team"}, {"cost-center", "42"}}));
  CHECK(r.out == std::string("tagged tamara-deployment-server ") + k_tamara +
                   "\n  cost-center=42\n  namespace=tamara\n  owner=tamara-team\n");
  const auto puts = sim.requests_matching("PUT", "/instances/");
  REQUIRE(puts.size() == 1);
  CHECK(puts[0]["path"] == std::string("/20160918/instances/") + k_tamara);
  CHECK(puts[0]["ifMatch"].is_string());
  CHECK(puts[0]["status"] == 200);
}

TEST_CASE("tag: --remove drops a key, -o json prints the updated instance")
{
  SimFixture sim;
  auto r = sim.cli({"tag", k_tamara, "tier-note=prod", "--remove", "namespace", "-o", "json"});
  REQUIRE(r.exit_code == 0);
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["data"]["id"] == k_tamara);
  CHECK(doc["data"]["freeformTags"] == nlohmann::json({{"tier-note", "prod"}}));
  CHECK(tags_of(sim, k_tamara) == nlohmann::json({{"tier-note", "prod"}}));
}

TEST_CASE("tag: --remove takes one key, a KEY=VALUE after it is still an assignment")
{
  SimFixture sim;
  auto r = sim.cli({"tag", "tamara-deployment-server", "--remove", "namespace", "owner=x"});
  REQUIRE(r.exit_code == 0);
  CHECK(tags_of(sim, k_tamara) == nlohmann::json({{"owner", "x"}}));
}

TEST_CASE("tag: setting the values it already has changes nothing")
{
  SimFixture sim;
  auto r = sim.cli({"tag", "tamara-deployment-server", "namespace=tamara"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.rfind("unchanged tamara-deployment-server", 0) == 0);
  CHECK(tags_of(sim, k_tamara) == nlohmann::json({{"namespace", "tamara"}}));
}

TEST_CASE("tag: values are validated before any call (ocivanilla-tier=bogus is exit 2)")
{
  SimFixture sim;
  auto bogus = sim.cli({"tag", "tamara-deployment-server", "ocivanilla-tier=bogus"});
  CHECK(bogus.exit_code == 2);
  CHECK(bogus.err ==
        "ocivanilla: error: tag 'ocivanilla-tier': value 'bogus' must be dedicated, shared-dev or on-demand\n");
  auto nothing = sim.cli({"tag", "tamara-deployment-server"});
  CHECK(nothing.exit_code == 2);
  CHECK(nothing.err == "ocivanilla: error: tag: give at least one KEY=VALUE or --remove KEY\n");
  auto no_equals = sim.cli({"tag", "tamara-deployment-server", "owner"});
  CHECK(no_equals.exit_code == 2);
  CHECK(sim.requests().empty());
  auto good_tier = sim.cli({"tag", "tamara-deployment-server", "ocivanilla-tier=dedicated"});
  CHECK(good_tier.exit_code == 0);
  CHECK(tags_of(sim, k_tamara)["ocivanilla-tier"] == "dedicated");
}

TEST_CASE("tag: an unknown or ambiguous name is exit 5 with no write")
{
  SimFixture sim;
  auto unknown = sim.cli({"tag", "nobody-home", "a=b"});
  CHECK(unknown.exit_code == 5);
  CHECK(has(unknown.err, "no instance named 'nobody-home'"));
  auto ambiguous = sim.cli({"tag", "purelabsourcing-ubuntu-arm64", "a=b"});
  CHECK(ambiguous.exit_code == 5);
  CHECK(has(ambiguous.err, "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0003"));
  CHECK(has(ambiguous.err, "ocid1.instance.oc1.eu-frankfurt-1.antheljseedinstance0004"));
  CHECK(sim.requests_matching("PUT", "/instances").empty());
}

TEST_CASE("tag: two concurrent runs with different keys keep both keys")
{
  SimFixture sim;
  // Slow reads widen the read-merge-write window so both runs read the same etag.
  sim.add_fault({{"type", "delay"}, {"milliseconds", 600}, {"method", "GET"}, {"path", "/instances/"}});
  ProcessResult first;
  ProcessResult second;
  std::thread a([&] { first = run_quietly(sim, {"tag", "tamara-deployment-server", "alpha=1"}); });
  std::thread b([&] { second = run_quietly(sim, {"tag", "tamara-deployment-server", "beta=2"}); });
  a.join();
  b.join();
  INFO("first: " << first.err << "\nsecond: " << second.err);
  CHECK(first.exit_code == 0);
  CHECK(second.exit_code == 0);
  CHECK(tags_of(sim, k_tamara) == nlohmann::json({{"namespace", "tamara"}, {"alpha", "1"}, {"beta", "2"}}));
  std::size_t ok = 0;
  for (const auto& put : sim.requests_matching("PUT", "/instances/")) {
    CHECK((put["status"] == 200 || put["status"] == 412));
    ok += put["status"] == 200 ? 1 : 0;
  }
  CHECK(ok == 2);
}
