#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/result.hpp"

#include <string_view>

namespace ocivanilla::ops {

// True when `text` starts with "ocid1.".
bool is_ocid(std::string_view text);

// True for "TERMINATED" (lifecycle states are compared exactly as the API sends them).
bool is_terminated(const api::Instance& instance);

// A NAME|OCID argument (CLI.md): an OCID is fetched with GetInstance (a 404 becomes not_found
// naming the OCID); a name is matched exactly against the display names of the instances of
// the compartment that are not TERMINATED (ListInstances with displayName, all pages).
// No match -> not_found "no instance named 'x' (not TERMINATED) in compartment <ocid>";
// several -> ambiguous "name 'x' matches 2 instances in compartment <ocid>: <ocid>, <ocid>".
core::Result<api::Instance> resolve_instance(api::ComputeClient& compute, std::string_view compartment_id,
                                             std::string_view name_or_ocid);

} // namespace ocivanilla::ops
