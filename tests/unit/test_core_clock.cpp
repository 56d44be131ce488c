#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/error.hpp"
#include "ocivanilla/core/exit_code.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla::core;

TEST_CASE("HTTP dates format and parse")
{
  TimePoint t;
  REQUIRE(parse_http_date("Thu, 05 Jan 2014 21:31:40 GMT", t));
  CHECK(format_http_date(t) == "Sun, 05 Jan 2014 21:31:40 GMT"); // the vector's weekday is wrong
  CHECK(format_rfc3339(t) == "2014-01-05T21:31:40Z");
  CHECK_FALSE(parse_http_date("Thu, 05 Foo 2014 21:31:40 GMT", t));
  CHECK_FALSE(parse_http_date("2014-01-05", t));
}

TEST_CASE("RFC 3339 parsing with fractions and offsets")
{
  TimePoint a;
  TimePoint b;
  REQUIRE(parse_rfc3339("2026-12-04T19:40:12.381Z", a));
  REQUIRE(parse_rfc3339("2026-12-04T20:40:12+01:00", b));
  CHECK(format_rfc3339(a) == "2026-12-04T19:40:12Z");
  CHECK(format_rfc3339(b) == "2026-12-04T19:40:12Z");
  CHECK_FALSE(parse_rfc3339("2026-12-04 19:40:12", a));
  CHECK_FALSE(parse_rfc3339("2026-13-04T19:40:12Z", a));
  CHECK_FALSE(parse_rfc3339("2026-12-04T19:40:12", a));
}

TEST_CASE("exit codes follow CLI.md")
{
  CHECK(static_cast<int>(exit_code_for(ErrorKind::usage)) == 2);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::config)) == 3);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::auth)) == 4);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::ambiguous)) == 5);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::budget)) == 6);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::capacity)) == 7);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::wait_timeout)) == 8);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::throttled)) == 9);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::locked)) == 10);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::interrupted)) == 130);
  CHECK(static_cast<int>(exit_code_for(ErrorKind::api)) == 1);
  Error e = make_error(ErrorKind::api, "GET /x: NotFound");
  e.opc_request_id = "ABC";
  CHECK(e.describe() == "GET /x: NotFound (opc-request-id: ABC)");
}
