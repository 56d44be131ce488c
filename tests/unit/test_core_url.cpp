#include "ocivanilla/core/url.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla::core;

TEST_CASE("percent_encode follows RFC 3986")
{
  CHECK(percent_encode("Pjwf: PHX-AD-1") == "Pjwf%3A%20PHX-AD-1");
  CHECK(percent_encode("a-b.c_d~e") == "a-b.c_d~e");
  CHECK(percent_encode("é") == "%C3%A9");
  CHECK(percent_encode("a+b/c") == "a%2Bb%2Fc");
  CHECK(percent_decode("Pjwf%3A%20PHX-AD-1") == "Pjwf: PHX-AD-1");
  CHECK(percent_decode("100%") == "100%");
}

TEST_CASE("QueryBuilder keeps insertion order and encodes once")
{
  QueryBuilder q;
  q.add("compartmentId", "ocid1.tenancy.oc1..aaa").add("availabilityDomain", "Uocm:PHX-AD-1");
  CHECK(q.str() == "?compartmentId=ocid1.tenancy.oc1..aaa&availabilityDomain=Uocm%3APHX-AD-1");
  CHECK(QueryBuilder{}.str().empty());
}

TEST_CASE("parse_url splits scheme, host, port and target")
{
  auto u = parse_url("http://127.0.0.1:8080/20160918/instances?a=b").value();
  CHECK(u.scheme == "http");
  CHECK(u.host == "127.0.0.1");
  CHECK(u.port == 8080);
  CHECK(u.target == "/20160918/instances?a=b");
  CHECK(u.host_header() == "127.0.0.1:8080");
  auto d = parse_url("https://iaas.us-ashburn-1.oraclecloud.com:443").value();
  CHECK(d.port == 0);
  CHECK(d.target == "/");
  CHECK(d.host_header() == "iaas.us-ashburn-1.oraclecloud.com");
  auto v6 = parse_url("http://[::1]:9000/x").value();
  CHECK(v6.host == "::1");
  CHECK(v6.host_header() == "[::1]:9000");
  CHECK(parse_url("ftp://x").error().message == "invalid URL 'ftp://x': scheme must be http or https");
  CHECK_FALSE(parse_url("http://").ok());
  CHECK_FALSE(parse_url("http://host:99999").ok());
  CHECK_FALSE(parse_url("localhost:8080").ok());
  CHECK_FALSE(parse_url("http://user@host").ok());
}

TEST_CASE("is_loopback_host")
{
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.255.3.4"));
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("::1"));
  CHECK_FALSE(is_loopback_host("128.0.0.1"));
  CHECK_FALSE(is_loopback_host("127.0.0.1.example.com"));
  CHECK_FALSE(is_loopback_host("localhost.example.com"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("127.0.0"));
}
