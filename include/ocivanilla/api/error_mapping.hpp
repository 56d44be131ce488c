#pragma once

#include "ocivanilla/core/error.hpp"
#include "ocivanilla/oci/http.hpp"

namespace ocivanilla::api {

// Maps a non-2xx answer to an Error: oci::error_from_response (include/ocivanilla/oci/api_error.hpp),
// i.e. "<METHOD> <path?query>: <code>: <message>", kinds by status, the clock-skew hint on a 401.
core::Error error_from(const oci::HttpRequest& request, const oci::HttpResponse& response);

// True for 200..299.
inline bool is_success(int status)
{
  return status >= 200 && status < 300;
}

} // namespace ocivanilla::api
