#pragma once

#include "ocivanilla/core/result.hpp"

#include <optional>
#include <string>

namespace ocivanilla::oci {

// Installs the default spdlog logger "ocivanilla": stderr at warning level, or at debug
// level with `verbose`; with `log_file`, also appends everything from debug up to that file
// with timestamps. Safe to call again (replaces the logger). A log file that cannot be
// opened is a config error naming it.
core::Status setup_logging(bool verbose, const std::optional<std::string>& log_file);

} // namespace ocivanilla::oci
