#include "ocivanilla/api/error_mapping.hpp"

#include "ocivanilla/oci/api_error.hpp"

namespace ocivanilla::api {

core::Error error_from(const oci::HttpRequest& request, const oci::HttpResponse& response)
{
  // One mapping for the whole program: the transport layer's (it also explains clock skew).
  return oci::error_from_response(request, response);
}

} // namespace ocivanilla::api
