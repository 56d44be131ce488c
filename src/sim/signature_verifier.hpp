#pragma once

#include "crypto.hpp"

#include "ocivanilla/core/clock.hpp"

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocivanilla::sim {

// A request as the server received it: nothing normalised.
struct ReceivedRequest {
  std::string method; // as received, e.g. "GET"
  std::string target; // raw path and query, e.g. "/a?b=c%20d"
  std::vector<std::pair<std::string, std::string>> headers; // names in any case, values as received
  std::string body;
};

// The parameters of `Authorization: Signature k="v",...` (any order).
struct SignatureParams {
  std::string version;
  std::string key_id;
  std::string algorithm;
  std::vector<std::string> headers; // as listed, original case
  std::string signature;
};

// Parses the value of the Authorization header. Errors name what is wrong.
core::Result<SignatureParams> parse_signature_header(std::string_view value);

// Returns the key registered for a keyId, or nullptr.
using KeyLookup = std::function<const PublicKey*(std::string_view key_id)>;

struct VerifyOutcome {
  bool ok = false;
  std::string key_id; // from the header when it could be parsed
  std::string reason; // precise reason, for logs and /_sim/requests ("" when ok)
  std::string message; // message of the 401 body, in OCI's wording ("" when ok)
};

inline constexpr std::string_view k_not_authenticated_message =
  "The required information to complete authentication was not provided or was incorrect.";

// Verifies OCI HTTP signature v1 (docs/simulator.md section 5) against `now`. Pure: no clock, no I/O.
VerifyOutcome verify_signature(const ReceivedRequest& request, const KeyLookup& keys, core::TimePoint now);

// "Sun, 11 Mar 2018 16:32:46 UTC": the form OCI's clock-skew message uses.
std::string format_skew_date(core::TimePoint t);

// The OCI clock-skew message for a request dated `date` received at `now`.
std::string clock_skew_message(core::TimePoint date, core::TimePoint now);

} // namespace ocivanilla::sim
