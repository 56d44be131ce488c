#pragma once

#include "api_types.hpp"
#include "crypto.hpp"

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::sim {

// The scenario's `instancePrincipal` section (docs/simulator.md section 9).
struct InstancePrincipalConfig {
  std::string tenancy_id; // default: the scenario's tenancyId
  std::string instance_id; // the leaf's opc-instance
  std::string metadata_region; // answer of /opc/v2/instance/region; default: the scenario's region
  long long token_lifetime_seconds = 3600;
};

// The instance metadata service (v2) and the x509 federation endpoint of one simulated instance.
// At creation it makes a CA, an intermediate signed by it and a leaf signed by the intermediate
// (all RSA-2048), the leaf's subject carrying OU opc-tenant:<tenancy> and opc-instance:<id>.
// Not thread-safe: the Simulator calls it with its mutex held.
class InstancePrincipalService {
 public:
  static core::Result<std::unique_ptr<InstancePrincipalService>> create(InstancePrincipalConfig config);

  // True for the paths this service answers: /opc/v2/... and /v1/x509.
  static bool owns(std::string_view path);

  struct Outcome {
    ApiResponse response;
    std::string key_id; // the federation call's keyId ("" otherwise)
    std::string auth_error; // why a request was refused ("" when it was not)
  };
  // Answers a metadata GET (only with "Authorization: Bearer Oracle", else 401) or the
  // federation POST (signature, keyId and body checked; answers {"token": "<JWT>"} and trusts
  // the body's publicKey for "ST$<JWT>" until the token's exp).
  Outcome handle(const ApiRequest& request, core::TimePoint now);

  // The session key trusted for `key_id` ("ST$<token>") at `now`; nullptr when the token is
  // not one of ours or has expired.
  const PublicKey* session_key(std::string_view key_id, core::TimePoint now) const;
  // True when `key_id` is "ST$<token>" of a token we issued whose exp is <= now.
  bool token_expired(std::string_view key_id, core::TimePoint now) const;

  // GET /_sim/instancePrincipal.
  nlohmann::json admin_json() const;

  struct Pki;
  InstancePrincipalService(InstancePrincipalConfig config, std::unique_ptr<Pki> pki, PublicKey leaf_key);
  ~InstancePrincipalService();

 private:
  ApiResponse metadata(const ApiRequest& request, Outcome& outcome) const;
  ApiResponse federate(const ApiRequest& request, core::TimePoint now, Outcome& outcome);
  std::string verify_federation_signature(const ApiRequest& request, core::TimePoint now, Outcome& outcome) const;
  std::string issue_token(core::TimePoint now, core::TimePoint exp);

  struct Session {
    PublicKey key;
    core::TimePoint exp;
  };

  InstancePrincipalConfig m_config;
  std::unique_ptr<Pki> m_pki;
  PublicKey m_leaf_key;
  std::map<std::string, Session, std::less<>> m_sessions; // by token
  long long m_federation_calls = 0;
  long long m_tokens_issued = 0;
  long long m_metadata_calls = 0;
};

} // namespace ocivanilla::sim
