// launch --retry-capacity: the unattended capacity hunter (docs/cron.md).
#include "commands.hpp"
#include "show.hpp"
#include "unattended.hpp"

#include "ocivanilla/api/error_mapping.hpp"
#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/core/exit_code.hpp"
#include "ocivanilla/oci/retry.hpp"
#include "ocivanilla/ops/instance_ops.hpp"
#include "ocivanilla/ops/launch.hpp"
#include "ocivanilla/ops/resolve.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <random>

namespace ocivanilla::cli {

namespace {

using std::chrono::milliseconds;

constexpr auto k_max_round_delay = std::chrono::minutes(5); // the doubling stops here
constexpr auto k_max_own_cooldown = std::chrono::minutes(15); // without Retry-After

// What one LaunchInstance attempt came to. `resend` marks answers after which the instance
// may exist anyway (lost or garbled reply): the same request, same retry token, goes again.
struct Attempt {
  std::optional<api::Instance> launched;
  core::Error error;
  std::optional<milliseconds> retry_after;
  bool resend = false;
};

Attempt send_attempt(oci::HttpTransport& transport, const core::Clock& clock, const oci::HttpRequest& request)
{
  Attempt a;
  auto response = transport.send(request);
  if (!response.ok()) {
    a.error = response.error();
    a.resend = a.error.kind == core::ErrorKind::network;
    return a;
  }
  if (!api::is_success(response->status)) {
    a.error = api::error_from(request, *response);
    a.retry_after = oci::parse_retry_after(response->header("retry-after"), clock.now());
    a.resend = a.error.kind == core::ErrorKind::server;
    return a;
  }
  auto json = api::parse_json(response->body, "LaunchInstance response");
  auto instance = json.ok() ? api::instance_from_json(*json, "LaunchInstance response")
                            : core::Result<api::Instance>(json.error());
  if (!instance.ok()) {
    a.error = instance.error();
    a.resend = true;
    return a;
  }
  a.launched = std::move(instance).value();
  return a;
}

// A live instance with this display name (TERMINATING and TERMINATED ones do not count).
core::Result<std::optional<api::Instance>> find_live(api::ComputeClient& compute, const std::string& compartment,
                                                     const std::string& display_name)
{
  api::InstanceFilters filters;
  filters.display_name = display_name;
  auto live = compute.list_instances(compartment, filters);
  OVL_TRY(live);
  for (const auto& i : *live) {
    if (i.display_name == display_name && !ops::is_terminated(i) && i.lifecycle_state != "TERMINATING") {
      return std::optional<api::Instance>(i);
    }
  }
  return std::optional<api::Instance>();
}

struct HuntSettings {
  std::string name;
  std::string shape;
  std::chrono::seconds max_wait;
  std::chrono::seconds interval;
  std::string max_wait_text; // as given, for messages
  std::string compartment;
  std::string cooldown_file;
};

class Hunter {
 public:
  Hunter(Context& ctx, api::ComputeClient& compute, oci::HttpTransport& transport, HuntSettings settings)
      : m_ctx(ctx), m_compute(compute), m_transport(transport), m_s(std::move(settings))
  {}

  int attempts() const { return m_attempts; }
  // Ends the progress line on a terminal (before anything else is printed).
  void end_line()
  {
    if (m_line_open) {
      m_ctx.err() << "\n";
      m_line_open = false;
    }
  }
  // Tries `ads` in order, round after round, until a launch succeeds or --max-wait passes.
  core::Result<api::Instance> run(const ops::PreparedLaunch& prepared, std::vector<std::string> ads);

 private:
  enum class Next { next_ad, same_slot, resend, stop };

  void progress(const std::string& text);
  bool pause(milliseconds delay);
  bool respect_cooldown();
  bool back_off_throttled(const Attempt& a);
  milliseconds round_delay(int round);
  Next after_failure(const Attempt& a, std::vector<std::string>& ads, std::size_t k);
  core::Result<api::Instance> limit_exceeded(const core::Error& error);
  core::Error out_of_time(std::size_t ad_count) const;

  Context& m_ctx;
  api::ComputeClient& m_compute;
  oci::HttpTransport& m_transport;
  const HuntSettings m_s;
  core::TimePoint m_deadline;
  int m_attempts = 0;
  int m_throttles = 0;
  std::string m_ad;
  bool m_line_open = false;
  std::optional<core::Error> m_last_error;
  std::optional<core::Result<api::Instance>> m_stop;
  std::mt19937_64 m_random{std::random_device{}()};
};

void Hunter::progress(const std::string& text)
{
  spdlog::info("capacity hunt: {}", text);
  if (m_ctx.stderr_is_terminal()) {
    m_ctx.err() << "\r\033[K" << text << std::flush;
    m_line_open = true;
  }
}

// Sleeps `delay`, or until the deadline; false when the deadline came first.
bool Hunter::pause(milliseconds delay)
{
  const auto left = std::chrono::duration_cast<milliseconds>(m_deadline - m_ctx.clock().now());
  if (left.count() <= 0) {
    return false;
  }
  m_ctx.sleeper().sleep_for(std::min(delay, left));
  return delay <= left;
}

// Waits out a cooldown saved by this or an earlier run; false when --max-wait ends first.
bool Hunter::respect_cooldown()
{
  const auto until = read_cooldown(m_s.cooldown_file);
  const auto now = m_ctx.clock().now();
  if (!until || *until <= now) {
    return true;
  }
  progress("throttled (429) earlier: cooling down until " + core::format_rfc3339(*until) + " (" + m_s.cooldown_file +
           ")");
  if (!pause(std::chrono::duration_cast<milliseconds>(*until - now))) {
    if (!m_last_error) {
      m_last_error = core::make_error(core::ErrorKind::throttled, "throttled (429): cooling down until " +
                                                                    core::format_rfc3339(*until) + " as " +
                                                                    m_s.cooldown_file + " says");
    }
    return false;
  }
  return true;
}

// 429 after the transport's own retries: back off longer than a round (doubling, at least
// Retry-After), and save the cooldown for the next run. False when --max-wait ends first.
bool Hunter::back_off_throttled(const Attempt& a)
{
  ++m_throttles;
  milliseconds own = std::chrono::duration_cast<milliseconds>(m_s.interval) * 2;
  for (int i = 1; i < m_throttles && own < k_max_own_cooldown; ++i) {
    own *= 2;
  }
  const auto cooldown = std::max(std::min<milliseconds>(own, k_max_own_cooldown),
                                 a.retry_after.value_or(milliseconds{0}));
  const auto until = m_ctx.clock().now() + cooldown;
  write_cooldown(m_s.cooldown_file, until);
  progress("attempt " + std::to_string(m_attempts) + ", AD " + m_ad + ": throttled (429)" +
           (a.retry_after ? ", Retry-After " + std::to_string(a.retry_after->count() / 1000) + "s" : "") +
           "; next try at " + core::format_rfc3339(until));
  return pause(cooldown);
}

// LimitExceeded during a hunt may be an instance created after all (a lost answer) or Oracle
// still counting failed attempts: look before concluding. The hunt stops here either way.
core::Result<api::Instance> Hunter::limit_exceeded(const core::Error& error)
{
  const auto& name = m_s.name;
  auto phantom = find_live(m_compute, m_s.compartment, name);
  if (phantom.ok() && *phantom) {
    progress("LimitExceeded, but " + name + " exists after all (" + (*phantom)->id + "): the launch had succeeded");
    return **phantom;
  }
  auto limit = error;
  limit.message += " (no instance named '" + name +
                   "' exists: this is the service limit, or Oracle still "
                   "counting failed launch attempts for up to an hour; stopped instead of looping)";
  return limit;
}

core::Error Hunter::out_of_time(std::size_t ad_count) const
{
  const std::string when = " within --max-wait " + m_s.max_wait_text + " (" + std::to_string(m_attempts) +
                           " attempt(s))";
  if (m_last_error && m_last_error->kind != core::ErrorKind::capacity) {
    auto error = *m_last_error;
    error.message += "; gave up" + when;
    return error;
  }
  return core::make_error(core::ErrorKind::capacity, "no capacity for " + m_s.shape + " in " +
                                                       std::to_string(ad_count) + " availability domain(s)" + when);
}

milliseconds Hunter::round_delay(int round)
{
  const auto interval = std::chrono::duration_cast<milliseconds>(m_s.interval);
  milliseconds delay = interval;
  for (int i = 1; i < round && delay < k_max_round_delay; ++i) {
    delay *= 2;
  }
  delay = std::max(std::min<milliseconds>(delay, k_max_round_delay), interval);
  std::uniform_int_distribution<long long> jitter(0, std::max<long long>(1, delay.count() / 2));
  return delay + milliseconds(jitter(m_random));
}

// What a failed attempt means for the hunt, waiting where it has to. On stop, m_stop holds
// the outcome.
Hunter::Next Hunter::after_failure(const Attempt& a, std::vector<std::string>& ads, std::size_t k)
{
  const auto& error = a.error;
  m_last_error = error;
  if (error.kind == core::ErrorKind::capacity) {
    progress("attempt " + std::to_string(m_attempts) + ", AD " + m_ad + ": out of host capacity");
    return Next::next_ad;
  }
  if (error.http_status == 404 && error.code == "NotAuthorizedOrNotFound") {
    progress("AD " + m_ad + " no longer offers " + m_s.shape + ": dropped from the hunt");
    ads.erase(ads.begin() + static_cast<std::ptrdiff_t>(k));
    if (ads.empty()) {
      m_stop = core::Result<api::Instance>(error);
      return Next::stop;
    }
    return Next::same_slot;
  }
  if (error.kind == core::ErrorKind::throttled || a.resend) {
    bool in_time = false;
    if (error.kind == core::ErrorKind::throttled) {
      in_time = back_off_throttled(a);
    } else {
      progress("attempt " + std::to_string(m_attempts) + ", AD " + m_ad + ": " + error.message +
               "; sending it again (same retry token)");
      in_time = pause(std::chrono::duration_cast<milliseconds>(m_s.interval));
    }
    if (!in_time) {
      m_stop = core::Result<api::Instance>(out_of_time(ads.size()));
      return Next::stop;
    }
    return Next::resend;
  }
  m_stop = error.code == "LimitExceeded" ? limit_exceeded(error) : core::Result<api::Instance>(error);
  return Next::stop;
}

core::Result<api::Instance> Hunter::run(const ops::PreparedLaunch& prepared, std::vector<std::string> ads)
{
  m_deadline = m_ctx.clock().now() + m_s.max_wait;
  for (int round = 1;; ++round) {
    std::optional<ops::PreparedLaunch> pending; // set: send this again (same retry token)
    for (std::size_t k = 0; k < ads.size();) {
      if (!respect_cooldown() || (m_attempts > 0 && m_ctx.clock().now() >= m_deadline)) {
        return out_of_time(ads.size());
      }
      m_ad = ads[k];
      const auto attempt = pending ? *pending
                                   : ops::retarget_launch(m_compute, prepared, m_ad, ops::generate_retry_token());
      pending.reset();
      ++m_attempts;
      progress("attempt " + std::to_string(m_attempts) + " (round " + std::to_string(round) + "), AD " + m_ad);
      const auto a = send_attempt(m_transport, m_ctx.clock(), attempt.request);
      if (a.launched) {
        progress("launched " + a.launched->display_name + " in " + m_ad + " after " + std::to_string(m_attempts) +
                 " attempt(s)");
        return *a.launched;
      }
      switch (after_failure(a, ads, k)) {
      case Next::next_ad: ++k; break;
      case Next::same_slot: break;
      case Next::resend: pending = attempt; break;
      case Next::stop: return std::move(*m_stop);
      }
    }
    const auto delay = round_delay(round);
    progress("no capacity in " + std::to_string(ads.size()) + " AD(s); next try (round " + std::to_string(round + 1) +
             ") at " + core::format_rfc3339(m_ctx.clock().now() + delay));
    if (!pause(delay)) {
      return out_of_time(ads.size());
    }
  }
}

} // namespace

core::Status run_capacity_hunt(Context& ctx, const ops::LaunchSpec& spec, const LaunchOptions& o,
                               const ops::SshKeyFinder& find_ssh_key)
{
  auto max_wait = core::parse_duration(o.max_wait);
  OVL_TRY(max_wait);
  auto interval = core::parse_duration(o.retry_interval);
  OVL_TRY(interval);
  const std::string dir = state_dir(ctx.env());
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  // One hunter per instance name, for the whole hunt.
  const std::string lock_path = dir + "/launch-" + safe_file_name(spec.display_name) + ".lock";
  auto lock = FileLock::acquire(lock_path, "another capacity hunt for '" + spec.display_name + "' is running (lock " +
                                             lock_path + " is held)");
  OVL_TRY(lock);

  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto identity = ctx.identity();
  OVL_TRY(identity);
  auto transport = ctx.transport();
  OVL_TRY(transport);
  Hunter hunter(ctx, **compute, **transport,
                HuntSettings{spec.display_name, spec.shape, *max_wait, *interval, o.max_wait, spec.compartment_id,
                             dir + "/cooldown.json"});
  std::map<std::string, std::string> outcome = {{"OCIVANILLA_INSTANCE_NAME", spec.display_name}};
  auto finish = [&](core::Status status, const std::string& word) {
    hunter.end_line();
    outcome["OCIVANILLA_OUTCOME"] = word;
    outcome["OCIVANILLA_EXIT_CODE"] = std::to_string(
      status.ok() ? 0 : static_cast<int>(core::exit_code_for(status.error().kind)));
    outcome["OCIVANILLA_ATTEMPTS"] = std::to_string(hunter.attempts());
    outcome["OCIVANILLA_MESSAGE"] = status.ok() ? "" : status.error().message;
    run_notify_command(o.notify_command, outcome);
    return status;
  };
  auto launched = [&](const api::Instance& instance, const std::string& word) {
    outcome["OCIVANILLA_INSTANCE_ID"] = instance.id;
    outcome["OCIVANILLA_AVAILABILITY_DOMAIN"] = instance.availability_domain;
    hunter.end_line();
    auto status = finish_launch(ctx, instance, o.wait, o.wait_timeout);
    if (status.ok() && o.wait) {
      auto ip = ops::public_ip_of(**compute, spec.compartment_id, instance.id);
      outcome["OCIVANILLA_PUBLIC_IP"] = ip.ok() ? *ip : "";
    }
    return finish(status, status.ok() ? word : "error");
  };

  // The hunt's goal is one live instance of this name: a rerun after success does nothing.
  auto existing = find_live(**compute, spec.compartment_id, spec.display_name);
  if (!existing.ok()) {
    return finish(existing.error(), "error");
  }
  if (*existing) {
    ctx.err() << "ocivanilla: " << spec.display_name << " already exists (" << (*existing)->id << ", "
              << (*existing)->lifecycle_state << "); nothing to hunt\n";
    return launched(**existing, "exists");
  }
  auto prepared = ops::prepare_launch(**compute, **identity, spec, find_ssh_key, ops::DomainSearch::all);
  if (!prepared.ok()) {
    return finish(prepared.error(), "error");
  }
  auto result = hunter.run(*prepared, prepared->offering_domains);
  if (!result.ok()) {
    const auto kind = result.error().kind;
    return finish(result.error(), kind == core::ErrorKind::capacity        ? "no-capacity"
                                  : result.error().code == "LimitExceeded" ? "limit-exceeded"
                                                                           : "error");
  }
  return launched(*result, "launched");
}

} // namespace ocivanilla::cli
