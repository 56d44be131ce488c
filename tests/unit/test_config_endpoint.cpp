#include "ocivanilla/config/endpoint.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;

namespace {

core::Error endpoint_error(std::string_view text)
{
  auto result = config::validate_endpoint(text);
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == core::ErrorKind::usage);
  return result.error();
}

} // namespace

TEST_CASE("loopback http endpoints and https endpoints are accepted", "[endpoint]")
{
  CHECK(*config::validate_endpoint("http://127.0.0.1:41234") == "http://127.0.0.1:41234");
  CHECK(*config::validate_endpoint("http://localhost:8080/") == "http://localhost:8080");
  CHECK(*config::validate_endpoint("http://127.5.6.7") == "http://127.5.6.7");
  CHECK(*config::validate_endpoint("http://[::1]:9000") == "http://[::1]:9000");
  CHECK(*config::validate_endpoint("HTTPS://Sim.Example.COM:8443") == "https://sim.example.com:8443");
  CHECK(*config::validate_endpoint("https://iaas.us-ashburn-1.oraclecloud.com:443") ==
        "https://iaas.us-ashburn-1.oraclecloud.com");
}

TEST_CASE("http:// to a non-loopback host is a usage error", "[endpoint]")
{
  CHECK(endpoint_error("http://10.0.0.5:8080").message ==
        "http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https:// for "
        "10.0.0.5");
  CHECK(endpoint_error("http://iaas.us-ashburn-1.oraclecloud.com").message ==
        "http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https:// for "
        "iaas.us-ashburn-1.oraclecloud.com");
}

TEST_CASE("malformed endpoints are usage errors naming the text", "[endpoint]")
{
  CHECK(endpoint_error("localhost:8080").message ==
        "invalid endpoint 'localhost:8080': expected http://HOST[:PORT] or https://HOST[:PORT]");
  CHECK(endpoint_error("ftp://127.0.0.1").message ==
        "invalid endpoint 'ftp://127.0.0.1': expected http://HOST[:PORT] or https://HOST[:PORT]");
  CHECK(endpoint_error("http://127.0.0.1:99999").message ==
        "invalid endpoint 'http://127.0.0.1:99999': invalid port '99999'");
  CHECK(endpoint_error("https://").message == "invalid endpoint 'https://': missing host");
  CHECK(endpoint_error("http://127.0.0.1:8080/20160918").message ==
        "invalid endpoint 'http://127.0.0.1:8080/20160918': it must not have a path or query "
        "(calls go to <URL>/20160918/...)");
  CHECK(endpoint_error("http://127.0.0.1:8080?x=1").message ==
        "invalid endpoint 'http://127.0.0.1:8080?x=1': it must not have a path or query "
        "(calls go to <URL>/20160918/...)");
}

TEST_CASE("with an override every service uses it and without one the region decides", "[endpoint]")
{
  auto overridden = config::resolve_endpoints("no-such-region", std::string("http://127.0.0.1:5000/"));
  REQUIRE(overridden.ok());
  CHECK(overridden->compute == "http://127.0.0.1:5000");
  CHECK(overridden->identity == "http://127.0.0.1:5000");
  CHECK(overridden->auth == "http://127.0.0.1:5000");
  auto regional = config::resolve_endpoints("iad", std::nullopt);
  REQUIRE(regional.ok());
  CHECK(regional->compute == "https://iaas.us-ashburn-1.oraclecloud.com");
  auto bad = config::resolve_endpoints("iad", std::string("http://192.168.1.1"));
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().kind == core::ErrorKind::usage);
  auto unknown = config::resolve_endpoints("xx-foo-1", std::nullopt);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().kind == core::ErrorKind::config);
}
