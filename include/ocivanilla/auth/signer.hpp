#pragma once

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"

#include <string>
#include <string_view>

namespace ocivanilla::auth {

// Inputs of OCI HTTP signature v1 (SIGNING.md §1). A pure function of these: the signer
// reads no clock, file or environment.
struct SignInput {
  std::string_view method; // upper or lower case; lower-cased in (request-target)
  std::string_view target; // encoded path and query exactly as sent, e.g. "/20160918/instances?a=b"
  std::string_view host; // Host header value, "host" or "host:port"
  std::string_view date; // IMF-fixdate
  std::string_view body; // exact body bytes (POST/PUT/PATCH)
  std::string_view content_type = "application/json";
  bool use_x_date = false; // sign "x-date" instead of "date"
  bool sign_host = true; // false only for the federation (x509) call
};

struct SignOutput {
  std::string signing_string; // lines joined by LF, no trailing LF
  std::string signature; // base64
  std::string authorization; // full Authorization header value
  // Headers to send: date (or x-date), and for body methods content-type, content-length,
  // x-content-sha256; plus authorization. Host is not included (the transport sends it).
  oci::Headers headers;
};

// Body methods (POST, PUT, PATCH) sign date (request-target) host content-length content-type
// x-content-sha256; others sign date (request-target) host.
core::Result<SignOutput> sign_request(const SignInput& input, std::string_view key_id, const PrivateKey& key);

} // namespace ocivanilla::auth
