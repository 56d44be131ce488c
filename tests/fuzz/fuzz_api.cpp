// Fuzz target "api": the JSON the client reads from the API. The input is a response body,
// optionally preceded by "NNN " (an HTTP status, else 400): parse_json, then every model parser
// on the document and as a list page (list_from_json), and the error mapping of api/ and oci/
// (parse_error_body, error_from_response with its clock-skew reading, api::error_from).
// Properties: errors are one line naming the source; mapped errors keep the status and a message;
// the page scanner agrees with the nlohmann one (check_instance_page).
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

// The ListInstances page reader (the scanner, falling back to nlohmann) against the nlohmann reader:
// both accept or both refuse, with the same message, and accepted pages give the same instances.
void check_instance_page(std::string_view body)
{
  std::string text(body);
  const auto fast = api::instances_from_page(text, std::string(k_source), k_source);
  OVL_FUZZ_CHECK(text == body, "instances_from_page changed the body");
  auto parsed = api::parse_json(body, k_source);
  const auto reference = parsed.ok() ? api::list_from_json<api::Instance>(*parsed, k_source, api::instance_from_json)
                                     : core::Result<std::vector<api::Instance>>(parsed.error());
  OVL_FUZZ_CHECK(fast.ok() == reference.ok(), fast.ok() ? reference.error().message : fast.error().message);
  if (!fast.ok()) {
    OVL_FUZZ_CHECK(fast.error().message == reference.error().message, fast.error().message);
    return;
  }
  OVL_FUZZ_CHECK(fast->size() == reference->size(), "page sizes differ");
  for (std::size_t i = 0; i < fast->size(); ++i) {
    const auto& a = (*fast)[i];
    const auto& b = (*reference)[i];
    const bool same = a.id == b.id && a.display_name == b.display_name && a.shape == b.shape && a.ocpus == b.ocpus &&
                      a.memory_gb == b.memory_gb && a.lifecycle_state == b.lifecycle_state &&
                      a.created_at == b.created_at && a.freeform_tags == b.freeform_tags && a.image_id == b.image_id &&
                      a.boot_volume_gb == b.boot_volume_gb && a.region == b.region &&
                      a.fault_domain == b.fault_domain && a.availability_domain == b.availability_domain &&
                      a.compartment_id == b.compartment_id;
    OVL_FUZZ_CHECK(same, "fields of element " + std::to_string(i) + " differ");
    OVL_FUZZ_CHECK(a.json() == b.json(), "JSON of element " + std::to_string(i) + " differs: " + a.json_text());
  }
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
  if (body.size() >= 4 && body[3] == ' ' &&
      body.substr(0, 3).find_first_not_of("0123456789") == std::string_view::npos) {
    status = (body[0] - '0') * 100 + (body[1] - '0') * 10 + (body[2] - '0');
    body.remove_prefix(4);
  }
  check_models(body);
  check_instance_page(body);
  check_error_mapping(status, body);
  return 0;
}
