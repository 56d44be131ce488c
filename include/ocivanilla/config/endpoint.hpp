#pragma once

#include "ocivanilla/config/region.hpp"
#include "ocivanilla/core/result.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::config {

// Checks an --endpoint / OCIVANILLA_ENDPOINT override and returns its base URL,
// scheme://host[:port] (a trailing '/' is dropped). Usage errors (exit 2):
//   "invalid endpoint '<text>': ..." - not an http(s) URL, or it has a path or query
//   "http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); use https:// for <host>"
core::Result<std::string> validate_endpoint(std::string_view text);

// The endpoints of every service: all equal to the validated override when one is given
// (the region is then not looked up), else those of the region (see regional_endpoints).
core::Result<ServiceEndpoints> resolve_endpoints(std::string_view region,
                                                 const std::optional<std::string>& endpoint_override);

} // namespace ocivanilla::config
