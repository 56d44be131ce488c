#pragma once

#include "ocivanilla/core/error.hpp"
#include "ocivanilla/oci/http.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::oci {

// The {"code","message"} of an OCI error body; empty strings when the body is not JSON or
// lacks them.
struct ApiErrorBody {
  std::string code;
  std::string message;
};
ApiErrorBody parse_error_body(std::string_view body);

// Maps an HTTP error answer to an Error (pure). Kinds: 401 auth, 404 not_found, 429
// throttled, 500 "Out of host capacity" capacity, other 5xx server, anything else api
// (400 LimitExceeded included; the code is kept). Message:
//   "<METHOD> <path?query>: <code>: <message>"
// with "HTTP <status>" and the body's first line standing in for a missing code/message.
// A 401 about clock skew gets ": your clock is off by about N minutes (sync it with NTP)".
// http_status, code and opc_request_id (response header, else the request's) are filled.
core::Error error_from_response(const HttpRequest& request, const HttpResponse& response);

// The clock offset in whole minutes (rounded) for a clock-skew 401: from the two dates in
// the service message ("Date '<client>' is not within allowed clock skew. Current
// '<server>'"), else the response Date header against the request's date/x-date header.
// nullopt when the message is not about clock skew or no pair of dates can be read.
std::optional<long> clock_skew_minutes(const HttpRequest& request, const HttpResponse& response,
                                       std::string_view message);

} // namespace ocivanilla::oci
