#pragma once

#include "ocivanilla/core/error.hpp"

namespace ocivanilla::core {

// The exit codes of CLI.md, in one place.
enum class ExitCode : int {
  ok = 0,
  api_error = 1,
  usage = 2,
  config = 3,
  auth = 4,
  not_found = 5,
  budget = 6,
  capacity = 7,
  wait_timeout = 8,
  transient = 9,
  locked = 10,
  interrupted = 130,
};

ExitCode exit_code_for(ErrorKind kind);

} // namespace ocivanilla::core
