// api::instances_from_page: ListInstances pages read by the page scanner, checked against the nlohmann
// reader every other response goes through (same fields, same errors, same JSON).
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

// The page read by instances_from_page and, element by element, by instance_from_json.
struct BothReaders {
  core::Result<std::vector<api::Instance>> fast;
  core::Result<std::vector<api::Instance>> reference;
};

BothReaders read_both(std::string body)
{
  std::string copy = body;
  auto fast = api::instances_from_page(copy, "page 1", "ListInstances response");
  CHECK(copy == body); // the body is padded, not changed
  auto parsed = api::parse_json(body, "page 1");
  if (!parsed.ok()) {
    return {std::move(fast), std::move(parsed).error()};
  }
  auto reference = api::list_from_json<api::Instance>(*parsed, "ListInstances response", api::instance_from_json);
  return {std::move(fast), std::move(reference)};
}

void check_same_fields(const api::Instance& a, const api::Instance& b)
{
  CHECK(a.id == b.id);
  CHECK(a.compartment_id == b.compartment_id);
  CHECK(a.availability_domain == b.availability_domain);
  CHECK(a.display_name == b.display_name);
  CHECK(a.shape == b.shape);
  CHECK(a.ocpus == b.ocpus);
  CHECK(a.memory_gb == b.memory_gb);
  CHECK(a.lifecycle_state == b.lifecycle_state);
  CHECK(a.time_created == b.time_created);
  CHECK(a.created_at == b.created_at);
  CHECK(a.freeform_tags == b.freeform_tags);
  CHECK(a.image_id == b.image_id);
  CHECK(a.boot_volume_gb == b.boot_volume_gb);
  CHECK(a.region == b.region);
  CHECK(a.fault_domain == b.fault_domain);
  CHECK(a.json() == b.json());
}

} // namespace

TEST_CASE("a ListInstances page reads the same through the scanner as through nlohmann")
{
  const auto both = read_both(example("list-instances-page1.json"));
  REQUIRE(both.fast.ok());
  REQUIRE(both.reference.ok());
  REQUIRE(both.fast->size() == both.reference->size());
  REQUIRE(!both.fast->empty());
  for (std::size_t i = 0; i < both.fast->size(); ++i) {
    const auto& fast = (*both.fast)[i];
    check_same_fields(fast, (*both.reference)[i]);
    // The fast path keeps compact text, not a nlohmann object.
    CHECK(fast.raw.is_null());
    CHECK_FALSE(fast.raw_text.empty());
    CHECK(fast.raw_text.find('\n') == std::string::npos);
    CHECK(nlohmann::json::parse(fast.json_text()) == (*both.reference)[i].raw);
  }
}

TEST_CASE("page elements keep every key, nested values and numbers in their compact text")
{
  const std::string body = R"([ {"id": "ocid1.instance.oc1..a", "displayName": "caf\u00e9 \"x\"",
    "shapeConfig": {"ocpus": 2, "memoryInGBs": 12.5, "extra": [1, -2, 3.25e10, true, null]},
    "freeformTags": {"a": "1", "gone": null}, "sourceDetails": {"bootVolumeSizeInGBs": 50,
    "imageId": "ocid1.image.oc1..i"}, "unknownKey": {"deep": [{"x": "\t", "y": "\ud83d\ude00 \u0000 \/"}]}, "big": 123456789012345678,
    "neg": -123456789012345678, "zero": -0, "exp": 1E-7, "huge": 1.7976931348623157e308, "tenth": 0.1,
    "ws" : [ 1 , { } , [ ] , "a b" ] } ])";
  const auto both = read_both(body);
  REQUIRE(both.fast.ok());
  REQUIRE(both.reference.ok());
  REQUIRE(both.fast->size() == 1);
  const auto& i = both.fast->front();
  check_same_fields(i, both.reference->front());
  CHECK(i.display_name == "caf\xc3\xa9 \"x\"");
  CHECK(i.ocpus == 2.0);
  CHECK(i.memory_gb == 12.5);
  CHECK(i.freeform_tags == api::Tags{{"a", "1"}});
  CHECK(i.boot_volume_gb == 50);
  CHECK(i.image_id == "ocid1.image.oc1..i");
  REQUIRE_FALSE(i.raw_text.empty()); // read by the scanner, not the fallback
  CHECK(i.raw.is_null());
  CHECK(i.raw_text.find("\"ws\":[1,{},[],\"a b\"]") != std::string::npos);
  const auto round_trip = nlohmann::json::parse(i.raw_text);
  CHECK(round_trip == both.reference->front().raw);
  CHECK(round_trip["tenth"].get<double>() == 0.1);
  CHECK(round_trip["huge"].get<double>() == 1.7976931348623157e308);
  CHECK(round_trip["big"].get<std::int64_t>() == 123456789012345678);
  CHECK(round_trip["unknownKey"]["deep"][0]["y"].get<std::string>() == std::string("\xf0\x9f\x98\x80 \0 /", 8));
}

TEST_CASE("escaped strings decode as nlohmann decodes them")
{
  const auto both = read_both(R"([{"displayName": "a\"b\\c\/d\b\f\n\r\t\u00e9\u20ac\ud834\udd1e",
    "freeformTags": {"k": "caf\u00e9", "ocivanilla-tier": "on-demand"}}])");
  REQUIRE(both.fast.ok());
  REQUIRE(both.reference.ok());
  CHECK_FALSE(both.fast->front().raw_text.empty());
  check_same_fields(both.fast->front(), both.reference->front());
  CHECK(both.fast->front().display_name == "a\"b\\c/d\b\f\n\r\t\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e");
}

TEST_CASE("an empty page and a page of nulls-as-absent fields")
{
  auto both = read_both("[]");
  REQUIRE(both.fast.ok());
  CHECK(both.fast->empty());
  both = read_both(R"([{"id": null, "shapeConfig": null, "freeformTags": null, "sourceDetails": null}])");
  REQUIRE(both.fast.ok());
  REQUIRE(both.reference.ok());
  check_same_fields(both.fast->front(), both.reference->front());
  CHECK(both.fast->front().id.empty());
}

TEST_CASE("a malformed page gives the same error as every other response")
{
  for (const std::string& body : {std::string("[{\"id\": \"a\"},\n{\"id\": }]"), std::string("{\"id\": \"a\""),
                                  std::string("[\"\xff\"]"), std::string("")}) {
    INFO(body);
    const auto both = read_both(body);
    REQUIRE_FALSE(both.fast.ok());
    REQUIRE_FALSE(both.reference.ok());
    CHECK(both.fast.error().message == both.reference.error().message);
    CHECK(both.fast.error().message.rfind("page 1:", 0) == 0);
  }
}

TEST_CASE("a field of the wrong type is named with its element index")
{
  const auto both = read_both(R"([{"id": "a"}, {"id": "b", "shapeConfig": {"ocpus": "2"}}])");
  REQUIRE_FALSE(both.fast.ok());
  CHECK(both.fast.error().message ==
        "ListInstances response: field '[1].shapeConfig.ocpus': expected a number, got string");
  const auto not_array = read_both(R"({"items": []})");
  REQUIRE_FALSE(not_array.fast.ok());
  CHECK(not_array.fast.error().message == "ListInstances response: expected a JSON array, got object");
  const auto not_object = read_both(R"([{"id": "a"}, 7])");
  REQUIRE_FALSE(not_object.fast.ok());
  CHECK(not_object.fast.error().message == not_object.reference.error().message);
  const auto bad_tag = read_both(R"([{"freeformTags": {"k": 1}}])");
  REQUIRE_FALSE(bad_tag.fast.ok());
  CHECK(bad_tag.fast.error().message == bad_tag.reference.error().message);
}

TEST_CASE(
  "what the scanner does not take goes to nlohmann: floats as integers, huge numbers; repeated keys keep the last")
{
  // A repeated key: nlohmann keeps the last value, and so does the scanner's reader.
  auto both = read_both(R"([{"id": "first", "id": "second", "displayName": "x",
    "freeformTags": {"a": "1", "a": null, "b": "2", "b": "3"}}])");
  REQUIRE(both.fast.ok());
  REQUIRE(both.reference.ok());
  check_same_fields(both.fast->front(), both.reference->front());
  CHECK(both.fast->front().id == "second");
  CHECK(both.fast->front().freeform_tags == api::Tags{{"b", "3"}});
  // bootVolumeSizeInGBs written as 50.0 is still the integer 50 (ObjectReader's rule).
  both = read_both(R"([{"sourceDetails": {"bootVolumeSizeInGBs": 50.0}}])");
  REQUIRE(both.fast.ok());
  CHECK(both.fast->front().boot_volume_gb == 50);
  // Numbers of more than 18 digits (nlohmann reads them as uint64 or double), a byte-order mark,
  // a key with an escape, a lone surrogate: the fallback reads them, with nlohmann's result.
  for (const std::string& body :
       {std::string(R"([{"id": "a", "x": 123456789012345678901234567890}])"),
        std::string(R"([{"id": "a", "x": 18446744073709551615}])"), std::string("\xef\xbb\xbf[{\"id\": \"a\"}]"),
        std::string(R"([{"id": "a", "k\u0065y": 1}])")}) {
    INFO(body);
    both = read_both(body);
    REQUIRE(both.fast.ok() == both.reference.ok());
    if (both.fast.ok()) {
      CHECK(both.fast->front().raw_text.empty());
      check_same_fields(both.fast->front(), both.reference->front());
    }
  }
  both = read_both(R"([{"id": "\ud800"}])");
  REQUIRE_FALSE(both.fast.ok());
  CHECK(both.fast.error().message == both.reference.error().message);
}

TEST_CASE("elements of a page without whitespace are kept exactly as sent")
{
  // The shipped example page, printed compactly (as APIs usually send pages) but in its own
  // key order: ordered_json keeps the order of the file.
  const auto ordered = nlohmann::ordered_json::parse(example("list-instances-page1.json"));
  const std::string compact = ordered.dump();
  const auto both = read_both(compact);
  REQUIRE(both.fast.ok());
  REQUIRE(both.reference.ok());
  REQUIRE(both.fast->size() == ordered.size());
  for (std::size_t i = 0; i < ordered.size(); ++i) {
    CHECK((*both.fast)[i].raw_text == ordered[i].dump());
    check_same_fields((*both.fast)[i], (*both.reference)[i]);
  }
  // Whitespace inside strings is kept, outside removed.
  const auto spaced = read_both(R"([ {"displayName": "a  b" , "id":"x"} ,{"id" : "y"}])");
  REQUIRE(spaced.fast.ok());
  CHECK(spaced.fast->at(0).raw_text == R"({"displayName":"a  b","id":"x"})");
  CHECK(spaced.fast->at(1).raw_text == R"({"id":"y"})");
}
