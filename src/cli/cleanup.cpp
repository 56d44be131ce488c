#include "commands.hpp"
#include "instances.hpp"
#include "unattended.hpp"

#include "ocivanilla/cli/output.hpp"
#include "ocivanilla/plan/tags.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <ostream>
#include <sys/file.h>
#include <thread>
#include <unistd.h>

namespace ocivanilla::cli {

namespace {

std::string default_lock_path(const config::Environment& env)
{
  if (auto dir = env.get("XDG_RUNTIME_DIR"); dir && !dir->empty()) {
    return *dir + "/ocivanilla-cleanup.lock";
  }
  return "/tmp/ocivanilla-cleanup-" + std::to_string(getuid()) + ".lock";
}

enum class Verdict { terminate, keep, unmanaged };

struct Decision {
  const api::Instance* instance = nullptr;
  Verdict verdict = Verdict::keep;
  std::string reason;
};

Decision decide(const api::Instance& i, core::TimePoint now)
{
  Decision d{&i, Verdict::keep, ""};
  const auto tier = tier_of(i);
  const auto managed = i.freeform_tags.find(std::string(plan::k_tag_managed));
  const bool is_managed = managed != i.freeform_tags.end() && managed->second == plan::k_tag_managed_value;
  if (tier == "dedicated" || tier == "shared-dev") {
    d.reason = "tier " + tier + ": never cleaned up";
  } else if (!is_managed || tier != "on-demand") {
    d.verdict = Verdict::unmanaged;
    d.reason = is_managed ? "tier " + tier + ": not on-demand, not touched" : "not managed by ocivanilla, not touched";
  } else if (const auto expiry = expiry_of(i); !expiry) {
    d.reason = "on-demand without a valid " + std::string(plan::k_tag_expires_at) + " tag: kept";
  } else if (*expiry > now) {
    d.reason = "expires in " + short_age(std::chrono::duration_cast<std::chrono::seconds>(*expiry - now).count());
  } else {
    d.verdict = Verdict::terminate;
    d.reason = "expired " + short_age(std::chrono::duration_cast<std::chrono::seconds>(now - *expiry).count()) + " ago";
  }
  return d;
}

struct Tally {
  std::size_t terminated = 0;
  std::size_t skipped = 0;
  std::vector<core::Error> errors;
};

// Terminates with at most `concurrency` calls in flight. Each candidate is read again first so
// that an instance re-tagged since the list is not terminated.
Tally terminate_all(Context& ctx, api::ComputeClient& compute, std::vector<Decision*>& pending, int concurrency,
                    core::TimePoint now)
{
  Tally tally;
  std::mutex mutex;
  std::atomic<std::size_t> next{0};
  auto worker = [&]() {
    for (std::size_t k = next++; k < pending.size(); k = next++) {
      auto& d = *pending[k];
      auto fresh = compute.get_instance(d.instance->id);
      std::string outcome;
      core::Status status;
      bool skipped = false;
      if (fresh.ok() && decide(fresh->instance, now).verdict != Verdict::terminate) {
        skipped = true;
        outcome = "skipped " + d.instance->display_name + " " + d.instance->id + ": changed since the list (" +
                  decide(fresh->instance, now).reason + ")";
      } else if (!fresh.ok() && fresh.error().http_status != 404) {
        status = fresh.error();
      } else {
        status = fresh.ok() ? compute.terminate_instance(d.instance->id, false) : core::Status{};
        if (!status.ok() && status.error().http_status == 404) {
          status = {};
        }
        outcome = "terminated " + d.instance->display_name + " " + d.instance->id + " (" + d.reason + ")";
      }
      std::lock_guard<std::mutex> lock(mutex);
      if (status.ok()) {
        ctx.out() << outcome << "\n";
        spdlog::info("cleanup: {}", outcome);
        ++(skipped ? tally.skipped : tally.terminated);
      } else {
        spdlog::error("cleanup: failed to terminate {} {}: {}", d.instance->display_name, d.instance->id,
                      status.error().describe());
        tally.errors.push_back(status.error());
      }
    }
  };
  std::vector<std::thread> threads;
  const auto n = std::min<std::size_t>(static_cast<std::size_t>(concurrency), pending.size());
  for (std::size_t t = 0; t < n; ++t) {
    threads.emplace_back(worker);
  }
  for (auto& t : threads) {
    t.join();
  }
  return tally;
}

} // namespace

core::Status run_cleanup(Context& ctx, const CleanupOptions& o)
{
  const std::string lock_path = o.lock_file.empty() ? default_lock_path(ctx.env()) : o.lock_file;
  auto lock = FileLock::acquire(lock_path,
                                "another cleanup is running (lock " + lock_path + " is held); nothing was done");
  if (!lock.ok()) {
    spdlog::info("cleanup: {}", lock.error().message);
    return lock.error();
  }
  spdlog::info("cleanup: started{} (lock {})", o.dry_run ? ", dry run" : "", lock_path);
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto instances = ctx.instances();
  OVL_TRY(instances);
  const auto now = ctx.clock().now();

  std::vector<Decision> decisions;
  for (const auto& i : *instances) {
    if (i.lifecycle_state != "TERMINATED" && i.lifecycle_state != "TERMINATING") {
      decisions.push_back(decide(i, now));
    }
  }
  std::vector<Decision*> pending;
  for (auto& d : decisions) {
    const char* word = d.verdict == Verdict::terminate   ? (o.dry_run ? "would terminate" : "terminate")
                       : d.verdict == Verdict::unmanaged ? "unmanaged"
                                                         : "keep";
    spdlog::info("cleanup: {} {} {} ({})", word, d.instance->display_name, d.instance->id, d.reason);
    if (d.verdict == Verdict::terminate) {
      pending.push_back(&d);
    }
    if (d.verdict != Verdict::terminate || o.dry_run) {
      ctx.out() << word << " " << d.instance->display_name << " " << d.instance->id << " (" << d.reason << ")\n";
    }
  }
  if (pending.empty() || o.dry_run) {
    ctx.out() << "cleanup: " << pending.size() << " expired on-demand instance(s)"
              << (o.dry_run && !pending.empty() ? ", dry run: nothing terminated" : ", nothing to do") << "\n";
    spdlog::info("cleanup: done: {} expired, nothing terminated", pending.size());
    return {};
  }
  if (!o.yes && !ctx.confirm("Terminate " + std::to_string(pending.size()) + " expired on-demand instance(s)?")) {
    spdlog::info("cleanup: not confirmed; nothing terminated");
    return core::make_error(core::ErrorKind::usage, ctx.stdin_is_terminal()
                                                      ? "not confirmed; nothing was terminated"
                                                      : "cleanup: no terminal to confirm on; pass --yes (cron)");
  }
  const auto tally = terminate_all(ctx, **compute, pending, o.concurrency, now);
  ctx.out() << "cleanup: " << tally.terminated << " terminated, " << tally.skipped << " skipped, "
            << tally.errors.size() << " failed\n";
  spdlog::info("cleanup: done: {} terminated, {} skipped, {} failed", tally.terminated, tally.skipped,
               tally.errors.size());
  if (!tally.errors.empty()) {
    auto first = tally.errors.front();
    first.message = std::to_string(tally.errors.size()) +
                    " termination(s) failed; run cleanup again to finish. First: " + first.message;
    return first;
  }
  return {};
}

} // namespace ocivanilla::cli
