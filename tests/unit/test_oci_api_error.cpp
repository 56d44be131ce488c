#include "ocivanilla/oci/api_error.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using ocivanilla::core::ErrorKind;
using ocivanilla::oci::error_from_response;
using ocivanilla::oci::HttpRequest;
using ocivanilla::oci::HttpResponse;

namespace {

std::string example(const std::string& name)
{
  return ocivanilla::testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

HttpRequest request(std::string method, std::string url)
{
  return HttpRequest{std::move(method), std::move(url), {{"opc-request-id", "CLIENTID"}}, {}, 1};
}

HttpResponse response(int status, std::string body, ocivanilla::oci::Headers headers = {})
{
  HttpResponse out;
  out.status = status;
  out.body = std::move(body);
  out.headers = std::move(headers);
  return out;
}

const std::string k_instances = "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances";

} // namespace

TEST_CASE("401 maps to auth with the request id from the response")
{
  const auto error = error_from_response(
    request("GET", k_instances + "?compartmentId=ocid1.c"),
    response(401, example("error-not-authenticated.json"), {{"opc-request-id", "SERVER/ID/1"}}));
  CHECK(error.kind == ErrorKind::auth);
  CHECK(error.http_status == 401);
  CHECK(error.code == "NotAuthenticated");
  CHECK(error.opc_request_id == "SERVER/ID/1");
  CHECK(error.message == "GET /20160918/instances?compartmentId=ocid1.c: NotAuthenticated: The required information "
                         "to complete authentication was not provided or was incorrect.");
  CHECK(error.describe() == error.message + " (opc-request-id: SERVER/ID/1)");
}

TEST_CASE("status codes map to error kinds")
{
  const auto kind = [](int status, const std::string& body) {
    return error_from_response(request("GET", k_instances), response(status, body)).kind;
  };
  CHECK(kind(404, example("error-not-authorized-or-not-found.json")) == ErrorKind::not_found);
  CHECK(kind(429, example("error-too-many-requests.json")) == ErrorKind::throttled);
  CHECK(kind(500, example("error-out-of-host-capacity.json")) == ErrorKind::capacity);
  CHECK(kind(500, R"({"code":"InternalServerError","message":"oops"})") == ErrorKind::server);
  CHECK(kind(503, "") == ErrorKind::server);
  CHECK(kind(409, example("error-incorrect-state.json")) == ErrorKind::api);
  CHECK(kind(412, example("error-no-etag-match.json")) == ErrorKind::api);
}

TEST_CASE("the capacity error names the call and keeps the code")
{
  const auto error = error_from_response(request("POST", k_instances),
                                         response(500, example("error-out-of-host-capacity.json")));
  CHECK(error.kind == ErrorKind::capacity);
  CHECK(error.code == "InternalError");
  CHECK(error.message == "POST /20160918/instances: InternalError: Out of host capacity.");
  CHECK(error.opc_request_id == "CLIENTID");
}

TEST_CASE("400 LimitExceeded is an api error with the code kept and the message trimmed")
{
  const auto error = error_from_response(request("POST", k_instances),
                                         response(400, example("error-limit-exceeded.json")));
  CHECK(error.kind == ErrorKind::api);
  CHECK(error.code == "LimitExceeded");
  CHECK(error.message == "POST /20160918/instances: LimitExceeded: The following service limits were exceeded: "
                         "standard-a1-memory-count, standard-a1-memory-regional-count, standard-a1-core-count, "
                         "standard-a1-core-regional-count. Request a service limit increase from the service "
                         "limits page in the console.");
}

TEST_CASE("non-JSON bodies are tolerated")
{
  const auto html = error_from_response(request("DELETE", k_instances + "/ocid1.instance.x"),
                                        response(502, "<html><body>Bad Gateway</body></html>\n<p>nginx</p>"));
  CHECK(html.kind == ErrorKind::server);
  CHECK(html.code.empty());
  CHECK(html.message == "DELETE /20160918/instances/ocid1.instance.x: HTTP 502: <html><body>Bad Gateway</body></html>");

  const auto empty = error_from_response(request("GET", "https://h.example"), response(504, ""));
  CHECK(empty.message == "GET /: HTTP 504");

  const auto long_body = error_from_response(request("GET", k_instances), response(418, std::string(500, 'x')));
  CHECK(long_body.message == "GET /20160918/instances: HTTP 418: " + std::string(200, 'x') + "...");

  const auto wrong_types = error_from_response(request("GET", k_instances),
                                               response(400, R"({"code":7,"message":["a"]})"));
  CHECK(wrong_types.code.empty());
  CHECK(wrong_types.message == R"(GET /20160918/instances: HTTP 400: {"code":7,"message":["a"]})");
}

TEST_CASE("a clock-skew 401 says how far off the clock is, from the service message")
{
  const std::string body =
    R"({"code":"NotAuthenticated","message":"Date 'Sun, 11 Mar 2018 16:32:46 UTC' is not within )"
    R"(allowed clock skew. Current 'Sun, 11 Mar 2018 16:39:04 UTC', valid datetime range: )"
    R"(['Sun, 11 Mar 2018 16:34:04 UTC', 'Sun, 11 Mar 2018 16:44:05 UTC']"})";
  const auto error = error_from_response(request("GET", k_instances), response(401, body));
  CHECK(error.kind == ErrorKind::auth);
  CHECK(error.message == "GET /20160918/instances: NotAuthenticated: Date 'Sun, 11 Mar 2018 16:32:46 UTC' is not "
                         "within allowed clock skew. Current 'Sun, 11 Mar 2018 16:39:04 UTC', valid datetime range: "
                         "['Sun, 11 Mar 2018 16:34:04 UTC', 'Sun, 11 Mar 2018 16:44:05 UTC']: your clock is off by "
                         "about 6 minutes (sync it with NTP)");
}

TEST_CASE("a clock-skew 401 without dates in the message uses the Date headers")
{
  auto sent = request("GET", k_instances);
  sent.headers.emplace_back("date", "Fri, 04 Dec 2026 19:00:00 GMT");
  const auto error = error_from_response(
    sent, response(401, R"({"code":"NotAuthenticated","message":"Request is not within allowed clock skew"})",
                   {{"Date", "Fri, 04 Dec 2026 18:47:50 GMT"}}));
  CHECK(error.message == "GET /20160918/instances: NotAuthenticated: Request is not within allowed "
                         "clock skew: your clock is off by about 12 minutes (sync it with NTP)");

  const auto no_dates = error_from_response(
    request("GET", k_instances),
    response(401, R"({"code":"NotAuthenticated","message":"not within allowed clock skew"})"));
  CHECK(no_dates.message == "GET /20160918/instances: NotAuthenticated: not within allowed clock "
                            "skew: your clock is off (sync it with NTP)");
}

TEST_CASE("a 401 that is not about the clock gets no clock hint")
{
  auto sent = request("GET", k_instances);
  sent.headers.emplace_back("date", "Fri, 04 Dec 2026 19:00:00 GMT");
  const auto error = error_from_response(
    sent, response(401, example("error-not-authenticated.json"), {{"Date", "Fri, 04 Dec 2026 18:00:00 GMT"}}));
  CHECK(error.message.find("clock") == std::string::npos);
  CHECK_FALSE(ocivanilla::oci::clock_skew_minutes(sent, response(401, ""), "bad key").has_value());
}
