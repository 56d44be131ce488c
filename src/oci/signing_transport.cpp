#include "ocivanilla/oci/signing_transport.hpp"

#include "ocivanilla/auth/signer.hpp"
#include "ocivanilla/core/url.hpp"
#include "ocivanilla/oci/request_id.hpp"

namespace ocivanilla::oci {

SigningTransport::SigningTransport(HttpTransport& inner, auth::KeyProvider& keys, const core::Clock& clock)
    : m_inner(inner), m_keys(keys), m_clock(clock)
{}

core::Result<HttpRequest> SigningTransport::sign(const HttpRequest& request)
{
  auto url = core::parse_url(request.url);
  if (!url.ok()) {
    auto error = std::move(url).error();
    error.kind = core::ErrorKind::internal;
    error.message = request.method + " " + request.url + ": cannot sign: " + error.message;
    return error;
  }
  auto credentials = m_keys.credentials();
  if (!credentials.ok()) {
    return std::move(credentials).error();
  }
  if (!credentials->key) {
    return core::make_error(core::ErrorKind::auth, "no signing key for " + credentials->key_id);
  }
  HttpRequest signed_request = request;
  ensure_request_id(signed_request);
  const auto host = url->host_header();
  const auto date = core::format_http_date(m_clock.now());
  const auto content_type = find_header(request.headers, "content-type");
  auth::SignInput input;
  input.method = request.method;
  input.target = url->target;
  input.host = host;
  input.date = date;
  input.body = request.body;
  if (!content_type.empty()) {
    input.content_type = content_type;
  }
  auto output = auth::sign_request(input, credentials->key_id, *credentials->key);
  if (!output.ok()) {
    auto error = std::move(output).error();
    error.opc_request_id = std::string(find_header(signed_request.headers, "opc-request-id"));
    return error;
  }
  set_header(signed_request.headers, "host", host);
  for (auto& [name, value] : output->headers) {
    set_header(signed_request.headers, name, std::move(value));
  }
  return signed_request;
}

core::Result<HttpResponse> SigningTransport::send(const HttpRequest& request)
{
  auto signed_request = sign(request);
  if (!signed_request.ok()) {
    return std::move(signed_request).error();
  }
  auto response = m_inner.send(*signed_request);
  if (!response.ok() || response->status != 401 || !m_keys.refresh()) {
    return response;
  }
  // New credentials: sign again (a fresh date too) and keep the same request id.
  HttpRequest again = request;
  set_header(again.headers, "opc-request-id", std::string(find_header(signed_request->headers, "opc-request-id")));
  auto resigned = sign(again);
  if (!resigned.ok()) {
    return std::move(resigned).error();
  }
  return m_inner.send(*resigned);
}

} // namespace ocivanilla::oci
