#pragma once

#include "ocivanilla/core/result.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace ocivanilla::sim {

// An RSA public key held by OpenSSL, used to verify request signatures. The simulator has its
// own OpenSSL code path on purpose: it must not share the client's signer (src/auth).
class PublicKey {
 public:
  struct Impl;

  // Accepts a "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) PEM holding an RSA key.
  // `source` names the file or scenario entry in error messages.
  static core::Result<PublicKey> from_pem(std::string_view pem, std::string_view source);

  // True when `signature_base64` is a valid RSASSA-PKCS1-v1_5 SHA-256 signature of `data`.
  bool verify_sha256(std::string_view data, std::string_view signature_base64) const;

 private:
  explicit PublicKey(std::shared_ptr<Impl> impl) : m_impl(std::move(impl)) {}
  std::shared_ptr<Impl> m_impl;
};

// Standard base64 (padded) of SHA-256(data): the x-content-sha256 value.
std::string sha256_base64(std::string_view data);

// Decodes standard base64 (padding required, no whitespace); false on invalid input.
bool base64_decode(std::string_view text, std::string& out);

} // namespace ocivanilla::sim
