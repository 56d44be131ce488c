#pragma once

#include "ocivanilla/core/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::auth {

// What instance-principal auth needs from an X.509 certificate (SIGNING.md §5.1). Parsed
// once with OpenSSL; this header does not include OpenSSL.
struct Certificate {
  std::string pem_body; // base64 of the DER: the PEM without BEGIN/END lines and newlines
  std::string sha256_fingerprint; // SHA-256 of the DER, "ab:cd:..." lower-case hex
  std::vector<std::string> subject_values; // every subject attribute value, in order
  std::string public_key_pem; // SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----...")
};

// Parses the first "BEGIN CERTIFICATE" block of `pem`. Errors (kind config) name `source`:
//   "<source>: not a PEM certificate", "<source>: cannot parse the certificate".
core::Result<Certificate> parse_certificate_pem(std::string_view pem, std::string_view source);

// The value after `prefix` of the first subject attribute that starts with it
// ("opc-tenant:" -> the tenancy OCID), or nullopt.
std::optional<std::string> subject_value_with_prefix(const Certificate& certificate, std::string_view prefix);

// The tenancy OCID of an instance certificate: "opc-tenant:<ocid>", else "opc-identity:<ocid>".
std::optional<std::string> certificate_tenancy(const Certificate& certificate);

// The body of the first PEM block of `pem`: the text between its BEGIN and END lines with all
// whitespace removed ("" when there is no complete block).
std::string pem_body(std::string_view pem);

} // namespace ocivanilla::auth
