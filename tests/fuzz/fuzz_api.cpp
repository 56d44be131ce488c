// Fuzz target "api": the JSON the client reads from the API. The input is a response body,
// optionally preceded by "NNN " (an HTTP status, else 400): parse_json, then every model parser
// on the document and as a list page (list_from_json), and the error mapping of api/ and oci/
// (parse_error_body, error_from_response with its clock-skew reading, api::error_from).
// Properties: errors are one line naming the source; mapped errors keep the status and a message.
#include "fuzz_support.hpp"

#include "ocivanilla/api/error_mapping.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/oci/api_error.hpp"

#include <string>

namespace {

using namespace ocivanilla;

constexpr std::string_view k_source = "fuzz response";

void check_error(const core::Error& error)
{
  OVL_FUZZ_CHECK(error.message.rfind(std::string(k_source), 0) == 0, error.message);
}

template <typename T>
void check_model(const nlohmann::json& j, api::FromJson<T> parse_one)
{
  const auto one = parse_one(j, k_source, {});
  if (!one.ok()) {
    check_error(one.error());
  } else {
    OVL_FUZZ_CHECK(one->raw == j, "raw differs from the document");
  }
  const auto list = api::list_from_json<T>(j, k_source, parse_one);
  if (!list.ok()) {
    check_error(list.error());
  } else {
    OVL_FUZZ_CHECK(list->size() == j.size(), "list size differs from the array size");
  }
}

void check_models(std::string_view body)
{
  const auto parsed = api::parse_json(body, k_source);
  if (!parsed.ok()) {
    check_error(parsed.error());
    return;
  }
  const nlohmann::json& j = *parsed;
  check_model<api::Instance>(j, api::instance_from_json);
  check_model<api::Image>(j, api::image_from_json);
  check_model<api::Shape>(j, api::shape_from_json);
  check_model<api::Subnet>(j, api::subnet_from_json);
  check_model<api::AvailabilityDomain>(j, api::availability_domain_from_json);
  check_model<api::VnicAttachment>(j, api::vnic_attachment_from_json);
  check_model<api::Vnic>(j, api::vnic_from_json);
}

void check_error_mapping(int status, std::string_view body)
{
  (void)oci::parse_error_body(body);
  oci::HttpRequest request;
  request.method = "POST";
  request.url = "https://iaas.us-ashburn-1.oraclecloud.com/20160918/instances?limit=5";
  request.headers = {{"date", "Thu, 05 Jan 2014 21:31:40 GMT"}, {"opc-request-id", "req-fuzz"}};
  oci::HttpResponse response;
  response.status = status;
  response.headers = {{"Date", "Thu, 05 Jan 2014 21:45:10 GMT"}, {"opc-request-id", "resp-fuzz"}};
  response.body = std::string(body);
  const core::Error mapped = oci::error_from_response(request, response);
  OVL_FUZZ_CHECK(mapped.http_status == status && !mapped.message.empty(), mapped.message);
  (void)oci::clock_skew_minutes(request, response, body);
  const core::Error api_mapped = api::error_from(request, response);
  OVL_FUZZ_CHECK(api_mapped.http_status == status && !api_mapped.message.empty(), api_mapped.message);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  std::string_view body = fuzz::as_text(data, size);
  int status = 400;
  if (body.size() >= 4 && body[3] == ' ' && body.substr(0, 3).find_first_not_of("0123456789") ==
                                              std::string_view::npos) {
    status = (body[0] - '0') * 100 + (body[1] - '0') * 10 + (body[2] - '0');
    body.remove_prefix(4);
  }
  check_models(body);
  check_error_mapping(status, body);
  return 0;
}
