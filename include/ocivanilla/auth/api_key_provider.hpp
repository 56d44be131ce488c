#pragma once

#include "ocivanilla/auth/credentials.hpp"
#include "ocivanilla/core/result.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ocivanilla::auth {

// What an API-key or session-token profile says (see config::OciConfig); paths already
// have "~/" expanded.
struct ApiKeySettings {
  std::string tenancy;
  std::string user; // unused with a security token
  std::string fingerprint; // as configured; checked against the key
  std::string key_file;
  std::optional<std::string> passphrase;
  std::optional<std::string> security_token_file; // session auth: keyId "ST$<token>"
};

// Receives one-line warnings (the CLI prints them to stderr).
using WarnSink = std::function<void(const std::string&)>;

// Reads and checks the key once, at creation:
//   config - key file missing or unreadable, not a usable PEM private key, not RSA, the
//            configured fingerprint differs from the key's, token file missing or empty
//   auth   - encrypted key without passphrase, wrong passphrase
// Warns (and goes on) when the key file is readable by group or others.
// keyId: "<tenancy>/<user>/<fingerprint>", or "ST$<token>" (token trimmed) with a token file.
// With a token file, refresh() re-reads it and returns true when the token changed.
core::Result<std::shared_ptr<KeyProvider>> make_api_key_provider(const ApiKeySettings& settings, const WarnSink& warn);

} // namespace ocivanilla::auth
