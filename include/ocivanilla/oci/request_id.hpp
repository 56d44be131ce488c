#pragma once

#include "ocivanilla/oci/http.hpp"

#include <string>
#include <string_view>

namespace ocivanilla::oci {

inline constexpr std::string_view k_request_id_header = "opc-request-id";

// 32 upper-case hex characters from 16 random bytes (as the Python SDK builds them).
std::string new_request_id();

// Adds an opc-request-id header when the request has none; returns the id in use.
std::string ensure_request_id(HttpRequest& request);

} // namespace ocivanilla::oci
