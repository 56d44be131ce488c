#pragma once

#include "ocivanilla/core/result.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::auth {

// An RSA private key held by OpenSSL. Only src/auth/ includes OpenSSL; this header does not.
class PrivateKey {
 public:
  struct Impl;
  explicit PrivateKey(std::shared_ptr<Impl> impl);

  // Loads a PEM private key: PKCS#1 ("RSA PRIVATE KEY", optionally legacy-encrypted), PKCS#8
  // ("PRIVATE KEY") or encrypted PKCS#8; text after the END line (the OCI_API_KEY label) is
  // ignored. `source` names the file in error messages. Never prompts. Errors:
  //   auth   - encrypted key without passphrase, wrong passphrase
  //   config - not a PEM private key, not RSA (e.g. EC), a public key given
  static core::Result<PrivateKey> from_pem(std::string_view pem, const std::optional<std::string>& passphrase,
                                           std::string_view source);

  // Generates a fresh RSA key (used for instance-principal session keys and tests).
  static core::Result<PrivateKey> generate_rsa(int bits);

  // MD5 of the DER SubjectPublicKeyInfo, "aa:bb:..." lower case (the OCI key fingerprint).
  std::string fingerprint() const;
  // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----...").
  std::string public_key_pem() const;
  // PKCS#8 PEM of the private key, unencrypted (for writing generated keys in tests/demo).
  std::string private_key_pem() const;

  // RSASSA-PKCS1-v1_5 over SHA-256, standard base64 with padding.
  core::Result<std::string> sign_sha256_base64(std::string_view data) const;

  const Impl& impl() const { return *m_impl; }

 private:
  std::shared_ptr<Impl> m_impl;
};

// Base64 (standard, padded) of SHA-256(data): the x-content-sha256 value.
std::string sha256_base64(std::string_view data);

} // namespace ocivanilla::auth
