#pragma once

#include <string_view>

namespace ocivanilla::config::detail {

// The text of config/regions.tsv, compiled in by src/CMakeLists.txt.
extern const std::string_view k_regions_tsv;

} // namespace ocivanilla::config::detail
