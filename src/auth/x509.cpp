// X.509 certificates for instance-principal auth, through OpenSSL 3. Every entry point clears
// the OpenSSL error queue before returning.
#include "ocivanilla/auth/x509.hpp"

#include "auth/openssl_util.hpp"
#include "ocivanilla/core/encoding.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cctype>
#include <memory>

namespace ocivanilla::auth {

namespace {

struct X509Deleter {
  void operator()(X509* p) const { X509_free(p); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

constexpr std::string_view k_begin_certificate = "-----BEGIN CERTIFICATE-----";

std::vector<std::string> subject_values(const X509* cert)
{
  std::vector<std::string> out;
  const X509_NAME* name = X509_get_subject_name(cert);
  const int count = X509_NAME_entry_count(name);
  for (int i = 0; i < count; ++i) {
    const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length >= 0 && utf8 != nullptr) {
      out.emplace_back(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    }
    OPENSSL_free(utf8);
  }
  return out;
}

core::Result<Certificate> describe(X509* cert, std::string_view source)
{
  unsigned char* der = nullptr;
  const int der_length = i2d_X509(cert, &der);
  if (der_length <= 0) {
    return core::make_error(core::ErrorKind::config, std::string(source) + ": cannot encode the certificate");
  }
  const std::string der_bytes(reinterpret_cast<const char*>(der), static_cast<std::size_t>(der_length));
  OPENSSL_free(der);
  Certificate out;
  out.pem_body = core::base64_encode(der_bytes);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_length = 0;
  EVP_Digest(der_bytes.data(), der_bytes.size(), digest.data(), &digest_length, EVP_sha256(), nullptr);
  out.sha256_fingerprint = hex_colon(digest.data(), digest_length);
  out.subject_values = subject_values(cert);
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), X509_get0_pubkey(cert)) != 1) {
    return core::make_error(core::ErrorKind::config,
                            std::string(source) + ": the certificate has no usable public key");
  }
  out.public_key_pem = bio_to_string(bio.get());
  return out;
}

} // namespace

core::Result<Certificate> parse_certificate_pem(std::string_view pem, std::string_view source)
{
  const auto begin = pem.find(k_begin_certificate);
  if (begin == std::string_view::npos) {
    return core::make_error(core::ErrorKind::config, std::string(source) + ": not a PEM certificate");
  }
  const std::string_view block = pem.substr(begin);
  BioPtr bio(BIO_new_mem_buf(block.data(), static_cast<int>(block.size())));
  X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
  if (!cert) {
    ERR_clear_error();
    return core::make_error(core::ErrorKind::config, std::string(source) + ": cannot parse the certificate");
  }
  auto out = describe(cert.get(), source);
  ERR_clear_error();
  return out;
}

std::optional<std::string> subject_value_with_prefix(const Certificate& certificate, std::string_view prefix)
{
  for (const auto& value : certificate.subject_values) {
    if (value.size() > prefix.size() && std::string_view(value).substr(0, prefix.size()) == prefix) {
      return value.substr(prefix.size());
    }
  }
  return std::nullopt;
}

std::optional<std::string> certificate_tenancy(const Certificate& certificate)
{
  if (auto tenant = subject_value_with_prefix(certificate, "opc-tenant:")) {
    return tenant;
  }
  return subject_value_with_prefix(certificate, "opc-identity:");
}

std::string pem_body(std::string_view pem)
{
  const auto begin = pem.find("-----BEGIN ");
  if (begin == std::string_view::npos) {
    return {};
  }
  const auto body_start = pem.find('\n', begin);
  const auto end = pem.find("-----END ", begin);
  if (body_start == std::string_view::npos || end == std::string_view::npos || end < body_start) {
    return {};
  }
  std::string out;
  for (const char c : pem.substr(body_start, end - body_start)) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      out += c;
    }
  }
  return out;
}

} // namespace ocivanilla::auth
