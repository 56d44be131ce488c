#pragma once

#include "ocivanilla/core/error.hpp"
#include "ocivanilla/oci/http.hpp"

namespace ocivanilla::api {

// Maps a non-2xx answer to an Error (pure; never throws). Kind by status: 401 auth, 404
// not_found, 429 throttled, 500 whose message contains "Out of host capacity" capacity, other
// 5xx server, anything else api. A body {"code","message"} gives the message "<code>: <message>"
// (trailing blanks trimmed) and Error::code; any other body gives "HTTP <status> from <METHOD>
// <path>" plus its first line. http_status and opc_request_id (response header) are always set.
core::Error error_from(const oci::HttpRequest& request, const oci::HttpResponse& response);

// True for 200..299.
inline bool is_success(int status)
{
  return status >= 200 && status < 300;
}

} // namespace ocivanilla::api
