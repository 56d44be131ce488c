#pragma once

#include "ocivanilla/auth/credentials.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/oci/http.hpp"

namespace ocivanilla::oci {

// Signs each request (OCI signature v1) and forwards it to `inner`.
// Per call: adds opc-request-id when absent, sets host (with the port when it is not the
// scheme's default), takes a fresh date from `clock`, and adds date, authorization and, for
// POST/PUT/PATCH, content-type (kept when the request has one, else application/json),
// content-length and x-content-sha256. On a 401 it asks the key provider to refresh() once;
// when that returns true the request is re-signed and sent once more.
// Errors: a URL that cannot be parsed (internal), credentials that cannot be had or used
// (as the provider reports them), and whatever `inner` returns.
class SigningTransport final : public HttpTransport {
 public:
  SigningTransport(HttpTransport& inner, auth::KeyProvider& keys, const core::Clock& clock);

  core::Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  core::Result<HttpRequest> sign(const HttpRequest& request);

  HttpTransport& m_inner;
  auth::KeyProvider& m_keys;
  const core::Clock& m_clock;
};

} // namespace ocivanilla::oci
