#include "ocivanilla/oci/instance_principal.hpp"

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/auth/signer.hpp"
#include "ocivanilla/auth/x509.hpp"
#include "ocivanilla/core/encoding.hpp"
#include "ocivanilla/core/text.hpp"
#include "ocivanilla/core/url.hpp"
#include "ocivanilla/oci/api_error.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace ocivanilla::oci {

namespace {

using core::ErrorKind;
using core::make_error;

// One GET of the metadata service; the body of a 200 answer.
core::Result<std::string> metadata_get(HttpTransport& transport, std::string_view base, std::string_view path)
{
  HttpRequest request;
  request.method = "GET";
  request.url = std::string(base) + std::string(path);
  request.headers.emplace_back("Authorization", "Bearer Oracle");
  auto response = transport.send(request);
  if (!response.ok()) {
    auto error = std::move(response).error();
    error.message = "cannot reach the instance metadata service (is this an OCI instance? set "
                    "OCI_METADATA_BASE_URL to override): " +
                    error.message;
    return error;
  }
  if (response->status != 200) {
    auto error = make_error(ErrorKind::auth,
                            "instance metadata " + request.url + ": HTTP " + std::to_string(response->status));
    error.http_status = response->status;
    return error;
  }
  return std::move(response->body);
}

} // namespace

core::Result<std::string> fetch_instance_region(HttpTransport& transport, std::string_view metadata_base)
{
  auto body = metadata_get(transport, metadata_base, "/instance/region");
  OVL_TRY(body);
  std::string region(core::trim(*body));
  if (region.empty()) {
    return make_error(ErrorKind::config,
                      "instance metadata " + std::string(metadata_base) + "/instance/region: empty answer");
  }
  return region;
}

core::Result<core::TimePoint> jwt_expiry(std::string_view jwt)
{
  const auto first = jwt.find('.');
  const auto second = first == std::string_view::npos ? first : jwt.find('.', first + 1);
  if (second == std::string_view::npos || jwt.find('.', second + 1) != std::string_view::npos) {
    return make_error(ErrorKind::auth, "security token is not a JWT (header.payload.signature)");
  }
  std::string payload;
  if (!core::base64url_decode(jwt.substr(first + 1, second - first - 1), payload)) {
    return make_error(ErrorKind::auth, "security token payload is not base64url");
  }
  const auto claims = nlohmann::json::parse(payload, nullptr, false);
  if (!claims.is_object() || !claims.contains("exp") || !claims["exp"].is_number()) {
    return make_error(ErrorKind::auth, "security token payload has no numeric 'exp' claim");
  }
  const auto exp = claims["exp"].get<double>();
  return core::TimePoint{} + std::chrono::seconds{static_cast<long long>(exp)};
}

struct InstancePrincipalKeyProvider::Identity {
  auth::Certificate leaf;
  std::shared_ptr<const auth::PrivateKey> leaf_key;
  std::string intermediate_body;
  std::string tenancy;
};

InstancePrincipalKeyProvider::InstancePrincipalKeyProvider(HttpTransport& transport, const core::Clock& clock,
                                                           InstancePrincipalSettings settings)
    : m_transport(transport), m_clock(clock), m_settings(std::move(settings))
{}

InstancePrincipalKeyProvider::~InstancePrincipalKeyProvider() = default;

core::Result<InstancePrincipalKeyProvider::Identity> InstancePrincipalKeyProvider::read_identity()
{
  const auto& base = m_settings.metadata_base;
  auto cert_pem = metadata_get(m_transport, base, "/identity/cert.pem");
  OVL_TRY(cert_pem);
  auto key_pem = metadata_get(m_transport, base, "/identity/key.pem");
  OVL_TRY(key_pem);
  auto intermediate_pem = metadata_get(m_transport, base, "/identity/intermediate.pem");
  OVL_TRY(intermediate_pem);
  auto leaf = auth::parse_certificate_pem(*cert_pem, base + "/identity/cert.pem");
  OVL_TRY(leaf);
  auto intermediate = auth::parse_certificate_pem(*intermediate_pem, base + "/identity/intermediate.pem");
  OVL_TRY(intermediate);
  auto key = auth::PrivateKey::from_pem(*key_pem, std::nullopt, base + "/identity/key.pem");
  OVL_TRY(key);
  if (key->public_key_pem() != leaf->public_key_pem) {
    return make_error(ErrorKind::config, base + "/identity/key.pem is not the key of " + base + "/identity/cert.pem");
  }
  auto tenancy = auth::certificate_tenancy(*leaf);
  if (!tenancy) {
    return make_error(ErrorKind::config, base + "/identity/cert.pem: the subject has no opc-tenant:<tenancy OCID>");
  }
  Identity identity;
  identity.leaf = std::move(leaf).value();
  identity.leaf_key = std::make_shared<const auth::PrivateKey>(std::move(key).value());
  identity.intermediate_body = intermediate->pem_body;
  identity.tenancy = *tenancy;
  return identity;
}

core::Status InstancePrincipalKeyProvider::federate()
{
  auto identity = m_unused_identity ? core::Result<Identity>(std::move(*m_unused_identity)) : read_identity();
  m_unused_identity.reset();
  OVL_TRY(identity);
  m_tenancy = identity->tenancy;
  auto session = auth::PrivateKey::generate_rsa(2048);
  OVL_TRY(session);
  const nlohmann::json body_json = {{"certificate", identity->leaf.pem_body},
                                    {"publicKey", auth::pem_body(session->public_key_pem())},
                                    {"intermediateCertificates", {identity->intermediate_body}},
                                    {"fingerprintAlgorithm", "SHA256"}};
  HttpRequest request;
  request.method = "POST";
  request.url = m_settings.federation_url;
  request.body = body_json.dump();
  auto url = core::parse_url(request.url);
  if (!url.ok()) {
    return make_error(ErrorKind::usage, "invalid federation endpoint '" + request.url + "': " + url.error().message);
  }
  const auto date = core::format_http_date(m_clock.now());
  const auto host = url->host_header(); // not signed here; SignInput only views it
  auth::SignInput input;
  input.method = request.method;
  input.target = url->target;
  input.host = host;
  input.date = date;
  input.body = request.body;
  input.sign_host = false;
  const std::string key_id = identity->tenancy + "/fed-x509-sha256/" + identity->leaf.sha256_fingerprint;
  auto signed_output = auth::sign_request(input, key_id, *identity->leaf_key);
  OVL_TRY(signed_output);
  request.headers = std::move(signed_output->headers);
  auto response = m_transport.send(request);
  if (!response.ok()) {
    auto error = std::move(response).error();
    error.message = "instance principal federation: " + error.message;
    return error;
  }
  if (response->status != 200) {
    auto error = error_from_response(request, *response);
    error.message = "instance principal federation: " + error.message;
    return error;
  }
  const auto answer = nlohmann::json::parse(response->body, nullptr, false);
  if (!answer.is_object() || !answer.contains("token") || !answer["token"].is_string()) {
    return make_error(ErrorKind::auth, "instance principal federation " + request.url + ": answer has no token");
  }
  const std::string token(core::trim(answer["token"].get<std::string>()));
  auto expiry = jwt_expiry(token);
  OVL_TRY(expiry);
  m_expiry = *expiry;
  m_credentials = auth::SigningCredentials{"ST$" + token,
                                           std::make_shared<const auth::PrivateKey>(std::move(session).value())};
  return core::Ok{};
}

core::Result<auth::SigningCredentials> InstancePrincipalKeyProvider::credentials()
{
  std::lock_guard lock(m_mutex);
  if (!m_credentials || m_expiry - m_settings.refresh_margin <= m_clock.now()) {
    OVL_TRY(federate());
  }
  return *m_credentials;
}

bool InstancePrincipalKeyProvider::refresh()
{
  std::lock_guard lock(m_mutex);
  return federate().ok();
}

core::Result<std::string> InstancePrincipalKeyProvider::tenancy()
{
  std::lock_guard lock(m_mutex);
  if (m_tenancy.empty()) {
    auto identity = read_identity();
    OVL_TRY(identity);
    m_tenancy = identity->tenancy;
    m_unused_identity = std::make_unique<Identity>(std::move(identity).value());
  }
  return m_tenancy;
}

std::optional<core::TimePoint> InstancePrincipalKeyProvider::token_expiry() const
{
  std::lock_guard lock(m_mutex);
  if (!m_credentials) {
    return std::nullopt;
  }
  return m_expiry;
}

} // namespace ocivanilla::oci
