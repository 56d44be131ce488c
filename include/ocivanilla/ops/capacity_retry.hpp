#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/ops/launch.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace ocivanilla::ops {

struct CapacityRetryOptions {
  std::chrono::seconds max_wait{std::chrono::hours(1)};       // --max-wait
  std::chrono::milliseconds first_delay{std::chrono::seconds(30)};  // after the first full round
  std::chrono::milliseconds max_delay{std::chrono::minutes(5)};     // the delay doubles up to this
};

// Told about every failed attempt that will be retried: the AD tried and why it failed.
using CapacityProgress = std::function<void(const std::string& availability_domain, int attempt,
                                            const core::Error& error)>;

// `launch --retry-capacity`: sends the prepared launch, and on "Out of host capacity" (kind
// capacity) tries the next AD of `availability_domains` (the prepared AD is tried first); an AD
// answering 404 "shape ... not found" is dropped. After each full round it sleeps (first_delay,
// doubling up to max_delay) unless that would pass max_wait (measured on `clock`). Each attempt
// after the first uses a new retry token: it is a new logical request. Any other error is
// returned at once. Exhaustion gives kind capacity, naming the ADs and the attempts.
core::Result<api::InstanceReply> launch_with_capacity_retry(
  api::ComputeClient& compute, core::Clock& clock, core::Sleeper& sleeper, const PreparedLaunch& prepared,
  const std::vector<std::string>& availability_domains, const CapacityRetryOptions& options,
  const CapacityProgress& progress = {});

} // namespace ocivanilla::ops
