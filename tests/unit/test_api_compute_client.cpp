#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/identity_client.hpp"

#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ocivanilla;

namespace {

constexpr const char* k_base = "https://iaas.eu-frankfurt-1.oraclecloud.com";
constexpr const char* k_compartment = "ocid1.compartment.oc1..c";

std::string example(const std::string& name)
{
  return testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

nlohmann::json instance_json(const std::string& id, const std::string& name)
{
  return {{"id", id}, {"displayName", name}, {"lifecycleState", "RUNNING"}};
}

std::string page_of(std::initializer_list<std::string> ids)
{
  auto page = nlohmann::json::array();
  for (const auto& id : ids) {
    page.push_back(instance_json(id, "vm-" + id));
  }
  return page.dump();
}

} // namespace

TEST_CASE("list_instances follows opc-next-page across 3 pages")
{
  testing::FakeTransport transport;
  transport.reply(200, page_of({"a", "b"}), {{"opc-next-page", "p2+/="}})
    .reply(200, page_of({"c"}), {{"Opc-Next-Page", "p3"}})
    .reply(200, page_of({"d"}));
  api::ComputeClient compute(transport, k_base);

  auto all = compute.list_instances(k_compartment);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 4);
  CHECK((*all)[0].id == "a");
  CHECK((*all)[3].id == "d");

  const auto& requests = transport.requests();
  REQUIRE(requests.size() == 3);
  const std::string first =
    "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances?compartmentId=ocid1.compartment.oc1..c&limit=100";
  CHECK(requests[0].url == first);
  CHECK(requests[1].url == first + "&page=p2%2B%2F%3D");
  CHECK(requests[2].url == first + "&page=p3");
  for (const auto& request : requests) {
    CHECK(request.method == "GET");
    CHECK(request.body.empty());
    CHECK(oci::find_header(request.headers, "Content-Type").empty());
  }
}

TEST_CASE("for_each_instance_page streams pages and stops on the handler's error")
{
  testing::FakeTransport transport;
  transport.reply(200, page_of({"a", "b"}), {{"opc-next-page", "p2"}})
    .reply(200, page_of({"c"}), {{"opc-next-page", "p3"}})
    .reply(200, page_of({"d"}));
  api::ComputeClient compute(transport, k_base);

  std::vector<std::size_t> sizes;
  const auto status = compute.for_each_instance_page(
    k_compartment, {}, [&](std::vector<api::Instance>& page) -> core::Status {
      sizes.push_back(page.size());
      if (sizes.size() == 2) {
        return core::make_error(core::ErrorKind::interrupted, "stop here");
      }
      return core::Ok{};
    });
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().message == "stop here");
  CHECK(sizes == std::vector<std::size_t>{2, 1});
  CHECK(transport.requests().size() == 2);
  CHECK(transport.remaining() == 1);
}

TEST_CASE("list filters are encoded in a fixed order")
{
  testing::FakeTransport transport;
  transport.reply(200, "[]");
  api::ComputeClient compute(transport, std::string(k_base) + "/");
  api::InstanceFilters filters;
  filters.availability_domain = "FeVO:EU-FRANKFURT-1-AD-1";
  filters.display_name = "my server";
  filters.lifecycle_state = "RUNNING";
  REQUIRE(compute.list_instances(k_compartment, filters).ok());
  CHECK(transport.requests().at(0).url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances?compartmentId=ocid1.compartment.oc1..c"
        "&availabilityDomain=FeVO%3AEU-FRANKFURT-1-AD-1&displayName=my%20server&lifecycleState=RUNNING&limit=100");
}

TEST_CASE("a page token that repeats is an error, not an endless loop")
{
  testing::FakeTransport transport;
  transport.reply(200, "[]", {{"opc-next-page", "same"}}).reply(200, "[]", {{"opc-next-page", "same"}});
  api::ComputeClient compute(transport, k_base);
  auto all = compute.list_instances(k_compartment);
  REQUIRE_FALSE(all.ok());
  CHECK(all.error().kind == core::ErrorKind::api);
  CHECK(all.error().message == "ListInstances: page 2 returned its own token as opc-next-page");
  CHECK(transport.requests().size() == 2);
}

TEST_CASE("get_instance returns the instance with its etag")
{
  testing::FakeTransport transport;
  transport.reply(200, example("instance.json"), {{"ETag", "etag-1"}, {"opc-request-id", "rid"}});
  api::ComputeClient compute(transport, k_base);
  auto reply = compute.get_instance("ocid1.instance.oc1..x");
  REQUIRE(reply.ok());
  CHECK(reply->etag == "etag-1");
  CHECK(reply->opc_request_id == "rid");
  CHECK(reply->instance.display_name == "ocivanilla-a1-1");
  CHECK(transport.requests().at(0).url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..x");
}

TEST_CASE("error answers and malformed bodies become errors")
{
  testing::FakeTransport transport;
  transport.reply(404, example("error-not-authorized-or-not-found.json"), {{"opc-request-id", "rid-404"}})
    .reply(200, "{\"id\": ")
    .reply(200, "[1]")
    .fail(core::ErrorKind::network, "connection refused");
  api::ComputeClient compute(transport, k_base);

  auto missing = compute.get_instance("ocid1.instance.oc1..gone");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == core::ErrorKind::not_found);
  CHECK(missing.error().opc_request_id == "rid-404");

  auto truncated = compute.get_instance("ocid1.instance.oc1..x");
  REQUIRE_FALSE(truncated.ok());
  CHECK(truncated.error().kind == core::ErrorKind::api);
  CHECK_THAT(truncated.error().message, Catch::StartsWith("GetInstance response:1: invalid JSON: "));

  auto wrong = compute.list_subnets(k_compartment);
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().message == "ListSubnets response: field '[0]': expected a JSON object, got number");

  auto offline = compute.get_vnic("ocid1.vnic.oc1..v");
  REQUIRE_FALSE(offline.ok());
  CHECK(offline.error().kind == core::ErrorKind::network);
}

TEST_CASE("launch_instance POSTs compact JSON with the retry token")
{
  testing::FakeTransport transport;
  transport.reply(200, example("launch-instance-response.json"), {{"etag", "e1"}, {"opc-work-request-id", "ocid1.wr"}});
  api::ComputeClient compute(transport, k_base);
  const auto details = nlohmann::json::parse(example("launch-instance-request.json"));

  auto reply = compute.launch_instance(details, "TOKEN123");
  REQUIRE(reply.ok());
  CHECK(reply->instance.lifecycle_state == "PROVISIONING");
  CHECK(reply->work_request_id == "ocid1.wr");

  const auto& request = transport.requests().at(0);
  CHECK(request.method == "POST");
  CHECK(request.url == "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances");
  CHECK(oci::find_header(request.headers, "content-type") == "application/json");
  CHECK(oci::find_header(request.headers, "opc-retry-token") == "TOKEN123");
  CHECK(request.body == details.dump());
  CHECK(request.body.find('\n') == std::string::npos);
  CHECK(nlohmann::json::parse(request.body) == details);
}

TEST_CASE("update_instance PUTs with if-match")
{
  testing::FakeTransport transport;
  transport.reply(200, example("instance.json"), {{"etag", "e2"}});
  api::ComputeClient compute(transport, k_base);
  const auto body = nlohmann::json::parse(example("update-instance-freeform-tags-request.json"));
  auto reply = compute.update_instance("ocid1.instance.oc1..x", body, "e1");
  REQUIRE(reply.ok());
  CHECK(reply->etag == "e2");
  const auto& request = transport.requests().at(0);
  CHECK(request.method == "PUT");
  CHECK(request.url == "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..x");
  CHECK(oci::find_header(request.headers, "if-match") == "e1");
  CHECK(oci::find_header(request.headers, "Content-Type") == "application/json");
  CHECK(nlohmann::json::parse(request.body) == body);
}

TEST_CASE("terminate_instance and instance_action build the documented requests")
{
  testing::FakeTransport transport;
  transport.reply(204, "").reply(204, "").reply(200, example("instance.json"));
  api::ComputeClient compute(transport, k_base);
  REQUIRE(compute.terminate_instance("ocid1.instance.oc1..x", false).ok());
  REQUIRE(compute.terminate_instance("ocid1.instance.oc1..x", true).ok());
  REQUIRE(compute.instance_action("ocid1.instance.oc1..x", api::InstanceAction::softstop).ok());

  const auto& requests = transport.requests();
  const std::string base = "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..x";
  CHECK(requests[0].method == "DELETE");
  CHECK(requests[0].url == base + "?preserveBootVolume=false");
  CHECK(requests[1].url == base + "?preserveBootVolume=true");
  CHECK(requests[2].method == "POST");
  CHECK(requests[2].url == base + "?action=SOFTSTOP");
  CHECK(requests[2].body.empty());
  CHECK(oci::find_header(requests[2].headers, "Content-Type") == "application/json");
}

TEST_CASE("list_images asks for newest first and returns newest first")
{
  auto page = nlohmann::json::parse(example("list-images-ubuntu-aarch64-page.json"));
  std::swap(page[0], page[1]); // the API groups by variant; the client re-sorts
  testing::FakeTransport transport;
  transport.reply(200, page.dump());
  api::ComputeClient compute(transport, k_base);
  api::ImageFilters filters{"Canonical Ubuntu", "24.04", "VM.Standard.A1.Flex"};
  auto images = compute.list_images("ocid1.tenancy.oc1..t", filters);
  REQUIRE(images.ok());
  REQUIRE(images->size() == 2);
  CHECK((*images)[0].display_name == "Canonical-Ubuntu-24.04-aarch64-2026.10.30-0");
  CHECK(transport.requests().at(0).url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/images?compartmentId=ocid1.tenancy.oc1..t"
        "&operatingSystem=Canonical%20Ubuntu&operatingSystemVersion=24.04&shape=VM.Standard.A1.Flex"
        "&sortBy=TIMECREATED&sortOrder=DESC&limit=100");
}

TEST_CASE("shapes, subnets, VNIC attachments and VNICs")
{
  testing::FakeTransport transport;
  transport.reply(200, "[" + example("list-shapes-a1-flex-element.json") + "]")
    .reply(200, example("list-subnets.json"))
    .reply(200, example("list-vnic-attachments.json"))
    .reply(200, example("vnic.json"));
  api::ComputeClient compute(transport, k_base);

  auto shapes = compute.list_shapes(k_compartment, "FeVO:EU-FRANKFURT-1-AD-1");
  REQUIRE(shapes.ok());
  CHECK(shapes->at(0).shape == "VM.Standard.A1.Flex");
  auto subnets = compute.list_subnets(k_compartment);
  REQUIRE(subnets.ok());
  CHECK(subnets->size() == 1);
  auto attachments = compute.list_vnic_attachments(k_compartment, "ocid1.instance.oc1..x");
  REQUIRE(attachments.ok());
  auto vnic = compute.get_vnic(attachments->at(0).vnic_id);
  REQUIRE(vnic.ok());
  CHECK(vnic->public_ip == "192.0.2.41");

  const auto& r = transport.requests();
  const std::string base = "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918";
  CHECK(r[0].url == base + "/shapes?compartmentId=ocid1.compartment.oc1..c"
                           "&availabilityDomain=FeVO%3AEU-FRANKFURT-1-AD-1&limit=100");
  CHECK(r[1].url == base + "/subnets?compartmentId=ocid1.compartment.oc1..c&limit=100");
  CHECK(r[2].url == base + "/vnicAttachments?compartmentId=ocid1.compartment.oc1..c"
                           "&instanceId=ocid1.instance.oc1..x&limit=100");
  CHECK(r[3].url ==
        base + "/vnics/ocid1.vnic.oc1.eu-frankfurt-1.abtheljexamplevnicgggggggggggggggggggggggggggggggggggggggg");
}

TEST_CASE("IdentityClient lists availability domains of the tenancy")
{
  testing::FakeTransport transport;
  transport.reply(200, example("list-availability-domains.json"));
  api::IdentityClient identity(transport, "https://identity.eu-frankfurt-1.oci.oraclecloud.com");
  CHECK(identity.endpoint() == "https://identity.eu-frankfurt-1.oci.oraclecloud.com/20160918");
  auto ads = identity.list_availability_domains("ocid1.tenancy.oc1..t");
  REQUIRE(ads.ok());
  REQUIRE(ads->size() == 3);
  CHECK(ads->at(0).name == "FeVO:EU-FRANKFURT-1-AD-1");
  CHECK(transport.requests().at(0).url ==
        "https://identity.eu-frankfurt-1.oci.oraclecloud.com/20160918/availabilityDomains"
        "?compartmentId=ocid1.tenancy.oc1..t");
}
