#pragma once

#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::api {

namespace detail {
class RestClient;
} // namespace detail

// The Identity API (availability domains). Same conventions as ComputeClient.
class IdentityClient {
 public:
  // base_url like "https://identity.eu-frankfurt-1.oci.oraclecloud.com"; "/20160918" appended.
  IdentityClient(oci::HttpTransport& transport, std::string_view base_url);
  ~IdentityClient();
  IdentityClient(const IdentityClient&) = delete;
  IdentityClient& operator=(const IdentityClient&) = delete;

  const std::string& endpoint() const;

  // GET /availabilityDomains?compartmentId=<tenancy> (pages followed if the API sends any).
  core::Result<std::vector<AvailabilityDomain>> list_availability_domains(std::string_view tenancy_id);

 private:
  std::unique_ptr<detail::RestClient> m_rest;
};

} // namespace ocivanilla::api
