#include "ocivanilla/oci/retry.hpp"

#include "ocivanilla/oci/api_error.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <random>

namespace ocivanilla::oci {

namespace {

using std::chrono::milliseconds;

constexpr std::string_view k_capacity_text = "Out of host capacity";
constexpr long long k_max_retry_after_seconds = 86'400;

std::string describe_outcome(const core::Result<HttpResponse>& outcome)
{
  if (outcome.ok()) {
    return "HTTP " + std::to_string(outcome->status);
  }
  return outcome.error().code.empty() ? std::string(core::to_string(outcome.error().kind)) : outcome.error().code;
}

} // namespace

RandomSource default_random_source()
{
  auto generator = std::make_shared<std::mt19937_64>(std::random_device{}());
  auto mutex = std::make_shared<std::mutex>();
  return [generator, mutex](std::uint64_t bound) {
    const std::lock_guard lock(*mutex);
    std::uniform_int_distribution<std::uint64_t> distribution(0, bound);
    return distribution(*generator);
  };
}

milliseconds full_jitter_delay(const RetryPolicy& policy, int retry, const RandomSource& random)
{
  // min(cap, base * 2^(retry-1)), doubling step by step so large retry numbers cannot overflow.
  milliseconds ceiling = policy.base;
  for (int i = 1; i < retry && ceiling < policy.cap; ++i) {
    ceiling *= 2;
  }
  ceiling = std::min(ceiling, policy.cap);
  if (ceiling.count() <= 0) {
    return milliseconds{0};
  }
  const auto bound = static_cast<std::uint64_t>(ceiling.count());
  const auto drawn = std::min(random(bound), bound);
  return milliseconds{static_cast<milliseconds::rep>(drawn)};
}

std::optional<milliseconds> parse_retry_after(std::string_view value, core::TimePoint now)
{
  while (!value.empty() && value.front() == ' ') {
    value.remove_prefix(1);
  }
  while (!value.empty() && value.back() == ' ') {
    value.remove_suffix(1);
  }
  if (value.empty()) {
    return std::nullopt;
  }
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    long long seconds = 0;
    for (const char c : value) {
      seconds = std::min(seconds * 10 + (c - '0'), k_max_retry_after_seconds);
    }
    return std::chrono::duration_cast<milliseconds>(std::chrono::seconds{seconds});
  }
  core::TimePoint when;
  if (!core::parse_http_date(value, when)) {
    return std::nullopt;
  }
  return std::max(milliseconds{0}, std::chrono::duration_cast<milliseconds>(when - now));
}

bool is_replayable(const HttpRequest& request)
{
  const auto& method = request.method;
  if (method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" || method == "OPTIONS") {
    return true;
  }
  return !find_header(request.headers, "opc-retry-token").empty();
}

bool should_retry(const HttpRequest& request, const core::Result<HttpResponse>& outcome)
{
  if (!is_replayable(request)) {
    return false;
  }
  if (!outcome.ok()) {
    const auto& error = outcome.error();
    return error.kind == core::ErrorKind::network && error.code != "TlsVerification";
  }
  const auto& response = *outcome;
  switch (response.status) {
  case 429:
  case 502:
  case 503:
  case 504: return true;
  case 409: {
    // A state that will change (e.g. PROVISIONING) may let a read or an update through later.
    // An action POST is different: after a lost answer the resend finds its own action under
    // way, which the caller must see at once (ops::power treats it as done).
    if (request.method == "POST") {
      return false;
    }
    const auto code = parse_error_body(response.body).code;
    return code == "IncorrectState" || code == "LockConflict";
  }
  case 500:
    // Capacity is the launch loop's business (new token, next AD), not a blind replay.
    return response.body.find(k_capacity_text) == std::string::npos;
  default: return false;
  }
}

RetryingTransport::RetryingTransport(HttpTransport& inner, const core::Clock& clock, core::Sleeper& sleeper,
                                     RetryPolicy policy, RandomSource random)
    : m_inner(inner), m_clock(clock), m_sleeper(sleeper), m_policy(policy), m_random(std::move(random))
{}

std::optional<milliseconds> RetryingTransport::next_delay(const core::Result<HttpResponse>& outcome, int retry,
                                                          core::TimePoint start) const
{
  const auto now = m_clock.now();
  const auto remaining = m_policy.max_total - std::chrono::duration_cast<milliseconds>(now - start);
  if (remaining.count() <= 0) {
    return std::nullopt;
  }
  auto delay = full_jitter_delay(m_policy, retry, m_random);
  if (outcome.ok()) {
    if (const auto after = parse_retry_after(outcome->header("retry-after"), now)) {
      delay = std::max(delay, std::min(*after, remaining));
    }
  }
  return std::min(delay, remaining);
}

core::Result<HttpResponse> RetryingTransport::send(const HttpRequest& request)
{
  const auto start = m_clock.now();
  HttpRequest attempt = request;
  for (int number = 1;; ++number) {
    attempt.attempt = number;
    auto outcome = m_inner.send(attempt);
    if (number >= m_policy.max_attempts || !should_retry(request, outcome)) {
      return outcome;
    }
    const auto delay = next_delay(outcome, number, start);
    if (!delay) {
      spdlog::debug("{} {}: giving up after {} attempts in {} ms ({})", request.method, request.url, number,
                    std::chrono::duration_cast<milliseconds>(m_clock.now() - start).count(), describe_outcome(outcome));
      return outcome;
    }
    spdlog::debug("{} {}: {} on attempt {} of {}, retrying in {} ms", request.method, request.url,
                  describe_outcome(outcome), number, m_policy.max_attempts, delay->count());
    m_sleeper.sleep_for(*delay);
  }
}

} // namespace ocivanilla::oci
