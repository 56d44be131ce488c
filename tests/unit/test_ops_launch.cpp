#include "ocivanilla/ops/launch.hpp"

#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cctype>
#include <string>

using namespace ocivanilla;

namespace {

constexpr const char* k_iaas = "https://iaas.eu-frankfurt-1.oraclecloud.com";
constexpr const char* k_identity = "https://identity.eu-frankfurt-1.oci.oraclecloud.com";
constexpr const char* k_compartment = "ocid1.compartment.oc1..c";
constexpr const char* k_tenancy = "ocid1.tenancy.oc1..t";
constexpr const char* k_public_subnet =
  "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaexamplesubneteeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee";
constexpr const char* k_newest_aarch64 =
  "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaexampleubuntu2404aarch64cccccccccccccccccccccccccc";

std::string example(const std::string& name)
{
  return testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

nlohmann::json image(const std::string& id, const std::string& name, const std::string& created,
                     const std::string& state = "AVAILABLE")
{
  return {{"id", id},
          {"displayName", name},
          {"timeCreated", created},
          {"lifecycleState", state},
          {"operatingSystem", "Canonical Ubuntu"},
          {"operatingSystemVersion", "24.04"}};
}

nlohmann::json subnet(const std::string& id, bool prohibit_public, const nlohmann::json& ad,
                      const std::string& state = "AVAILABLE")
{
  return {
    {"id", id}, {"prohibitPublicIpOnVnic", prohibit_public}, {"availabilityDomain", ad}, {"lifecycleState", state}};
}

std::string micro_only()
{
  return nlohmann::json::array({{{"shape", "VM.Standard.E2.1.Micro"}, {"isFlexible", false}}}).dump();
}

std::string a1_and_micro()
{
  auto shapes = nlohmann::json::array({nlohmann::json::parse(example("list-shapes-a1-flex-element.json"))});
  shapes.push_back({{"shape", "VM.Standard.E2.1.Micro"}});
  return shapes.dump();
}

// The image page: x86 and Minimal builds are newer than the aarch64 one we want, a newer
// aarch64 build is DISABLED, an older aarch64 build is also AVAILABLE.
std::string image_page()
{
  auto page = nlohmann::json::parse(example("list-images-ubuntu-aarch64-page.json"));
  page.push_back(image("ocid1.image.x86", "Canonical-Ubuntu-24.04-2026.11.20-0", "2026-11-20T10:00:00Z"));
  page.push_back(
    image("ocid1.image.minimal", "Canonical-Ubuntu-24.04-Minimal-aarch64-2026.11.10-0", "2026-11-10T10:00:00Z"));
  page.push_back(
    image("ocid1.image.disabled", "Canonical-Ubuntu-24.04-aarch64-2026.11.15-0", "2026-11-15T10:00:00Z", "DISABLED"));
  return page.dump();
}

std::string subnet_page()
{
  auto page = nlohmann::json::parse(example("list-subnets.json"));
  page.push_back(subnet("ocid1.subnet.private", true, nullptr));
  page.push_back(subnet("ocid1.subnet.ad3", false, "FeVO:EU-FRANKFURT-1-AD-3"));
  page.push_back(subnet("ocid1.subnet.gone", false, nullptr, "TERMINATED"));
  return page.dump();
}

void script_discovery(testing::FakeTransport& transport)
{
  transport.reply(200, example("list-availability-domains.json"))
    .reply(200, micro_only())
    .reply(200, a1_and_micro())
    .reply(200, image_page())
    .reply(200, subnet_page());
}

ops::LaunchSpec a1_spec()
{
  ops::LaunchSpec spec;
  spec.compartment_id = k_compartment;
  spec.tenancy_id = k_tenancy;
  spec.display_name = "lab-manager";
  spec.ocpus = 2;
  spec.memory_gb = 12;
  spec.image_os = "Canonical Ubuntu";
  spec.image_version = "24.04";
  spec.user_data = "#cloud-config\n";
  spec.freeform_tags = {{"ocivanilla-tier", "dedicated"}, {"ocivanilla-managed", "true"}};
  return spec;
}

ops::SshKeyFinder key_found()
{
  return []() -> core::Result<std::optional<std::string>> {
    return std::optional<std::string>("ssh-ed25519 AAAAC3Nz test@host\n");
  };
}

struct Clients {
  testing::FakeTransport transport;
  api::ComputeClient compute{transport, k_iaas};
  api::IdentityClient identity{transport, k_identity};
};

} // namespace

TEST_CASE("launch discovers AD, image and subnet, then POSTs LaunchInstanceDetails")
{
  Clients c;
  script_discovery(c.transport);
  c.transport.reply(200, example("launch-instance-response.json"), {{"etag", "e1"}});

  auto outcome = ops::launch_instance(c.compute, c.identity, a1_spec(), key_found());
  REQUIRE(outcome.ok());
  REQUIRE(outcome->launched.has_value());
  CHECK(outcome->launched->instance.lifecycle_state == "PROVISIONING");
  CHECK(outcome->prepared.availability_domain == "FeVO:EU-FRANKFURT-1-AD-2");
  CHECK(outcome->prepared.image_id == k_newest_aarch64);
  CHECK(outcome->prepared.image_name == "Canonical-Ubuntu-24.04-aarch64-2026.10.30-0");
  CHECK(outcome->prepared.subnet_id == k_public_subnet);

  const auto& r = c.transport.requests();
  REQUIRE(r.size() == 6);
  CHECK(r[0].url == std::string(k_identity) + "/20160918/availabilityDomains?compartmentId=ocid1.tenancy.oc1..t");
  CHECK(r[1].url == std::string(k_iaas) + "/20160918/shapes?compartmentId=ocid1.compartment.oc1..c"
                                          "&availabilityDomain=FeVO%3AEU-FRANKFURT-1-AD-1&limit=100");
  CHECK(r[2].url == std::string(k_iaas) + "/20160918/shapes?compartmentId=ocid1.compartment.oc1..c"
                                          "&availabilityDomain=FeVO%3AEU-FRANKFURT-1-AD-2&limit=100");
  CHECK(r[3].url == std::string(k_iaas) + "/20160918/images?compartmentId=ocid1.tenancy.oc1..t"
                                          "&operatingSystem=Canonical%20Ubuntu&operatingSystemVersion=24.04"
                                          "&shape=VM.Standard.A1.Flex&sortBy=TIMECREATED&sortOrder=DESC&limit=100");
  CHECK(r[4].url == std::string(k_iaas) + "/20160918/subnets?compartmentId=ocid1.compartment.oc1..c&limit=100");
  for (std::size_t i = 0; i < 5; ++i) {
    CHECK(r[i].method == "GET");
  }

  CHECK(r[5].method == "POST");
  CHECK(r[5].url == std::string(k_iaas) + "/20160918/instances");
  CHECK(oci::find_header(r[5].headers, "Content-Type") == "application/json");
  const auto token = std::string(oci::find_header(r[5].headers, "opc-retry-token"));
  CHECK(token == outcome->prepared.retry_token);
  CHECK(token.size() == 32);

  const auto expected = nlohmann::json::parse(R"({
    "availabilityDomain": "FeVO:EU-FRANKFURT-1-AD-2",
    "compartmentId": "ocid1.compartment.oc1..c",
    "displayName": "lab-manager",
    "shape": "VM.Standard.A1.Flex",
    "shapeConfig": {"ocpus": 2, "memoryInGBs": 12},
    "sourceDetails": {"sourceType": "image", "bootVolumeSizeInGBs": 50,
      "imageId": "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaexampleubuntu2404aarch64cccccccccccccccccccccccccc"},
    "createVnicDetails": {"assignPublicIp": true, "displayName": "lab-manager-vnic",
      "subnetId": "ocid1.subnet.oc1.eu-frankfurt-1.aaaaaaaaexamplesubneteeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"},
    "metadata": {"ssh_authorized_keys": "ssh-ed25519 AAAAC3Nz test@host",
                 "user_data": "I2Nsb3VkLWNvbmZpZwo="},
    "freeformTags": {"ocivanilla-tier": "dedicated", "ocivanilla-managed": "true"}
  })");
  CHECK(nlohmann::json::parse(r[5].body) == expected);
  CHECK(r[5].body.find("\"ocpus\":2}") != std::string::npos); // an integer, not 2.0
}

TEST_CASE("dry run discovers but sends nothing that changes state")
{
  Clients c;
  script_discovery(c.transport);
  auto spec = a1_spec();
  spec.dry_run = true;
  spec.retry_token = "fixed-token";
  auto outcome = ops::launch_instance(c.compute, c.identity, spec, key_found());
  REQUIRE(outcome.ok());
  CHECK_FALSE(outcome->launched.has_value());
  CHECK(c.transport.requests().size() == 5);
  for (const auto& request : c.transport.requests()) {
    CHECK(request.method == "GET");
  }
  const auto& prepared = outcome->prepared;
  CHECK(prepared.request.method == "POST");
  CHECK(prepared.path == "/20160918/instances");
  CHECK(prepared.request.url == std::string(k_iaas) + "/20160918/instances");
  CHECK(oci::find_header(prepared.request.headers, "opc-retry-token") == "fixed-token");
  CHECK(nlohmann::json::parse(prepared.request.body) == prepared.details);
  CHECK(prepared.details.at("availabilityDomain") == "FeVO:EU-FRANKFURT-1-AD-2");
}

TEST_CASE("a fully specified launch sends only the POST")
{
  Clients c;
  c.transport.reply(200, example("launch-instance-response.json"));
  auto spec = a1_spec();
  spec.availability_domain = "FeVO:EU-FRANKFURT-1-AD-1";
  spec.image_id = "ocid1.image.given";
  spec.subnet_id = "ocid1.subnet.given";
  spec.no_ssh_key = true;
  spec.user_data.clear();
  spec.freeform_tags.clear();
  auto outcome = ops::launch_instance(c.compute, c.identity, spec, nullptr);
  REQUIRE(outcome.ok());
  REQUIRE(c.transport.requests().size() == 1);
  const auto body = nlohmann::json::parse(c.transport.requests()[0].body);
  CHECK_FALSE(body.contains("metadata"));
  CHECK(body["sourceDetails"]["imageId"] == "ocid1.image.given");
  CHECK(body["createVnicDetails"]["subnetId"] == "ocid1.subnet.given");
  CHECK(body["freeformTags"] == nlohmann::json::object());
  CHECK(outcome->prepared.image_name.empty());
}

TEST_CASE("invalid sizes are rejected before any request")
{
  struct Case {
    double ocpus;
    double memory;
    int boot;
    const char* message;
  };
  const Case cases[] = {
    {0, 6, 50, "ocpus 0 is out of range for VM.Standard.A1.Flex: 1 to 80"},
    {81, 100, 50, "ocpus 81 is out of range for VM.Standard.A1.Flex: 1 to 80"},
    {2, 1.5, 50,
     "memory 1.5 GB is out of range for 2 OCPUs of VM.Standard.A1.Flex (1 to 64 GB per "
     "OCPU, at most 512 GB): 2 to 128"},
    {1, 65, 50,
     "memory 65 GB is out of range for 1 OCPUs of VM.Standard.A1.Flex (1 to 64 GB per "
     "OCPU, at most 512 GB): 1 to 64"},
    {10, 600, 50,
     "memory 600 GB is out of range for 10 OCPUs of VM.Standard.A1.Flex (1 to 64 GB per "
     "OCPU, at most 512 GB): 10 to 512"},
    {1, 6, 49, "boot volume 49 GB is out of range: 50 to 32768 GB"},
    {1, 6, 32769, "boot volume 32769 GB is out of range: 50 to 32768 GB"},
  };
  for (const auto& k : cases) {
    INFO(k.message);
    Clients c;
    auto spec = a1_spec();
    spec.ocpus = k.ocpus;
    spec.memory_gb = k.memory;
    spec.boot_volume_gb = k.boot;
    auto outcome = ops::launch_instance(c.compute, c.identity, spec, key_found());
    REQUIRE_FALSE(outcome.ok());
    CHECK(outcome.error().kind == core::ErrorKind::usage);
    CHECK(outcome.error().message == k.message);
    CHECK(c.transport.requests().empty());
  }
}

TEST_CASE("other local checks fail before any request")
{
  Clients c;
  auto no_image = a1_spec();
  no_image.image_version.clear();
  auto missing = ops::launch_instance(c.compute, c.identity, no_image, key_found());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().message ==
        "no image for 'lab-manager': give an image OCID or an operating system and its version");

  auto bad_tag = a1_spec();
  bad_tag.freeform_tags["ocivanilla-tier"] = "gold";
  auto tagged = ops::launch_instance(c.compute, c.identity, bad_tag, key_found());
  REQUIRE_FALSE(tagged.ok());
  CHECK(tagged.error().message == "tag 'ocivanilla-tier': value 'gold' must be dedicated, shared-dev or on-demand");

  auto micro = a1_spec();
  micro.shape = "VM.Standard.E2.1.Micro";
  auto sized = ops::launch_instance(c.compute, c.identity, micro, key_found());
  REQUIRE_FALSE(sized.ok());
  CHECK(sized.error().message == "VM.Standard.E2.1.Micro has a fixed size of 1 OCPU and 1 GB, got 2 OCPUs / 12 GB");

  auto no_key = ops::launch_instance(
    c.compute, c.identity, a1_spec(),
    []() -> core::Result<std::optional<std::string>> { return std::optional<std::string>{}; });
  REQUIRE_FALSE(no_key.ok());
  CHECK(no_key.error().kind == core::ErrorKind::usage);
  CHECK_THAT(no_key.error().message, Catch::StartsWith("no SSH public key found"));
  CHECK(c.transport.requests().empty());
}

TEST_CASE("a fixed shape sends no shapeConfig")
{
  Clients c;
  c.transport.reply(200, example("launch-instance-response.json"));
  auto spec = a1_spec();
  spec.shape = "VM.Standard.E2.1.Micro";
  spec.ocpus.reset();
  spec.memory_gb.reset();
  spec.availability_domain = "AD";
  spec.image_id = "ocid1.image.x86";
  spec.subnet_id = "ocid1.subnet.s";
  REQUIRE(ops::launch_instance(c.compute, c.identity, spec, key_found()).ok());
  CHECK_FALSE(nlohmann::json::parse(c.transport.requests().at(0).body).contains("shapeConfig"));
}

TEST_CASE("no AD offering the shape is an error listing the ADs checked")
{
  Clients c;
  c.transport.reply(200, example("list-availability-domains.json"))
    .reply(200, micro_only())
    .reply(200, micro_only())
    .reply(200, "[]");
  auto outcome = ops::launch_instance(c.compute, c.identity, a1_spec(), key_found());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().message ==
        "no availability domain offers shape VM.Standard.A1.Flex to compartment ocid1.compartment.oc1..c "
        "(checked FeVO:EU-FRANKFURT-1-AD-1, FeVO:EU-FRANKFURT-1-AD-2, FeVO:EU-FRANKFURT-1-AD-3)");
}

TEST_CASE("no usable image is an error and nothing is launched")
{
  Clients c;
  auto page = nlohmann::json::array(
    {image("ocid1.image.x86", "Canonical-Ubuntu-24.04-2026.11.20-0", "2026-11-20T10:00:00Z")});
  c.transport.reply(200, page.dump());
  auto spec = a1_spec();
  spec.availability_domain = "FeVO:EU-FRANKFURT-1-AD-1";
  auto outcome = ops::launch_instance(c.compute, c.identity, spec, key_found());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().kind == core::ErrorKind::usage);
  CHECK(outcome.error().message ==
        "no AVAILABLE image of Canonical Ubuntu 24.04 for VM.Standard.A1.Flex (aarch64, not Minimal) "
        "among the 1 listed in compartment ocid1.tenancy.oc1..t");
  CHECK(c.transport.requests().size() == 1);
}

TEST_CASE("several public subnets are an error listing them")
{
  Clients c;
  auto subnets = nlohmann::json::array({subnet("ocid1.subnet.a", false, nullptr),
                                        subnet("ocid1.subnet.b", false, "FeVO:EU-FRANKFURT-1-AD-1"),
                                        subnet("ocid1.subnet.c", true, nullptr)});
  c.transport.reply(200, subnets.dump());
  auto spec = a1_spec();
  spec.availability_domain = "FeVO:EU-FRANKFURT-1-AD-1";
  spec.image_id = "ocid1.image.given";
  auto outcome = ops::launch_instance(c.compute, c.identity, spec, key_found());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().kind == core::ErrorKind::usage);
  CHECK(outcome.error().message ==
        "2 public subnets in compartment ocid1.compartment.oc1..c: ocid1.subnet.a, ocid1.subnet.b "
        "[in FeVO:EU-FRANKFURT-1-AD-1]; choose one with a subnet id");
  CHECK(c.transport.requests().size() == 1);
}

TEST_CASE("no public subnet is an error listing what exists")
{
  Clients c;
  c.transport.reply(200, nlohmann::json::array({subnet("ocid1.subnet.c", true, nullptr)}).dump());
  auto spec = a1_spec();
  spec.availability_domain = "AD-1";
  spec.image_id = "ocid1.image.given";
  auto outcome = ops::launch_instance(c.compute, c.identity, spec, key_found());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().message == "no AVAILABLE public subnet for AD-1 in compartment ocid1.compartment.oc1..c "
                                   "(found: ocid1.subnet.c [private]); create one or give a subnet id");
}

TEST_CASE("the launch's API error passes through with its kind")
{
  Clients c;
  c.transport.reply(500, example("error-out-of-host-capacity.json"));
  auto spec = a1_spec();
  spec.availability_domain = "AD-1";
  spec.image_id = "ocid1.image.given";
  spec.subnet_id = "ocid1.subnet.given";
  auto outcome = ops::launch_instance(c.compute, c.identity, spec, key_found());
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().kind == core::ErrorKind::capacity);
}

TEST_CASE("retarget_launch moves a prepared launch to another AD with a new token")
{
  Clients c;
  script_discovery(c.transport);
  auto prepared = ops::prepare_launch(c.compute, c.identity, a1_spec(), key_found());
  REQUIRE(prepared.ok());
  const auto moved = ops::retarget_launch(c.compute, *prepared, "FeVO:EU-FRANKFURT-1-AD-3", "token-2");
  CHECK(moved.availability_domain == "FeVO:EU-FRANKFURT-1-AD-3");
  CHECK(nlohmann::json::parse(moved.request.body)["availabilityDomain"] == "FeVO:EU-FRANKFURT-1-AD-3");
  CHECK(oci::find_header(moved.request.headers, "opc-retry-token") == "token-2");
  CHECK(moved.details.at("sourceDetails") == prepared->details.at("sourceDetails"));
}

TEST_CASE("prepare_launch with DomainSearch::all lists every AD offering the shape, in one pass")
{
  Clients c;
  c.transport.reply(200, example("list-availability-domains.json"))
    .reply(200, a1_and_micro())
    .reply(200, micro_only())
    .reply(200, a1_and_micro())
    .reply(200, image_page())
    .reply(200, subnet_page());
  auto prepared = ops::prepare_launch(c.compute, c.identity, a1_spec(), key_found(), ops::DomainSearch::all);
  REQUIRE(prepared.ok());
  CHECK(prepared->availability_domain == "FeVO:EU-FRANKFURT-1-AD-1");
  CHECK(prepared->offering_domains == std::vector<std::string>{"FeVO:EU-FRANKFURT-1-AD-1", "FeVO:EU-FRANKFURT-1-AD-3"});
  // One ListAvailabilityDomains, one ListShapes per AD, then the image and the subnet: 6 GETs.
  REQUIRE(c.transport.requests().size() == 6);
  CHECK(c.transport.requests()[0].url.find("/availabilityDomains?") != std::string::npos);
  CHECK(c.transport.requests()[4].url.find("/images?") != std::string::npos);

  SECTION("the default stops at the first AD offering the shape")
  {
    Clients d;
    script_discovery(d.transport);
    auto first = ops::prepare_launch(d.compute, d.identity, a1_spec(), key_found());
    REQUIRE(first.ok());
    CHECK(first->offering_domains == std::vector<std::string>{"FeVO:EU-FRANKFURT-1-AD-2"});
    CHECK(d.transport.requests().size() == 5);
  }
  SECTION("a given AD is the only one, and no AD discovery is made")
  {
    Clients d;
    d.transport.reply(200, image_page()).reply(200, subnet_page());
    auto spec = a1_spec();
    spec.availability_domain = "FeVO:EU-FRANKFURT-1-AD-2";
    auto given = ops::prepare_launch(d.compute, d.identity, spec, key_found(), ops::DomainSearch::all);
    REQUIRE(given.ok());
    CHECK(given->offering_domains == std::vector<std::string>{"FeVO:EU-FRANKFURT-1-AD-2"});
    CHECK(d.transport.requests().size() == 2);
  }
}

TEST_CASE("pick_image and is_arm_shape")
{
  CHECK(ops::is_arm_shape("VM.Standard.A1.Flex"));
  CHECK(ops::is_arm_shape("BM.Standard.A1.160"));
  CHECK(ops::is_arm_shape("VM.Standard.Ampere.Generic"));
  CHECK_FALSE(ops::is_arm_shape("VM.Standard.E2.1.Micro"));
  CHECK_FALSE(ops::is_arm_shape("VM.Standard.E4.Flex"));
  CHECK(ops::is_flexible_shape("VM.Standard.E4.Flex"));
  CHECK_FALSE(ops::is_flexible_shape("VM.Standard.E2.1.Micro"));

  std::vector<api::Image> images(2);
  images[0].display_name = "Canonical-Ubuntu-24.04-2026.11.20-0";
  images[0].lifecycle_state = "AVAILABLE";
  images[1].display_name = "Canonical-Ubuntu-24.04-aarch64-2026.10.30-0";
  images[1].lifecycle_state = "AVAILABLE";
  CHECK(ops::pick_image(images, "VM.Standard.A1.Flex") == &images[1]);
  CHECK(ops::pick_image(images, "VM.Standard.E4.Flex") == &images[0]);
  CHECK(ops::pick_image({}, "VM.Standard.E4.Flex") == nullptr);
}

TEST_CASE("retry tokens are 32 alphanumerics")
{
  const auto a = ops::generate_retry_token();
  const auto b = ops::generate_retry_token();
  CHECK(a.size() == 32);
  CHECK(a != b);
  for (const char ch : a) {
    CHECK(std::isalnum(static_cast<unsigned char>(ch)) != 0);
  }
}
