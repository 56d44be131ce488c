#include "instance_principal.hpp"

#include "signature_verifier.hpp"

#include "ocivanilla/core/encoding.hpp"

#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ocivanilla::sim {

namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;
using BioPtr = std::unique_ptr<BIO, decltype(&BIO_free)>;

constexpr std::string_view k_metadata_prefix = "/opc/v2/";
constexpr std::string_view k_federation_path = "/v1/x509";
constexpr auto k_skew_before = std::chrono::seconds{300};
constexpr auto k_skew_after = std::chrono::seconds{301};

std::string bio_text(BIO* bio)
{
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<std::size_t>(length)) : std::string();
}

std::string pem_of(X509* cert)
{
  BioPtr bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_X509(bio.get(), cert);
  return bio_text(bio.get());
}

std::string strip_pem(std::string_view pem)
{
  std::string out;
  std::size_t pos = 0;
  while (pos < pem.size()) {
    const std::size_t end = std::min(pem.find('\n', pos), pem.size());
    const std::string_view line = pem.substr(pos, end - pos);
    if (line.rfind("-----", 0) != 0) {
      for (const char c : line) {
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
          out += c;
        }
      }
    }
    pos = end + 1;
  }
  return out;
}

std::string to_pem(std::string_view label, std::string_view body)
{
  std::string out = "-----BEGIN " + std::string(label) + "-----\n";
  for (std::size_t i = 0; i < body.size(); i += 64) {
    out += std::string(body.substr(i, 64)) + "\n";
  }
  return out + "-----END " + std::string(label) + "-----\n";
}

long long epoch_seconds(core::TimePoint t)
{
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

struct CertSpec {
  std::vector<std::pair<std::string, std::string>> subject; // (field, value)
  bool ca = false;
  long serial = 1;
};

// A certificate for `key`, signed by `issuer_key` (self-signed when `issuer` is null).
X509Ptr make_certificate(const CertSpec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key)
{
  X509Ptr cert(X509_new(), &X509_free);
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), spec.serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  for (const auto& [field, value] : spec.subject) {
    // V_ASN1_UTF8STRING, not MBSTRING_UTF8: OCI's "opc-tenant:<ocid>" OUs exceed the 64
    // characters OpenSSL's string table allows for an OU, and real instance certificates carry them.
    X509_NAME_add_entry_by_txt(name, field.c_str(), V_ASN1_UTF8STRING,
                               reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
  }
  X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints,
                                            spec.ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
  if (ext != nullptr) {
    X509_add_ext(cert.get(), ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert.get(), issuer_key, EVP_sha256()) <= 0) {
    return X509Ptr(nullptr, &X509_free);
  }
  return cert;
}

std::string sha256_fingerprint(X509* cert)
{
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  X509_digest(cert, EVP_sha256(), digest.data(), &length);
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    if (i > 0) {
      out += ':';
    }
    out += k_digits[digest[i] >> 4U];
    out += k_digits[digest[i] & 0x0FU];
  }
  return out;
}

ApiResponse text_response(int status, std::string body)
{
  ApiResponse response;
  response.status = status;
  response.body = std::move(body);
  response.set_header("Content-Type", "text/plain");
  return response;
}

ApiResponse not_authenticated()
{
  return error_response(401, "NotAuthenticated", k_not_authenticated_message);
}

} // namespace

struct InstancePrincipalService::Pki {
  std::string leaf_pem;
  std::string leaf_key_pem;
  std::string intermediate_pem;
  std::string leaf_body;
  std::string intermediate_body;
  std::string leaf_fingerprint;
  std::string hmac_secret;
};

InstancePrincipalService::InstancePrincipalService(InstancePrincipalConfig config, std::unique_ptr<Pki> pki,
                                                   PublicKey leaf_key)
    : m_config(std::move(config)), m_pki(std::move(pki)), m_leaf_key(std::move(leaf_key))
{}

InstancePrincipalService::~InstancePrincipalService() = default;

core::Result<std::unique_ptr<InstancePrincipalService>> InstancePrincipalService::create(InstancePrincipalConfig config)
{
  const auto failed = [](const std::string& what) {
    return core::make_error(core::ErrorKind::internal, "instancePrincipal: cannot create the " + what);
  };
  PkeyPtr ca_key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  PkeyPtr intermediate_key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  PkeyPtr leaf_key(EVP_RSA_gen(2048), &EVP_PKEY_free);
  if (!ca_key || !intermediate_key || !leaf_key) {
    return failed("RSA keys");
  }
  X509Ptr ca = make_certificate({{{"CN", "ocivanilla-sim Root CA"}}, true, 1}, ca_key.get(), nullptr, ca_key.get());
  if (!ca) {
    return failed("CA certificate");
  }
  X509Ptr intermediate = make_certificate({{{"CN", "PKISVC Identity Intermediate r2"}}, true, 2},
                                          intermediate_key.get(), ca.get(), ca_key.get());
  const CertSpec leaf_spec{{{"CN", config.instance_id},
                            {"OU", "opc-certtype:instance"},
                            {"OU", "opc-compartment:" + config.tenancy_id},
                            {"OU", "opc-instance:" + config.instance_id},
                            {"OU", "opc-tenant:" + config.tenancy_id}},
                           false,
                           3};
  X509Ptr leaf = intermediate ? make_certificate(leaf_spec, leaf_key.get(), intermediate.get(), intermediate_key.get())
                              : X509Ptr(nullptr, &X509_free);
  if (!leaf) {
    return failed("certificates");
  }
  auto pki = std::make_unique<Pki>();
  pki->leaf_pem = pem_of(leaf.get());
  pki->intermediate_pem = pem_of(intermediate.get());
  pki->leaf_body = strip_pem(pki->leaf_pem);
  pki->intermediate_body = strip_pem(pki->intermediate_pem);
  pki->leaf_fingerprint = sha256_fingerprint(leaf.get());
  BioPtr key_bio(BIO_new(BIO_s_mem()), &BIO_free);
  BioPtr pub_bio(BIO_new(BIO_s_mem()), &BIO_free);
  PEM_write_bio_PrivateKey(key_bio.get(), leaf_key.get(), nullptr, nullptr, 0, nullptr, nullptr);
  PEM_write_bio_PUBKEY(pub_bio.get(), leaf_key.get());
  pki->leaf_key_pem = bio_text(key_bio.get());
  pki->hmac_secret.resize(32);
  RAND_bytes(reinterpret_cast<unsigned char*>(pki->hmac_secret.data()), 32);
  auto public_key = PublicKey::from_pem(bio_text(pub_bio.get()), "instancePrincipal leaf key");
  if (!public_key) {
    return std::move(public_key).error();
  }
  return std::make_unique<InstancePrincipalService>(std::move(config), std::move(pki), *public_key);
}

bool InstancePrincipalService::owns(std::string_view path)
{
  return path.rfind(k_metadata_prefix, 0) == 0 || path == k_federation_path;
}

InstancePrincipalService::Outcome InstancePrincipalService::handle(const ApiRequest& request, core::TimePoint now)
{
  Outcome outcome;
  if (request.path == k_federation_path) {
    outcome.response = request.method == "POST"
                         ? federate(request, now, outcome)
                         : error_response(404, "NotFound", "No operation " + request.method + " " + request.path);
  } else {
    ++m_metadata_calls;
    outcome.response = metadata(request, outcome);
  }
  return outcome;
}

ApiResponse InstancePrincipalService::metadata(const ApiRequest& request, Outcome& outcome) const
{
  if (request.header("authorization") != std::optional<std::string>("Bearer Oracle")) {
    outcome.auth_error = "metadata requests need 'Authorization: Bearer Oracle'";
    return error_response(401, "NotAuthenticated", "Authorization: Bearer Oracle is required");
  }
  const std::string file = request.path.substr(k_metadata_prefix.size());
  if (request.method != "GET") {
    return error_response(404, "NotFound", "No operation " + request.method + " " + request.path);
  }
  if (file == "instance/region") {
    return text_response(200, m_config.metadata_region);
  }
  if (file == "identity/cert.pem") {
    return text_response(200, m_pki->leaf_pem);
  }
  if (file == "identity/key.pem") {
    return text_response(200, m_pki->leaf_key_pem);
  }
  if (file == "identity/intermediate.pem") {
    return text_response(200, m_pki->intermediate_pem);
  }
  return error_response(404, "NotFound", "No metadata at " + request.path);
}

// The reason the federation call's signature is refused, "" when it verifies. Like section 5,
// but `host` is not required and the key is the leaf certificate's.
std::string InstancePrincipalService::verify_federation_signature(const ApiRequest& request, core::TimePoint now,
                                                                  Outcome& outcome) const
{
  const auto authorization = request.header("authorization");
  if (!authorization) {
    return "no Authorization header";
  }
  auto params = parse_signature_header(*authorization);
  if (!params) {
    return params.error().message;
  }
  outcome.key_id = params->key_id;
  if (params->algorithm != "rsa-sha256") {
    return "unsupported algorithm";
  }
  std::vector<std::string> names;
  for (const auto& name : params->headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    names.push_back(lower);
  }
  for (const std::string_view required :
       {"date", "(request-target)", "content-length", "content-type", "x-content-sha256"}) {
    if (std::find(names.begin(), names.end(), required) == names.end()) {
      return "header '" + std::string(required) + "' is required in the signature but is not signed";
    }
  }
  if (request.header("content-length") != std::to_string(request.body.size()) ||
      request.header("x-content-sha256") != sha256_base64(request.body)) {
    return "content-length or x-content-sha256 does not match the body";
  }
  core::TimePoint date;
  const auto whole_now = std::chrono::time_point_cast<std::chrono::seconds>(now);
  if (!core::parse_http_date(request.header("date").value_or(""), date) || date < whole_now - k_skew_before ||
      date > whole_now + k_skew_after) {
    return "date missing or not within the allowed clock skew";
  }
  if (params->key_id != m_config.tenancy_id + "/fed-x509-sha256/" + m_pki->leaf_fingerprint) {
    return "keyId is not <tenancy>/fed-x509-sha256/<fingerprint of the instance certificate>";
  }
  std::string signing_string;
  for (const auto& name : names) {
    const auto value = name == "(request-target)" ? std::optional<std::string>("post " + request.target)
                                                  : request.header(name);
    if (!value) {
      return "signed header '" + name + "' is not present in the request";
    }
    signing_string += (signing_string.empty() ? "" : "\n") + name + ": " + *value;
  }
  if (!m_leaf_key.verify_sha256(signing_string, params->signature)) {
    return "signature does not verify with the instance certificate's key";
  }
  return {};
}

ApiResponse InstancePrincipalService::federate(const ApiRequest& request, core::TimePoint now, Outcome& outcome)
{
  ++m_federation_calls;
  outcome.auth_error = verify_federation_signature(request, now, outcome);
  if (!outcome.auth_error.empty()) {
    return not_authenticated();
  }
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object()) {
    return error_response(400, "CannotParseRequest", "The request body is not a JSON object.");
  }
  const auto string_field = [&body](const char* name) {
    return body.contains(name) && body[name].is_string() ? body[name].get<std::string>() : std::string();
  };
  if (string_field("fingerprintAlgorithm") != "SHA256") {
    return error_response(400, "InvalidParameter", "fingerprintAlgorithm must be SHA256 with a fed-x509-sha256 keyId.");
  }
  const auto intermediates = body.value("intermediateCertificates", nlohmann::json::array());
  if (string_field("certificate") != m_pki->leaf_body ||
      intermediates != nlohmann::json::array({m_pki->intermediate_body})) {
    outcome.auth_error = "certificate or intermediateCertificates are not this instance's";
    return not_authenticated();
  }
  auto session_key = PublicKey::from_pem(to_pem("PUBLIC KEY", string_field("publicKey")), "publicKey");
  if (!session_key) {
    return error_response(400, "InvalidParameter",
                          "publicKey is not an RSA SubjectPublicKeyInfo: " + session_key.error().message);
  }
  const auto exp = std::chrono::time_point_cast<std::chrono::seconds>(now) +
                   std::chrono::seconds{m_config.token_lifetime_seconds};
  const std::string token = issue_token(now, exp);
  m_sessions.insert_or_assign(token, Session{*session_key, exp});
  return json_response(200, nlohmann::json{{"token", token}});
}

std::string InstancePrincipalService::issue_token(core::TimePoint now, core::TimePoint exp)
{
  ++m_tokens_issued;
  const nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}, {"kid", "ocivanilla-sim"}};
  const nlohmann::json claims = {{"iss", "authService.oracle.com"},
                                 {"sub", m_config.instance_id},
                                 {"tenant", m_config.tenancy_id},
                                 {"ptype", "instance"},
                                 {"iat", epoch_seconds(now)},
                                 {"exp", epoch_seconds(exp)},
                                 {"jti", "sim-" + std::to_string(m_tokens_issued)}};
  const std::string signed_part = core::base64url_encode(header.dump()) + "." + core::base64url_encode(claims.dump());
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  HMAC(EVP_sha256(), m_pki->hmac_secret.data(), static_cast<int>(m_pki->hmac_secret.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), mac.data(), &mac_length);
  return signed_part + "." +
         core::base64url_encode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac_length));
}

const PublicKey* InstancePrincipalService::session_key(std::string_view key_id, core::TimePoint now) const
{
  if (key_id.rfind("ST$", 0) != 0) {
    return nullptr;
  }
  const auto it = m_sessions.find(key_id.substr(3));
  return it != m_sessions.end() && now < it->second.exp ? &it->second.key : nullptr;
}

bool InstancePrincipalService::token_expired(std::string_view key_id, core::TimePoint now) const
{
  if (key_id.rfind("ST$", 0) != 0) {
    return false;
  }
  const auto it = m_sessions.find(key_id.substr(3));
  return it != m_sessions.end() && now >= it->second.exp;
}

nlohmann::json InstancePrincipalService::admin_json() const
{
  return {{"tenancyId", m_config.tenancy_id},
          {"instanceId", m_config.instance_id},
          {"leafFingerprint", m_pki->leaf_fingerprint},
          {"tokenLifetimeSeconds", m_config.token_lifetime_seconds},
          {"metadataCalls", m_metadata_calls},
          {"federationCalls", m_federation_calls},
          {"tokensIssued", m_tokens_issued}};
}

} // namespace ocivanilla::sim
