#include "ocivanilla/api/error_mapping.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace ocivanilla;

namespace {

constexpr const char* k_request_id =
  "6739c860813bf48adc2da683ffb90313/678AA750A9B1B92A87AEE66849414454/77CE8BE22355681DCEC73F6D1DF0436D";

oci::HttpRequest launch_request()
{
  oci::HttpRequest request;
  request.method = "POST";
  request.url = "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances?x=1";
  return request;
}

oci::HttpResponse answer(int status, std::string body)
{
  oci::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = {{"Opc-Request-Id", k_request_id}, {"Content-Type", "application/json"}};
  return response;
}

std::string example(const std::string& name)
{
  return testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

} // namespace

TEST_CASE("error_from maps the documented error answers")
{
  struct Case {
    int status;
    const char* file;
    core::ErrorKind kind;
    const char* message;
  };
  const Case cases[] = {
    {401, "error-not-authenticated.json", core::ErrorKind::auth,
     "POST /20160918/instances?x=1: NotAuthenticated: The required information to complete authentication was not provided or was incorrect."},
    {404, "error-not-authorized-or-not-found.json", core::ErrorKind::not_found,
     "POST /20160918/instances?x=1: NotAuthorizedOrNotFound: Authorization failed or requested resource not found."},
    {404, "error-shape-not-found.json", core::ErrorKind::not_found,
     "POST /20160918/instances?x=1: NotAuthorizedOrNotFound: shape VM.Standard.A1.Flex not found"},
    {429, "error-too-many-requests.json", core::ErrorKind::throttled,
     "POST /20160918/instances?x=1: TooManyRequests: Too many requests for the user"},
    {500, "error-out-of-host-capacity.json", core::ErrorKind::capacity,
     "POST /20160918/instances?x=1: InternalError: Out of host capacity."},
    {409, "error-incorrect-state.json", core::ErrorKind::api,
     "POST /20160918/instances?x=1: IncorrectState: Instance is in an incorrect state for the requested action (STOPPING)."},
    {412, "error-no-etag-match.json", core::ErrorKind::api,
     "POST /20160918/instances?x=1: NoEtagMatch: The resource's etag does not match the value of the 'if-match' header."},
    {400, "error-limit-exceeded.json", core::ErrorKind::api,
     "POST /20160918/instances?x=1: LimitExceeded: The following service limits were exceeded: standard-a1-memory-count, "
     "standard-a1-memory-regional-count, standard-a1-core-count, standard-a1-core-regional-count. "
     "Request a service limit increase from the service limits page in the console."},
  };
  for (const auto& c : cases) {
    INFO(c.file);
    const auto error = api::error_from(launch_request(), answer(c.status, example(c.file)));
    CHECK(error.kind == c.kind);
    CHECK(error.message == c.message);
    CHECK(error.http_status == c.status);
    CHECK(error.opc_request_id == k_request_id);
    CHECK(error.message.rfind("POST /20160918/instances?x=1: " + error.code + ": ", 0) == 0);
  }
}

TEST_CASE("a 500 without the capacity message is a server error")
{
  const auto error = api::error_from(launch_request(),
                                     answer(500, R"({"code": "InternalError", "message": "Something broke"})"));
  CHECK(error.kind == core::ErrorKind::server);
  CHECK(error.code == "InternalError");
  CHECK(error.message == "POST /20160918/instances?x=1: InternalError: Something broke");
}

TEST_CASE("a body that is not an OCI error still gives one clear line")
{
  auto response = answer(502, "<html>\n<body>Bad Gateway</body>\n</html>");
  response.headers.clear();
  const auto error = api::error_from(launch_request(), response);
  CHECK(error.kind == core::ErrorKind::server);
  CHECK(error.code.empty());
  CHECK(error.opc_request_id.empty()); // neither the answer nor the request carried one
  CHECK(error.message == "POST /20160918/instances?x=1: HTTP 502: <html>");

  const auto empty = api::error_from(launch_request(), answer(503, ""));
  CHECK(empty.message == "POST /20160918/instances?x=1: HTTP 503");

  const auto half = api::error_from(launch_request(), answer(400, R"({"code": "X"})"));
  CHECK(half.kind == core::ErrorKind::api);
  CHECK(half.message == R"(POST /20160918/instances?x=1: X: {"code": "X"})");
}
