#include "ocivanilla/config/region.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace ocivanilla;

TEST_CASE("the compiled-in table is config/regions.tsv", "[region]")
{
  const auto text = testing::read_text_file(std::string(OVL_SOURCE_DIR) + "/config/regions.tsv");
  auto parsed = config::parse_region_table(text, "config/regions.tsv");
  REQUIRE(parsed.ok());
  const auto& known = config::known_regions();
  REQUIRE(known.size() == parsed->size());
  CHECK(known.size() >= 60);
  std::set<std::string> names;
  for (std::size_t i = 0; i < known.size(); ++i) {
    CHECK(known[i].id == (*parsed)[i].id);
    CHECK(names.insert(known[i].id).second); // ids and short codes are unique
    CHECK(names.insert(known[i].short_code).second);
  }
}

TEST_CASE("every realm uses the second-level domain of SIGNING.md 6.1", "[region]")
{
  const std::map<std::string, std::string> domains{
    {"oc1", "oraclecloud.com"},    {"oc2", "oraclegovcloud.com"}, {"oc3", "oraclegovcloud.com"},
    {"oc4", "oraclegovcloud.uk"},  {"oc8", "oraclecloud8.com"},   {"oc9", "oraclecloud9.com"},
    {"oc10", "oraclecloud10.com"}, {"oc14", "oraclecloud14.com"}, {"oc15", "oraclecloud15.com"},
    {"oc19", "oraclecloud.eu"},    {"oc20", "oraclecloud20.com"}, {"oc21", "oraclecloud21.com"},
    {"oc23", "oraclecloud23.com"}, {"oc24", "oraclecloud24.com"}, {"oc26", "oraclecloud26.com"},
    {"oc29", "oraclecloud29.com"}, {"oc35", "oraclecloud35.com"}, {"oc42", "oraclecloud42.com"},
    {"oc51", "oraclecloud51.com"}, {"oc52", "oraclecloud52.com"}};
  for (const auto& region : config::known_regions()) {
    INFO(region.id);
    REQUIRE(domains.count(region.realm) == 1);
    CHECK(region.domain == domains.at(region.realm));
  }
}

TEST_CASE("regions are found by id or short code, case-insensitively", "[region]")
{
  auto iad = config::find_region("iad");
  REQUIRE(iad.ok());
  CHECK(iad->id == "us-ashburn-1");
  CHECK(iad->realm == "oc1");
  auto fra = config::find_region("EU-FRANKFURT-1");
  REQUIRE(fra.ok());
  CHECK(fra->short_code == "fra");
  auto ltn = config::find_region("LTN");
  REQUIRE(ltn.ok());
  CHECK(ltn->domain == "oraclegovcloud.uk");
}

TEST_CASE("an unknown region is a config error listing the first known regions", "[region]")
{
  auto error = config::find_region("xx-foo-1");
  REQUIRE_FALSE(error.ok());
  CHECK(error.error().kind == core::ErrorKind::config);
  CHECK(error.error().message ==
        "unknown region 'xx-foo-1' (known: us-ashburn-1, us-phoenix-1, us-sanjose-1, us-chicago-1, "
        "us-saltlake-2, ca-toronto-1, and " +
          std::to_string(config::known_regions().size() - 6) + " more)");
  CHECK_FALSE(config::regional_endpoints("xx-foo-1").ok());
}

TEST_CASE("regional endpoints of compute, identity and auth", "[region]")
{
  auto phx = config::regional_endpoints("phx");
  REQUIRE(phx.ok());
  CHECK(phx->compute == "https://iaas.us-phoenix-1.oraclecloud.com");
  CHECK(phx->identity == "https://identity.us-phoenix-1.oci.oraclecloud.com");
  CHECK(phx->auth == "https://auth.us-phoenix-1.oraclecloud.com");
  auto gov = config::regional_endpoints("uk-gov-london-1");
  REQUIRE(gov.ok());
  CHECK(gov->compute == "https://iaas.uk-gov-london-1.oraclegovcloud.uk");
  CHECK(gov->identity == "https://identity.uk-gov-london-1.oci.oraclegovcloud.uk");
}

TEST_CASE("a region with a dot is a full domain", "[region]")
{
  auto custom = config::regional_endpoints("us-newregion-1.oraclecloud.example");
  REQUIRE(custom.ok());
  CHECK(custom->compute == "https://iaas.us-newregion-1.oraclecloud.example");
  CHECK(custom->identity == "https://identity.us-newregion-1.oraclecloud.example");
  CHECK(custom->auth == "https://auth.us-newregion-1.oraclecloud.example");
}

TEST_CASE("region table errors name file and line", "[region]")
{
  auto bad = config::parse_region_table("# c\nus-ashburn-1\tiad\toc1\n", "t.tsv");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().message == "t.tsv:2: expected 4 tab-separated fields, got 3");
  auto empty = config::parse_region_table("a\t\tb\tc\n", "t.tsv");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "t.tsv:1: empty field or field with a space");
}
