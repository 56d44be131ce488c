#pragma once

#include <string>
#include <string_view>

namespace ocivanilla::core {

// What went wrong, as the exit code and the retry logic need to know it.
enum class ErrorKind {
  usage, // bad flags or arguments (exit 2)
  config, // config file, profile, key file or plan invalid (exit 3)
  auth, // 401, or a key/passphrase that cannot be used (exit 4)
  not_found, // named instance not found (exit 5); also a 404 from the API for a named resource
  ambiguous, // a name that matches several instances (exit 5)
  budget, // refused by the budget guard (exit 6)
  capacity, // "Out of host capacity" after every retry (exit 7)
  wait_timeout, // timed out waiting for a lifecycle state (exit 8)
  throttled, // 429 after all retries (exit 9)
  server, // 5xx after all retries (exit 9)
  network, // connection/timeout/TLS failure after all retries (exit 9)
  locked, // a lock held by another run (exit 10)
  interrupted, // SIGINT (exit 130)
  api, // any other error answer from the API (exit 1)
  internal, // a bug or an unexpected local failure (exit 1)
};

// One error type for the whole program (see docs/adr/0001-result-type.md).
struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message; // one line, names the file/field/instance concerned
  int http_status = 0; // 0 when no HTTP answer was involved
  std::string code; // the API's error code ("LimitExceeded"), if any
  std::string opc_request_id; // the request id of the failing call, if any

  // message plus " (opc-request-id: ...)" when a request id is known.
  std::string describe() const;
};

Error make_error(ErrorKind kind, std::string message);

std::string_view to_string(ErrorKind kind);

} // namespace ocivanilla::core
