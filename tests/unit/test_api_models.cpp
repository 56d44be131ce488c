#include "ocivanilla/api/models.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ocivanilla;

namespace {

std::string example(const std::string& name)
{
  return testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

nlohmann::json example_json(const std::string& name)
{
  auto parsed = api::parse_json(example(name), name);
  REQUIRE(parsed.ok());
  return *parsed;
}

} // namespace

TEST_CASE("instance.json parses with every field ocivanilla uses")
{
  const auto j = example_json("instance.json");
  auto instance = api::instance_from_json(j, "instance.json");
  REQUIRE(instance.ok());
  CHECK(instance->id == "ocid1.instance.oc1.eu-frankfurt-1.antheljexampleinstanceaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
  CHECK(instance->compartment_id == "ocid1.tenancy.oc1..aaaaaaaaexampletenancyxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
  CHECK(instance->availability_domain == "FeVO:EU-FRANKFURT-1-AD-1");
  CHECK(instance->display_name == "ocivanilla-a1-1");
  CHECK(instance->shape == "VM.Standard.A1.Flex");
  CHECK(instance->ocpus == 2.0);
  CHECK(instance->memory_gb == 12.0);
  CHECK(instance->lifecycle_state == "RUNNING");
  CHECK(instance->time_created == "2026-12-04T19:40:12.381Z");
  REQUIRE(instance->created_at.has_value());
  CHECK(core::format_rfc3339(*instance->created_at) == "2026-12-04T19:40:12Z");
  CHECK(instance->freeform_tags == api::Tags{{"managed-by", "ocivanilla"}, {"ocivanilla-profile", "default"}});
  CHECK(instance->image_id ==
        "ocid1.image.oc1.eu-frankfurt-1.aaaaaaaaexampleubuntu2404aarch64cccccccccccccccccccccccccc");
  CHECK(instance->boot_volume_gb == std::optional<std::int64_t>(50));
  CHECK(instance->region == "eu-frankfurt-1");
  CHECK(instance->fault_domain == "FAULT-DOMAIN-2");
  CHECK(instance->raw == j);
}

TEST_CASE("list-instances-page1.json parses as a bare array, TERMINATED included")
{
  auto list = api::list_from_json<api::Instance>(example_json("list-instances-page1.json"), "page1",
                                                 api::instance_from_json);
  REQUIRE(list.ok());
  REQUIRE(list->size() == 2);
  CHECK((*list)[0].lifecycle_state == "RUNNING");
  CHECK((*list)[1].display_name == "old-a1");
  CHECK((*list)[1].lifecycle_state == "TERMINATED");
  CHECK((*list)[1].ocpus == 1.0);
  CHECK((*list)[1].memory_gb == 6.0);
  CHECK((*list)[1].freeform_tags.empty());
}

TEST_CASE("the other api-examples parse tolerantly")
{
  auto images = api::list_from_json<api::Image>(example_json("list-images-ubuntu-aarch64-page.json"), "images",
                                                api::image_from_json);
  REQUIRE(images.ok());
  REQUIRE(images->size() == 2);
  CHECK((*images)[0].display_name == "Canonical-Ubuntu-24.04-aarch64-2026.10.30-0");
  CHECK((*images)[0].compartment_id.empty()); // null for platform images
  CHECK((*images)[0].operating_system == "Canonical Ubuntu");
  CHECK((*images)[0].operating_system_version == "24.04");
  CHECK((*images)[0].lifecycle_state == "AVAILABLE");
  CHECK((*images)[0].size_in_mbs == std::optional<std::int64_t>(47694));

  auto shape = api::shape_from_json(example_json("list-shapes-a1-flex-element.json"), "shape");
  REQUIRE(shape.ok());
  CHECK(shape->shape == "VM.Standard.A1.Flex");
  CHECK(shape->is_flexible);
  CHECK(shape->billing_type == "LIMITED_FREE");
  REQUIRE(shape->ocpu_options.has_value());
  CHECK(shape->ocpu_options->min == 1);
  CHECK(shape->ocpu_options->max == 80);
  REQUIRE(shape->memory_options.has_value());
  CHECK(shape->memory_options->max_gb == 512);
  CHECK(shape->memory_options->max_per_ocpu_gb == 64);
  CHECK(shape->memory_options->default_per_ocpu_gb == 6);

  auto subnets = api::list_from_json<api::Subnet>(example_json("list-subnets.json"), "subnets", api::subnet_from_json);
  REQUIRE(subnets.ok());
  REQUIRE(subnets->size() == 1);
  CHECK((*subnets)[0].availability_domain.empty());
  CHECK_FALSE((*subnets)[0].prohibit_public_ip_on_vnic);
  CHECK((*subnets)[0].display_name == "public-subnet-ocivanilla");

  auto ads = api::list_from_json<api::AvailabilityDomain>(example_json("list-availability-domains.json"), "ads",
                                                          api::availability_domain_from_json);
  REQUIRE(ads.ok());
  REQUIRE(ads->size() == 3);
  CHECK((*ads)[2].name == "FeVO:EU-FRANKFURT-1-AD-3");

  auto attachments = api::list_from_json<api::VnicAttachment>(example_json("list-vnic-attachments.json"), "attachments",
                                                              api::vnic_attachment_from_json);
  REQUIRE(attachments.ok());
  REQUIRE(attachments->size() == 1);
  CHECK((*attachments)[0].lifecycle_state == "ATTACHED");
  CHECK((*attachments)[0].nic_index == std::optional<std::int64_t>(0));
  CHECK((*attachments)[0].vnic_id ==
        "ocid1.vnic.oc1.eu-frankfurt-1.abtheljexamplevnicgggggggggggggggggggggggggggggggggggggggg");

  auto vnic = api::vnic_from_json(example_json("vnic.json"), "vnic");
  REQUIRE(vnic.ok());
  CHECK(vnic->is_primary);
  CHECK(vnic->public_ip == "192.0.2.41");
  CHECK(vnic->private_ip == "10.0.0.57");
}

TEST_CASE("unknown keys, nulls and unknown enum strings are accepted")
{
  const auto j = nlohmann::json::parse(R"({"id": "ocid1.instance.x", "displayName": null,
    "lifecycleState": "HIBERNATING", "shapeConfig": null, "freeformTags": {"a": null, "b": "c"},
    "sourceDetails": {"sourceType": "bootVolume", "bootVolumeId": "ocid1.bootvolume.x"},
    "brandNewField": {"nested": [1, 2, 3]}})");
  auto instance = api::instance_from_json(j, "GetInstance response");
  REQUIRE(instance.ok());
  CHECK(instance->display_name.empty());
  CHECK(instance->lifecycle_state == "HIBERNATING");
  CHECK(instance->ocpus == 0);
  CHECK(instance->freeform_tags == api::Tags{{"b", "c"}});
  CHECK_FALSE(instance->boot_volume_gb.has_value());
  CHECK(instance->raw.contains("brandNewField"));
}

TEST_CASE("wrong types are api errors naming the source and the field")
{
  auto top = api::instance_from_json(nlohmann::json::parse(R"({"id": 5})"), "GetInstance response");
  REQUIRE_FALSE(top.ok());
  CHECK(top.error().kind == core::ErrorKind::api);
  CHECK(top.error().message == "GetInstance response: field 'id': expected a string, got number");

  auto nested = api::instance_from_json(nlohmann::json::parse(R"({"shapeConfig": {"ocpus": "2"}})"),
                                        "GetInstance response");
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.error().message == "GetInstance response: field 'shapeConfig.ocpus': expected a number, got string");

  auto element = api::list_from_json<api::Instance>(
    nlohmann::json::parse(R"([{"id": "a"}, {"freeformTags": {"owner": 1}}])"), "ListInstances response",
    api::instance_from_json);
  REQUIRE_FALSE(element.ok());
  CHECK(element.error().message ==
        "ListInstances response: field '[1].freeformTags.owner': expected a string, got number");

  auto not_object = api::list_from_json<api::Vnic>(nlohmann::json::parse("[3]"), "X", api::vnic_from_json);
  REQUIRE_FALSE(not_object.ok());
  CHECK(not_object.error().message == "X: field '[0]': expected a JSON object, got number");

  auto not_array = api::list_from_json<api::Vnic>(nlohmann::json::parse("{}"), "X", api::vnic_from_json);
  REQUIRE_FALSE(not_array.ok());
  CHECK(not_array.error().message == "X: expected a JSON array, got object");

  auto bad_int = api::image_from_json(nlohmann::json::parse(R"({"sizeInMBs": 1.5})"), "img");
  REQUIRE_FALSE(bad_int.ok());
  CHECK(bad_int.error().message == "img: field 'sizeInMBs': expected an integer, got number");
}

TEST_CASE("parse_json reports the line of a syntax error")
{
  auto parsed = api::parse_json("{\n  \"id\": \"x\",\n  \"shape\": }\n", "GetInstance response");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().kind == core::ErrorKind::api);
  CHECK_THAT(parsed.error().message, Catch::StartsWith("GetInstance response:3: invalid JSON: syntax error"));

  auto empty = api::parse_json("", "ListShapes response");
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.error().message, Catch::StartsWith("ListShapes response:1: invalid JSON: "));
}

TEST_CASE("truncated bodies never throw and never crash")
{
  const auto text = example("list-instances-page1.json");
  const auto end = text.find_last_of(']'); // every prefix before the closing bracket is invalid
  std::size_t rejected = 0;
  std::size_t tried = 0;
  for (std::size_t n = 0; n < end; n += 7) {
    ++tried;
    REQUIRE_NOTHROW([&] {
      auto parsed = api::parse_json(text.substr(0, n), "page");
      if (!parsed.ok()) {
        ++rejected;
        return;
      }
      auto list = api::list_from_json<api::Instance>(*parsed, "page", api::instance_from_json);
      (void)list;
    }());
  }
  CHECK(rejected == tried);
  CHECK(tried > 100);
}
