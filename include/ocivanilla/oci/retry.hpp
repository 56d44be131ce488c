#pragma once

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/oci/http.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

namespace ocivanilla::oci {

struct RetryPolicy {
  int max_attempts = 8; // total, including the first
  std::chrono::milliseconds max_total = std::chrono::seconds(120); // from the first send
  std::chrono::milliseconds base = std::chrono::seconds(1);
  std::chrono::milliseconds cap = std::chrono::seconds(30);
};

// Returns a uniformly distributed integer in [0, bound] (inclusive).
using RandomSource = std::function<std::uint64_t(std::uint64_t bound)>;

// A RandomSource backed by a Mersenne Twister seeded from std::random_device.
RandomSource default_random_source();

// Full jitter: a random delay in [0, min(cap, base * 2^(retry-1))] for retry 1, 2, ...
std::chrono::milliseconds full_jitter_delay(const RetryPolicy& policy, int retry, const RandomSource& random);

// Retry-After as delay seconds ("120") or an IMF-fixdate relative to `now`.
// nullopt when absent or unparseable; a date in the past gives 0.
std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, core::TimePoint now);

// True when the request may be sent twice: GET, HEAD, PUT, DELETE, OPTIONS, or any request
// carrying an opc-retry-token (the service deduplicates it).
bool is_replayable(const HttpRequest& request);

// The retry decision for one outcome. Retried: connection errors and timeouts (network
// errors except code "TlsVerification"), 429, 502, 503, 504, 409 IncorrectState and
// LockConflict, and 500 unless the body says "Out of host capacity". Never retried: a
// request that is not replayable (a POST without opc-retry-token), other statuses, and
// errors of other kinds.
bool should_retry(const HttpRequest& request, const core::Result<HttpResponse>& outcome);

// Sends through `inner` and retries what should_retry() allows, sleeping a full-jitter
// delay (at least Retry-After, capped by the remaining time) between attempts. Each
// attempt goes down the stack again (so it is re-signed with a fresh date) with
// HttpRequest::attempt set and the same headers (the same opc-retry-token). When attempts
// or time run out, returns the last HTTP answer (status is data) or the last error.
class RetryingTransport final : public HttpTransport {
 public:
  RetryingTransport(HttpTransport& inner, const core::Clock& clock, core::Sleeper& sleeper, RetryPolicy policy = {},
                    RandomSource random = default_random_source());

  core::Result<HttpResponse> send(const HttpRequest& request) override;

 private:
  std::optional<std::chrono::milliseconds> next_delay(const core::Result<HttpResponse>& outcome, int retry,
                                                      core::TimePoint start) const;

  HttpTransport& m_inner;
  const core::Clock& m_clock;
  core::Sleeper& m_sleeper;
  RetryPolicy m_policy;
  RandomSource m_random;
};

} // namespace ocivanilla::oci
