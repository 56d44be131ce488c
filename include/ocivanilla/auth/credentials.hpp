#pragma once

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/core/result.hpp"

#include <memory>
#include <string>

namespace ocivanilla::auth {

struct SigningCredentials {
  std::string key_id; // "<tenancy>/<user>/<fingerprint>" or "ST$<token>"
  std::shared_ptr<const PrivateKey> key;
};

// Where the signing transport gets its key and keyId. API keys never change; session tokens
// and instance principals refresh (refresh() is called after a 401 and before expiry).
class KeyProvider {
 public:
  virtual ~KeyProvider() = default;
  virtual core::Result<SigningCredentials> credentials() = 0;
  // Called once after a 401; return true when new credentials are worth one more try.
  virtual bool refresh() { return false; }
};

} // namespace ocivanilla::auth
