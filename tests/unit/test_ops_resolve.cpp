#include "ocivanilla/core/exit_code.hpp"
#include "ocivanilla/ops/resolve.hpp"

#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;

namespace {

constexpr const char* k_base = "https://iaas.eu-frankfurt-1.oraclecloud.com";
constexpr const char* k_compartment = "ocid1.compartment.oc1..c";

nlohmann::json instance_json(const std::string& id, const std::string& name, const std::string& state)
{
  return {{"id", id}, {"displayName", name}, {"lifecycleState", state}};
}

} // namespace

TEST_CASE("an OCID argument is fetched with GetInstance")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_json("ocid1.instance.oc1..a", "web", "RUNNING").dump(), {{"etag", "e"}});
  api::ComputeClient compute(transport, k_base);
  auto instance = ops::resolve_instance(compute, k_compartment, "ocid1.instance.oc1..a");
  REQUIRE(instance.ok());
  CHECK(instance->display_name == "web");
  REQUIRE(transport.requests().size() == 1);
  CHECK(transport.requests()[0].url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..a");
}

TEST_CASE("an unknown OCID is not_found naming it")
{
  testing::FakeTransport transport;
  transport.reply(
    404, R"({"code": "NotAuthorizedOrNotFound", "message": "Authorization failed or requested resource not found."})");
  api::ComputeClient compute(transport, k_base);
  auto instance = ops::resolve_instance(compute, k_compartment, "ocid1.instance.oc1..gone");
  REQUIRE_FALSE(instance.ok());
  CHECK(instance.error().kind == core::ErrorKind::not_found);
  CHECK(
    instance.error().message ==
    "instance ocid1.instance.oc1..gone not found (GET /20160918/instances/ocid1.instance.oc1..gone: NotAuthorizedOrNotFound: Authorization failed or "
    "requested resource not found.)");
}

TEST_CASE("a name matches one non-TERMINATED instance")
{
  auto page = nlohmann::json::array({instance_json("ocid1.instance.oc1..old", "web", "TERMINATED"),
                                     instance_json("ocid1.instance.oc1..new", "web", "STOPPED")});
  testing::FakeTransport transport;
  transport.reply(200, page.dump());
  api::ComputeClient compute(transport, k_base);
  auto instance = ops::resolve_instance(compute, k_compartment, "web");
  REQUIRE(instance.ok());
  CHECK(instance->id == "ocid1.instance.oc1..new");
  CHECK(transport.requests().at(0).url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances?compartmentId=ocid1.compartment.oc1..c"
        "&displayName=web&limit=100");
}

TEST_CASE("no live instance of that name is not_found")
{
  auto page = nlohmann::json::array({instance_json("ocid1.instance.oc1..old", "web", "TERMINATED")});
  testing::FakeTransport transport;
  transport.reply(200, page.dump());
  api::ComputeClient compute(transport, k_base);
  auto instance = ops::resolve_instance(compute, k_compartment, "web");
  REQUIRE_FALSE(instance.ok());
  CHECK(instance.error().kind == core::ErrorKind::not_found);
  CHECK(instance.error().message == "no instance named 'web' (not TERMINATED) in compartment ocid1.compartment.oc1..c");
}

TEST_CASE("a name matching several live instances is ambiguous and lists their OCIDs")
{
  testing::FakeTransport transport;
  transport
    .reply(200, nlohmann::json::array({instance_json("ocid1.instance.oc1..one", "web", "RUNNING")}).dump(),
           {{"opc-next-page", "2"}})
    .reply(200, nlohmann::json::array({instance_json("ocid1.instance.oc1..two", "web", "PROVISIONING")}).dump());
  api::ComputeClient compute(transport, k_base);
  auto instance = ops::resolve_instance(compute, k_compartment, "web");
  REQUIRE_FALSE(instance.ok());
  CHECK(instance.error().kind == core::ErrorKind::ambiguous);
  CHECK(core::exit_code_for(instance.error().kind) == core::ExitCode::not_found);
  CHECK(instance.error().message == "name 'web' matches 2 instances in compartment ocid1.compartment.oc1..c: "
                                    "ocid1.instance.oc1..one, ocid1.instance.oc1..two; use an OCID");
}
