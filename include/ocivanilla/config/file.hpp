#pragma once

#include "ocivanilla/core/result.hpp"

#include <string>
#include <string_view>

namespace ocivanilla::config {

// Reads a whole file. `what` names it in errors ("config file", "plan"), which are of kind
// config: "<what> <path> not found", "<what> <path> cannot be read: <reason>".
core::Result<std::string> read_file(const std::string& path, std::string_view what);

// True when `path` names an existing file system entry (any type).
bool path_exists(const std::string& path);

} // namespace ocivanilla::config
