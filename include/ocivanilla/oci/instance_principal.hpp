#pragma once

#include "ocivanilla/auth/credentials.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::oci {

// The instance metadata service v2 base (SIGNING.md §5.1); OCI_METADATA_BASE_URL overrides it.
inline constexpr std::string_view k_default_metadata_base = "http://169.254.169.254/opc/v2";

// GET <metadata_base>/instance/region with "Authorization: Bearer Oracle": the region name or
// short code, trimmed. Errors: network (as the transport reports), auth for any non-200
// answer ("instance metadata <url>: HTTP <status>"), config for an empty answer.
core::Result<std::string> fetch_instance_region(HttpTransport& transport, std::string_view metadata_base);

struct InstancePrincipalSettings {
  std::string metadata_base{k_default_metadata_base}; // no trailing '/'
  std::string federation_url; // full URL of the x509 call, e.g. https://auth.<region>.oraclecloud.com/v1/x509
  // Refresh when exp - refresh_margin <= now (PY's jitter, SIGNING.md §5.1 step 7).
  std::chrono::seconds refresh_margin{60};
};

// Instance-principal credentials (SIGNING.md §5.1). Talks through `transport` without any
// signing of its own besides the federation call: the metadata GETs carry
// "Authorization: Bearer Oracle"; the POST to federation_url is signed with the leaf key over
// date (request-target) content-length content-type x-content-sha256 (no host), keyId
// "<tenancy>/fed-x509-sha256/<SHA-256 of the leaf DER>", body {certificate, publicKey,
// intermediateCertificates, fingerprintAlgorithm: "SHA256"}. The answer's JWT gives the keyId
// "ST$<jwt>" for a fresh RSA-2048 session key. A new token (new session key, certificates
// read again) is fetched on first use, when exp - margin <= now, and on refresh().
// Errors: network (transport), auth (metadata or federation answered non-200, the token has
// no readable exp), config (certificates or key unusable, no opc-tenant in the subject).
// Thread-safe.
class InstancePrincipalKeyProvider final : public auth::KeyProvider {
 public:
  InstancePrincipalKeyProvider(HttpTransport& transport, const core::Clock& clock, InstancePrincipalSettings settings);
  ~InstancePrincipalKeyProvider() override;

  core::Result<auth::SigningCredentials> credentials() override;
  // Fetches a new token; true when that worked (worth one more try of the failed call).
  bool refresh() override;

  // The tenancy OCID from the leaf certificate (reads the certificates when not done yet; the
  // first token is then requested with what was read).
  core::Result<std::string> tenancy();
  // exp of the current token; nullopt before the first token.
  std::optional<core::TimePoint> token_expiry() const;

 private:
  struct Identity;
  core::Result<Identity> read_identity();
  core::Status federate();

  HttpTransport& m_transport;
  const core::Clock& m_clock;
  InstancePrincipalSettings m_settings;
  mutable std::mutex m_mutex;
  std::string m_tenancy;
  std::unique_ptr<Identity> m_unused_identity; // read by tenancy(), not yet used by federate()
  std::optional<auth::SigningCredentials> m_credentials;
  core::TimePoint m_expiry{};
};

// The `exp` claim of a JWT (header.payload.signature, base64url), as a time point. Errors
// (kind auth): not three parts, payload not base64url JSON, no numeric exp.
core::Result<core::TimePoint> jwt_expiry(std::string_view jwt);

} // namespace ocivanilla::oci
