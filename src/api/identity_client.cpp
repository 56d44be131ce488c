#include "ocivanilla/api/identity_client.hpp"

#include "api/rest.hpp"

#include <iterator>

namespace ocivanilla::api {

IdentityClient::IdentityClient(oci::HttpTransport& transport, std::string_view base_url)
    : m_rest(std::make_unique<detail::RestClient>(transport, base_url))
{}

IdentityClient::~IdentityClient() = default;

const std::string& IdentityClient::endpoint() const
{
  return m_rest->endpoint();
}

core::Result<std::vector<AvailabilityDomain>> IdentityClient::list_availability_domains(std::string_view tenancy_id)
{
  std::vector<AvailabilityDomain> all;
  const detail::QueryParams query{{"compartmentId", std::string(tenancy_id)}};
  // The operation has no limit parameter; pages are followed only if the API sends a token.
  const auto status = m_rest->for_each_page(
    "/availabilityDomains", query, 0, "ListAvailabilityDomains", [&](const nlohmann::json& page) -> core::Status {
      auto items = list_from_json<AvailabilityDomain>(page, "ListAvailabilityDomains response",
                                                      availability_domain_from_json);
      if (!items.ok()) {
        return std::move(items).error();
      }
      std::move(items->begin(), items->end(), std::back_inserter(all));
      return core::Ok{};
    });
  if (!status.ok()) {
    return status.error();
  }
  return all;
}

} // namespace ocivanilla::api
