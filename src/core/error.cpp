#include "ocivanilla/core/error.hpp"
#include "ocivanilla/core/exit_code.hpp"

namespace ocivanilla::core {

std::string Error::describe() const
{
  if (opc_request_id.empty() || message.find(opc_request_id) != std::string::npos) {
    return message;
  }
  return message + " (opc-request-id: " + opc_request_id + ")";
}

Error make_error(ErrorKind kind, std::string message)
{
  Error error;
  error.kind = kind;
  error.message = std::move(message);
  return error;
}

std::string_view to_string(ErrorKind kind)
{
  switch (kind) {
  case ErrorKind::usage: return "usage";
  case ErrorKind::config: return "config";
  case ErrorKind::auth: return "auth";
  case ErrorKind::not_found: return "not_found";
  case ErrorKind::ambiguous: return "ambiguous";
  case ErrorKind::budget: return "budget";
  case ErrorKind::capacity: return "capacity";
  case ErrorKind::wait_timeout: return "wait_timeout";
  case ErrorKind::throttled: return "throttled";
  case ErrorKind::server: return "server";
  case ErrorKind::network: return "network";
  case ErrorKind::locked: return "locked";
  case ErrorKind::interrupted: return "interrupted";
  case ErrorKind::api: return "api";
  case ErrorKind::internal: return "internal";
  }
  return "internal";
}

ExitCode exit_code_for(ErrorKind kind)
{
  switch (kind) {
  case ErrorKind::usage: return ExitCode::usage;
  case ErrorKind::config: return ExitCode::config;
  case ErrorKind::auth: return ExitCode::auth;
  case ErrorKind::not_found:
  case ErrorKind::ambiguous: return ExitCode::not_found;
  case ErrorKind::budget: return ExitCode::budget;
  case ErrorKind::capacity: return ExitCode::capacity;
  case ErrorKind::wait_timeout: return ExitCode::wait_timeout;
  case ErrorKind::throttled:
  case ErrorKind::server:
  case ErrorKind::network: return ExitCode::transient;
  case ErrorKind::locked: return ExitCode::locked;
  case ErrorKind::interrupted: return ExitCode::interrupted;
  case ErrorKind::api:
  case ErrorKind::internal: return ExitCode::api_error;
  }
  return ExitCode::api_error;
}

} // namespace ocivanilla::core
