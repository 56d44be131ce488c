#include "commands.hpp"
#include "instances.hpp"
#include "show.hpp"

#include "ocivanilla/config/config.hpp"
#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/core/exit_code.hpp"
#include "ocivanilla/ops/launch.hpp"
#include "ocivanilla/ops/resolve.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ocivanilla::cli {

namespace {

std::string state_dir(const config::Environment& env)
{
  if (auto dir = env.get("XDG_STATE_HOME"); dir && !dir->empty()) {
    return *dir + "/ocivanilla";
  }
  if (auto home = env.get("HOME"); home && !home->empty()) {
    return *home + "/.local/state/ocivanilla";
  }
  return "/tmp/ocivanilla-state-" + std::to_string(getuid());
}

std::string safe_file_name(const std::string& name)
{
  std::string out;
  for (const char c : name) {
    out += std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' ? c : '_';
  }
  return out;
}

// One hunter per instance name: an exclusive flock held for the whole hunt.
core::Result<int> lock_name(const std::string& dir, const std::string& name)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  const std::string path = dir + "/launch-" + safe_file_name(name) + ".lock";
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return core::make_error(core::ErrorKind::config, "cannot open lock file " + path + ": " + std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    close(fd);
    return core::make_error(core::ErrorKind::locked,
                            "another capacity hunt for '" + name + "' is running (lock " + path + " is held)");
  }
  return fd;
}

// The 429 cooldown shared with later runs (cron): {"until": "<RFC 3339>"} in the state dir.
std::optional<core::TimePoint> read_cooldown(const std::string& file)
{
  std::ifstream in(file);
  const auto j = nlohmann::json::parse(in, nullptr, false);
  core::TimePoint until;
  if (j.is_object() && j.contains("until") && j["until"].is_string()
      && core::parse_rfc3339(j["until"].get<std::string>(), until)) {
    return until;
  }
  return std::nullopt;
}

void write_cooldown(const std::string& file, core::TimePoint until)
{
  std::ofstream out(file, std::ios::trunc);
  out << nlohmann::json{{"until", core::format_rfc3339(until)}}.dump() << "\n";
}

void notify(const std::string& command, const std::map<std::string, std::string>& vars)
{
  if (command.empty()) {
    return;
  }
  const pid_t pid = fork();
  if (pid == 0) {
    for (const auto& [k, v] : vars) {
      setenv(k.c_str(), v.c_str(), 1);
    }
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid > 0) {
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      spdlog::warn("--notify-command exited with status {}", status);
    }
  }
}

struct Hunt {
  Context& ctx;
  const LaunchOptions& options;
  std::string cooldown_file;
  core::TimePoint deadline;
  int attempts = 0;
  std::mt19937_64 random{std::random_device{}()};

  void progress(const std::string& text)
  {
    spdlog::info("capacity hunt: {}", text);
    if (ctx.stderr_is_terminal()) {
      ctx.err() << "\r\033[K" << text << std::flush;
    }
  }

  // Sleeps `delay`, or until the deadline; false when the deadline came first.
  bool pause(std::chrono::milliseconds delay)
  {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - ctx.clock().now());
    if (left.count() <= 0) {
      return false;
    }
    ctx.sleeper().sleep_for(std::min(delay, left));
    return delay <= left;
  }
};

// A LimitExceeded during a hunt may be Oracle still counting failed attempts, or an instance
// that was created after all: look before concluding.
core::Result<std::optional<api::Instance>> check_phantom(api::ComputeClient& compute, const std::string& compartment,
                                                         const std::string& display_name)
{
  auto live = compute.list_instances(compartment);
  OVL_TRY(live);
  for (const auto& i : *live) {
    if (i.display_name == display_name && !ops::is_terminated(i)) {
      return std::optional<api::Instance>(i);
    }
  }
  return std::optional<api::Instance>();
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
  auto lock_fd = lock_name(dir, spec.display_name);
  OVL_TRY(lock_fd);
  struct Closer {
    int fd;
    ~Closer() { close(fd); }
  } closer{*lock_fd};

  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto identity = ctx.identity();
  OVL_TRY(identity);
  Hunt hunt{ctx, o, dir + "/cooldown.json", ctx.clock().now() + *max_wait};
  std::map<std::string, std::string> outcome = {{"OCIVANILLA_INSTANCE_NAME", spec.display_name}};
  auto finish = [&](core::Status status, const std::string& word) {
    if (ctx.stderr_is_terminal()) {
      ctx.err() << "\n";
    }
    outcome["OCIVANILLA_OUTCOME"] = word;
    outcome["OCIVANILLA_EXIT_CODE"] = std::to_string(
      status.ok() ? 0 : static_cast<int>(core::exit_code_for(status.error().kind)));
    outcome["OCIVANILLA_ATTEMPTS"] = std::to_string(hunt.attempts);
    notify(o.notify_command, outcome);
    return status;
  };

  auto prepared = ops::prepare_launch(**compute, **identity, spec, find_ssh_key);
  if (!prepared.ok()) {
    return finish(prepared.error(), "error");
  }
  std::vector<std::string> ads{prepared->availability_domain};
  if (spec.availability_domain.empty()) {
    auto all = ops::find_availability_domains(**compute, **identity, spec.compartment_id, spec.tenancy_id,
                                              spec.shape, false);
    if (!all.ok()) {
      return finish(all.error(), "error");
    }
    ads = *all;
  }
  for (int round = 1;; ++round) {
    for (const auto& ad : ads) {
      if (const auto until = read_cooldown(hunt.cooldown_file); until && *until > ctx.clock().now()) {
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(*until - ctx.clock().now());
        hunt.progress("throttled earlier: cooling down until " + core::format_rfc3339(*until));
        if (!hunt.pause(wait)) {
          break;
        }
      }
      ++hunt.attempts;
      hunt.progress("attempt " + std::to_string(hunt.attempts) + " (round " + std::to_string(round) + "), AD " + ad);
      const auto attempt = ops::retarget_launch(**compute, *prepared, ad, ops::generate_retry_token());
      auto reply = ops::send_launch(**compute, attempt);
      if (reply.ok()) {
        outcome["OCIVANILLA_INSTANCE_ID"] = reply->instance.id;
        hunt.progress("launched " + reply->instance.display_name + " in " + ad + " after " +
                      std::to_string(hunt.attempts) + " attempt(s)");
        if (ctx.stderr_is_terminal()) {
          ctx.err() << "\n";
        }
        auto status = finish_launch(ctx, reply->instance, o.wait, o.wait_timeout);
        return finish(status, status.ok() ? "launched" : "error");
      }
      const auto& error = reply.error();
      if (error.kind == core::ErrorKind::capacity || (error.http_status == 404 && error.code == "NotAuthorizedOrNotFound")) {
        continue;  // out of capacity here (or the shape vanished from this AD): next AD
      }
      if (error.kind == core::ErrorKind::throttled) {
        const auto until = ctx.clock().now() + std::chrono::minutes(5);
        write_cooldown(hunt.cooldown_file, until);
        hunt.progress("throttled (429): backing off until " + core::format_rfc3339(until));
        if (!hunt.pause(std::chrono::minutes(5))) {
          break;
        }
        continue;
      }
      if (error.code == "LimitExceeded") {
        auto phantom = check_phantom(**compute, spec.compartment_id, spec.display_name);
        if (phantom.ok() && *phantom) {
          outcome["OCIVANILLA_INSTANCE_ID"] = (*phantom)->id;
          auto status = finish_launch(ctx, **phantom, o.wait, o.wait_timeout);
          return finish(status, status.ok() ? "launched" : "error");
        }
        auto limit = error;
        limit.message += " (no instance named '" + spec.display_name + "' exists: this is a service limit, or "
                         "Oracle still counting failed attempts for up to an hour; stopping instead of looping)";
        return finish(limit, "limit-exceeded");
      }
      return finish(error, "error");
    }
    if (ctx.clock().now() >= hunt.deadline) {
      break;
    }
    std::uniform_int_distribution<long long> jitter(0, std::max<long long>(1, interval->count() * 500));
    const auto delay = std::chrono::milliseconds(interval->count() * 1000 + jitter(hunt.random));
    hunt.progress("no capacity in " + std::to_string(ads.size()) + " AD(s); next round in " +
                  std::to_string(delay.count() / 1000) + "s");
    if (!hunt.pause(delay)) {
      break;
    }
  }
  return finish(core::make_error(core::ErrorKind::capacity,
                                 "no capacity for " + spec.shape + " in " + std::to_string(ads.size())
                                     + " availability domain(s) after " + std::to_string(hunt.attempts)
                                     + " attempt(s) within --max-wait " + o.max_wait),
                "no-capacity");
}

} // namespace ocivanilla::cli
