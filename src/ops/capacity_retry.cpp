#include "ocivanilla/ops/capacity_retry.hpp"

#include "ocivanilla/core/duration.hpp"

#include <algorithm>

namespace ocivanilla::ops {

namespace {

// LaunchInstance's 404 for an AD that does not offer the shape (COMPUTE-API.md §6.3).
bool shape_not_in_ad(const core::Error& error)
{
  return error.kind == core::ErrorKind::not_found && error.message.find("shape ") != std::string::npos &&
         error.message.find("not found") != std::string::npos;
}

std::string join(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

// The prepared AD first, then the others in their order, without duplicates.
std::vector<std::string> round_order(const PreparedLaunch& prepared, const std::vector<std::string>& ads)
{
  std::vector<std::string> out{prepared.availability_domain};
  for (const auto& ad : ads) {
    if (std::find(out.begin(), out.end(), ad) == out.end()) {
      out.push_back(ad);
    }
  }
  return out;
}

} // namespace

core::Result<api::InstanceReply> launch_with_capacity_retry(
  api::ComputeClient& compute, core::Clock& clock, core::Sleeper& sleeper, const PreparedLaunch& prepared,
  const std::vector<std::string>& availability_domains, const CapacityRetryOptions& options,
  const CapacityProgress& progress)
{
  const auto started = clock.now();
  const auto deadline = started + options.max_wait;
  auto ads = round_order(prepared, availability_domains);
  const auto all_ads = ads;
  auto delay = options.first_delay;
  int attempt = 0;
  core::Error last = core::make_error(core::ErrorKind::capacity, "no availability domain to try");
  while (!ads.empty()) {
    for (auto it = ads.begin(); it != ads.end();) {
      ++attempt;
      const auto request = attempt == 1 ? prepared
                                        : retarget_launch(compute, prepared, *it, generate_retry_token());
      auto reply = send_launch(compute, request);
      if (reply.ok()) {
        return reply;
      }
      last = std::move(reply).error();
      const bool skip_ad = shape_not_in_ad(last);
      if (last.kind != core::ErrorKind::capacity && !skip_ad) {
        return last;
      }
      if (progress) {
        progress(*it, attempt, last);
      }
      it = skip_ad ? ads.erase(it) : it + 1;
    }
    if (ads.empty() || clock.now() + delay > deadline) {
      break;
    }
    sleeper.sleep_for(delay);
    delay = std::min(delay * 2, options.max_delay);
  }
  if (ads.empty()) {
    return last;  // every AD answered "shape ... not found"
  }
  const auto waited = std::chrono::duration_cast<std::chrono::seconds>(clock.now() - started);
  auto error = core::make_error(core::ErrorKind::capacity,
                                "no capacity for " +
                                  (prepared.details.is_object() ? prepared.details.value("shape", std::string()) : std::string()) +
                                  " in " + join(all_ads) + " after " + std::to_string(attempt) +
                                  " attempts over " +
                                  (waited.count() > 0 ? core::format_duration(waited) : std::string("0s")) +
                                  " (last: " + last.message + ")");
  error.http_status = last.http_status;
  error.code = last.code;
  error.opc_request_id = last.opc_request_id;
  return error;
}

} // namespace ocivanilla::ops
