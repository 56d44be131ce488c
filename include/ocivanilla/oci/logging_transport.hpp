#pragma once

#include "ocivanilla/oci/http.hpp"

#include <string>
#include <string_view>

namespace ocivanilla::oci {

// A copy of `headers` with the values of secret headers (authorization, opc-obo-token,
// x-subject-token, cookie, proxy-authorization, ...) replaced by "<redacted>".
Headers redact_headers(const Headers& headers);

// `text` with PEM blocks replaced by "<redacted PEM>" and signature="..." / keyId="ST$..."
// values replaced by "<redacted>".
std::string redact_text(std::string_view text);

// Logs one debug line per call to the default spdlog logger and forwards it:
//   "GET https://host/path -> 200 in 12 ms (attempt 1, opc-request-id ABC...)"
//   "GET https://host/path -> failed in 3 ms: <error> (attempt 2, opc-request-id ABC...)"
// plus, for error answers (status >= 400), the request headers sent (redact_headers) and
// the body (at most 300 characters), both through redact_text. It adds the opc-request-id (when absent) so the id it logs is the one sent.
class LoggingTransport final : public HttpTransport {
 public:
  explicit LoggingTransport(HttpTransport& inner);

  core::Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  HttpTransport& m_inner;
};

} // namespace ocivanilla::oci
