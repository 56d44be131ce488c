#pragma once

#include "ocivanilla/api/models.hpp"

#include <nlohmann/json.hpp>

#include <string_view>

namespace ocivanilla::api::detail {

// instance_from_json that moves `j` into Instance::raw instead of copying it (list pages: the
// page document is not used after its instances are read).
core::Result<Instance> instance_from_json_moved(nlohmann::json&& j, std::string_view source,
                                                std::string_view path);

} // namespace ocivanilla::api::detail
