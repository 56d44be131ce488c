#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/identity_client.hpp"
#include "ocivanilla/ops/launch.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::ops::detail {

struct OfferedShape {
  std::string availability_domain;
  api::Shape shape;
};

// ADs offering `shape`, with the shape as that AD lists it (for its size ranges).
core::Result<std::vector<OfferedShape>> offered_shapes(api::ComputeClient& compute, api::IdentityClient& identity,
                                                       std::string_view compartment_id, std::string_view tenancy_id,
                                                       std::string_view shape, bool first_only);

core::Result<api::Image> discover_image(api::ComputeClient& compute, std::string_view tenancy_id,
                                        const LaunchSpec& spec);

core::Result<std::string> discover_subnet(api::ComputeClient& compute, const LaunchSpec& spec,
                                          std::string_view availability_domain);

} // namespace ocivanilla::ops::detail
