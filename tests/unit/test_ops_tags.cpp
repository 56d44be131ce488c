#include "ocivanilla/ops/tags.hpp"

#include "support/fake_transport.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;

namespace {

constexpr const char* k_base = "https://iaas.eu-frankfurt-1.oraclecloud.com";
constexpr const char* k_id = "ocid1.instance.oc1..x";

std::string instance_with(const api::Tags& tags)
{
  return nlohmann::json{{"id", k_id}, {"displayName", "web"}, {"lifecycleState", "RUNNING"}, {"freeformTags", tags}}
    .dump();
}

std::string no_etag_match()
{
  return R"({"code": "NoEtagMatch", "message": "The resource's etag does not match the value of the 'if-match' header."})";
}

} // namespace

TEST_CASE("parse_tag_assignment splits at the first '='")
{
  auto plain = ops::parse_tag_assignment("owner=alice");
  REQUIRE(plain.ok());
  CHECK(plain->first == "owner");
  CHECK(plain->second == "alice");

  auto with_eq = ops::parse_tag_assignment("note=a=b");
  REQUIRE(with_eq.ok());
  CHECK(with_eq->second == "a=b");

  auto empty_value = ops::parse_tag_assignment("flag=");
  REQUIRE(empty_value.ok());
  CHECK(empty_value->second.empty());

  auto no_eq = ops::parse_tag_assignment("owner");
  REQUIRE_FALSE(no_eq.ok());
  CHECK(no_eq.error().kind == core::ErrorKind::usage);
  CHECK(no_eq.error().message == "tag 'owner' is not KEY=VALUE");

  auto no_key = ops::parse_tag_assignment("=x");
  REQUIRE_FALSE(no_key.ok());
  CHECK(no_key.error().message == "tag key is empty");
}

TEST_CASE("ocivanilla-* values are validated")
{
  CHECK(ops::validate_tag("ocivanilla-tier", "shared-dev").ok());
  CHECK(ops::validate_tag("ocivanilla-expires-at", "2026-12-05T03:00:00Z").ok());
  CHECK(ops::validate_tag("ocivanilla-managed", "true").ok());
  CHECK(ops::validate_tag("ocivanilla-namespaces", "mariana,annabelle,karri").ok());
  CHECK(ops::validate_tag("ocivanilla-profile", "anything goes").ok());
  CHECK(ops::validate_tag("owner", "").ok());

  auto tier = ops::validate_tag("ocivanilla-tier", "Dedicated");
  REQUIRE_FALSE(tier.ok());
  CHECK(tier.error().kind == core::ErrorKind::usage);
  CHECK(tier.error().message == "tag 'ocivanilla-tier': value 'Dedicated' must be dedicated, shared-dev or on-demand");

  auto expiry = ops::validate_tag("ocivanilla-expires-at", "tomorrow");
  REQUIRE_FALSE(expiry.ok());
  CHECK(expiry.error().message ==
        "tag 'ocivanilla-expires-at': value 'tomorrow' is not an RFC 3339 time like 2026-12-04T19:40:12Z");

  auto managed = ops::validate_tag("ocivanilla-managed", "yes");
  REQUIRE_FALSE(managed.ok());
  CHECK(managed.error().message == "tag 'ocivanilla-managed': value 'yes' must be true");

  auto namespaces = ops::validate_tag("ocivanilla-namespaces", "a,,b");
  REQUIRE_FALSE(namespaces.ok());
  CHECK(namespaces.error().message ==
        "tag 'ocivanilla-namespaces': value 'a,,b' must be comma-separated namespace names without blanks");

  auto dotted = ops::validate_tag("team.name", "ops");
  REQUIRE_FALSE(dotted.ok());
  CHECK(dotted.error().message == "tag 'team.name': key must not contain '.' or blanks");

  auto long_value = ops::validate_tag("owner", std::string(257, 'x'));
  REQUIRE_FALSE(long_value.ok());
  CHECK(long_value.error().message == "tag 'owner': value is longer than 256 characters");
}

TEST_CASE("merge_tags reads, merges and writes the whole map with if-match")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_with({{"managed-by", "ocivanilla"}, {"old", "1"}}), {{"etag", "e1"}})
    .reply(200, instance_with({{"managed-by", "ocivanilla"}, {"owner", "alice"}}), {{"etag", "e2"}});
  api::ComputeClient compute(transport, k_base);
  auto outcome = ops::merge_tags(compute, k_id, {{"owner", "alice"}}, {"old"});
  REQUIRE(outcome.ok());
  CHECK(outcome->changed);
  CHECK(outcome->attempts == 1);
  const auto& r = transport.requests();
  REQUIRE(r.size() == 2);
  CHECK(r[0].method == "GET");
  CHECK(r[1].method == "PUT");
  CHECK(r[1].url == "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..x");
  CHECK(oci::find_header(r[1].headers, "if-match") == "e1");
  CHECK(nlohmann::json::parse(r[1].body) ==
        nlohmann::json::parse(R"({"freeformTags": {"managed-by": "ocivanilla", "owner": "alice"}})"));
}

TEST_CASE("a 412 re-reads and retries so a concurrent change is kept")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_with({{"managed-by", "ocivanilla"}}), {{"etag", "e1"}})
    .reply(412, no_etag_match())
    // Meanwhile someone else added "team".
    .reply(200, instance_with({{"managed-by", "ocivanilla"}, {"team", "ops"}}), {{"etag", "e2"}})
    .reply(200, instance_with({{"managed-by", "ocivanilla"}, {"team", "ops"}, {"owner", "alice"}}), {{"etag", "e3"}});
  api::ComputeClient compute(transport, k_base);
  auto outcome = ops::merge_tags(compute, k_id, {{"owner", "alice"}}, {});
  REQUIRE(outcome.ok());
  CHECK(outcome->attempts == 2);
  CHECK(outcome->instance.freeform_tags.at("team") == "ops");
  const auto& r = transport.requests();
  REQUIRE(r.size() == 4);
  CHECK(r[2].method == "GET");
  CHECK(r[3].method == "PUT");
  CHECK(oci::find_header(r[3].headers, "if-match") == "e2");
  CHECK(nlohmann::json::parse(r[3].body)["freeformTags"] ==
        nlohmann::json::parse(R"({"managed-by": "ocivanilla", "team": "ops", "owner": "alice"})"));
}

TEST_CASE("merge_tags gives up after max_attempts conflicts")
{
  testing::FakeTransport transport;
  for (int i = 0; i < 2; ++i) {
    transport.reply(200, instance_with({}), {{"etag", "e"}}).reply(412, no_etag_match());
  }
  api::ComputeClient compute(transport, k_base);
  auto outcome = ops::merge_tags(compute, k_id, {{"owner", "alice"}}, {}, 2);
  REQUIRE_FALSE(outcome.ok());
  CHECK(outcome.error().http_status == 412);
  CHECK(
    outcome.error().message ==
    "tags of instance ocid1.instance.oc1..x changed concurrently 2 times; gave up (PUT /20160918/instances/ocid1.instance.oc1..x: NoEtagMatch: The "
    "resource's etag does not match the value of the 'if-match' header.)");
  CHECK(transport.requests().size() == 4);
}

TEST_CASE("merge_tags writes nothing when nothing changes, and validates first")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_with({{"owner", "alice"}}), {{"etag", "e"}});
  api::ComputeClient compute(transport, k_base);
  auto same = ops::merge_tags(compute, k_id, {{"owner", "alice"}}, {"absent"});
  REQUIRE(same.ok());
  CHECK_FALSE(same->changed);
  CHECK(same->attempts == 0);
  CHECK(transport.requests().size() == 1);

  auto invalid = ops::merge_tags(compute, k_id, {{"ocivanilla-tier", "gold"}}, {});
  REQUIRE_FALSE(invalid.ok());
  CHECK(invalid.error().kind == core::ErrorKind::usage);
  CHECK(transport.requests().size() == 1);
}

TEST_CASE("merged_tags applies set then remove")
{
  const api::Tags merged = ops::merged_tags({{"a", "1"}, {"b", "2"}}, {{"b", "3"}, {"c", "4"}}, {"a"});
  CHECK(merged == api::Tags{{"b", "3"}, {"c", "4"}});
}
