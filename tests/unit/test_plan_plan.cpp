#include "ocivanilla/plan/plan.hpp"
#include "ocivanilla/plan/tags.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;
using Strings = std::vector<std::string>;

namespace {

plan::Plan two_servers()
{
  plan::Plan p = plan::builtin_plan();
  p.defaults.subnet = "ocid1.subnet.oc1..s";
  p.defaults.image = plan::ImageSpec{"Canonical Ubuntu", "22.04"};
  p.servers.push_back(
    {"lab-manager", "lab-manager-server", plan::Tier::dedicated, {"lab-manager"}, "VM.Standard.A1.Flex", 2, 8, 60});
  p.servers.push_back({"dev-shared",
                       "dev-shared-server",
                       plan::Tier::shared_dev,
                       {"mariana", "annabelle", "karri"},
                       "VM.Standard.A1.Flex",
                       1,
                       6,
                       50});
  return p;
}

} // namespace

TEST_CASE("tiers convert to and from their tag values")
{
  CHECK(plan::to_string(plan::Tier::dedicated) == "dedicated");
  CHECK(plan::to_string(plan::Tier::shared_dev) == "shared-dev");
  CHECK(plan::to_string(plan::Tier::on_demand) == "on-demand");
  CHECK(plan::parse_tier("shared-dev") == plan::Tier::shared_dev);
  CHECK(plan::parse_tier("on-demand") == plan::Tier::on_demand);
  CHECK_FALSE(plan::parse_tier("Dedicated").has_value());
  CHECK(plan::k_tag_namespaces == "ocivanilla-namespaces");
  CHECK(plan::k_tag_expires_at == "ocivanilla-expires-at");
}

TEST_CASE("the built-in plan has the CLI.md defaults")
{
  plan::Plan p = plan::builtin_plan();
  CHECK(p.source == "built-in");
  CHECK(p.servers.empty());
  CHECK(p.defaults.shape == "VM.Standard.A1.Flex");
  CHECK(p.budget.a1_ocpus == 4);
  CHECK(p.budget.a1_memory_gb == 24);
  plan::LaunchSpec spec = plan::spec_for_name(p, "scratch");
  CHECK(spec.display_name == "scratch");
  CHECK(spec.tier == plan::Tier::on_demand);
  CHECK(spec.shape == "VM.Standard.A1.Flex");
  CHECK(spec.ocpus == 1);
  CHECK(spec.memory_gb == 6);
  CHECK(spec.ttl == std::chrono::hours{8});
}

TEST_CASE("lookups by server key, display name and namespace")
{
  plan::Plan p = two_servers();
  REQUIRE(plan::find_server(p, "dev-shared") != nullptr);
  CHECK(plan::find_server(p, "dev-shared")->display_name == "dev-shared-server");
  CHECK(plan::find_server(p, "dev-shared-server") == nullptr);
  CHECK(plan::find_server_by_display_name(p, "lab-manager-server")->key == "lab-manager");
  CHECK(plan::server_for_namespace(p, "karri")->key == "dev-shared");
  CHECK(plan::server_for_namespace(p, "tamara") == nullptr);
}

TEST_CASE("a server key gives the server's spec with the defaults applied")
{
  plan::LaunchSpec spec = plan::spec_for_name(two_servers(), "lab-manager");
  CHECK(spec.server_key == "lab-manager");
  CHECK(spec.display_name == "lab-manager-server");
  CHECK(spec.tier == plan::Tier::dedicated);
  CHECK(spec.ocpus == 2);
  CHECK(spec.memory_gb == 8);
  CHECK(spec.boot_volume_gb == 60);
  CHECK_FALSE(spec.ttl.has_value());
  CHECK(spec.subnet == "ocid1.subnet.oc1..s");
  REQUIRE(spec.image.has_value());
  CHECK(spec.image->version == "22.04");
}

TEST_CASE("launch tags: namespaces, tier, managed, and an expiry for on-demand")
{
  plan::Plan p = two_servers();
  core::TimePoint now = core::TimePoint{} + std::chrono::seconds{1'796'000'000};
  auto server = plan::launch_tags(plan::spec_for_name(p, "dev-shared"), now);
  CHECK(server == std::map<std::string, std::string>{{"ocivanilla-managed", "true"},
                                                     {"ocivanilla-namespaces", "mariana,annabelle,karri"},
                                                     {"ocivanilla-tier", "shared-dev"}});
  auto temp = plan::launch_tags(plan::spec_for_name(p, "scratch"), now);
  CHECK(temp ==
        std::map<std::string, std::string>{{"ocivanilla-expires-at", core::format_rfc3339(now + std::chrono::hours{8})},
                                           {"ocivanilla-managed", "true"},
                                           {"ocivanilla-tier", "on-demand"}});
}
