#include "ocivanilla/plan/status.hpp"

#include "ocivanilla/plan/apply.hpp"
#include "ocivanilla/plan/shapes.hpp"
#include "plan/status_steps.hpp"

#include <algorithm>

namespace ocivanilla::plan {

std::string_view to_string(ServerState state)
{
  switch (state) {
  case ServerState::present: return "present";
  case ServerState::stopped: return "stopped";
  case ServerState::missing: return "missing";
  }
  return "missing";
}

std::string_view to_string(StepKind kind)
{
  switch (kind) {
  case StepKind::terminate: return "terminate";
  case StepKind::consolidate: return "consolidate";
  case StepKind::start: return "start";
  case StepKind::resize: return "resize";
  case StepKind::launch: return "launch";
  case StepKind::blocked: return "blocked";
  case StepKind::tag: return "tag";
  }
  return "launch";
}

std::string format_age(std::chrono::seconds age)
{
  long long s = std::max<long long>(0, age.count());
  if (s >= 86400) {
    return std::to_string(s / 86400) + "d";
  }
  if (s >= 3600) {
    return std::to_string(s / 3600) + "h";
  }
  if (s >= 60) {
    return std::to_string(s / 60) + "m";
  }
  return std::to_string(s) + "s";
}

namespace detail {

std::string format_size(double ocpus, double memory_gb)
{
  return format_number(ocpus) + " OCPU / " + format_number(memory_gb) + " GB";
}

std::string name_base(std::string_view name)
{
  std::string_view base = name;
  while (!base.empty()) {
    std::size_t cut = base.find_last_of("-_");
    if (cut == std::string_view::npos || cut + 1 == base.size()) {
      break;
    }
    std::string_view tail = base.substr(cut + 1);
    if (!std::all_of(tail.begin(), tail.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      break;
    }
    base = base.substr(0, cut);
  }
  return std::string(base.empty() ? name : base);
}

Usage release(Usage usage, const LiveInstance& instance)
{
  if (is_terminated(instance)) {
    return usage;
  }
  if (is_a1_shape(instance.shape)) {
    usage.a1_ocpus -= instance.ocpus;
    usage.a1_memory_gb -= instance.memory_gb;
    --usage.a1_instances;
  }
  if (is_micro_shape(instance.shape)) {
    --usage.micro_instances;
  }
  if (instance.boot_volume_gb) {
    usage.boot_volume_gb -= *instance.boot_volume_gb;
  } else {
    --usage.unknown_boot_volumes;
  }
  return usage;
}

bool tags_match(const Server& server, const LiveInstance& instance)
{
  for (const auto& [key, value] : server_tags(server)) {
    auto it = instance.freeform_tags.find(key);
    if (it == instance.freeform_tags.end() || it->second != value) {
      return false;
    }
  }
  return true;
}

} // namespace detail

namespace {

bool is_stopped(const LiveInstance& instance)
{
  return instance.lifecycle_state == "STOPPED" || instance.lifecycle_state == "STOPPING";
}

// The live instances carrying `display_name`, oldest first.
std::vector<std::size_t> matches(const std::vector<LiveInstance>& instances, const std::string& display_name)
{
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (!is_terminated(instances[i]) && instances[i].display_name == display_name) {
      found.push_back(i);
    }
  }
  std::stable_sort(found.begin(), found.end(), [&instances](std::size_t a, std::size_t b) {
    return instances[a].time_created < instances[b].time_created;
  });
  return found;
}

ServerStatus server_status(const Server& server, const LiveInstance* live)
{
  ServerStatus status;
  status.key = server.key;
  status.display_name = server.display_name;
  status.tier = server.tier;
  status.planned_ocpus = server.ocpus;
  status.planned_memory_gb = server.memory_gb;
  if (live == nullptr) {
    return status;
  }
  status.state = is_stopped(*live) ? ServerState::stopped : ServerState::present;
  status.instance_id = live->id;
  status.lifecycle_state = live->lifecycle_state;
  status.live_ocpus = live->ocpus;
  status.live_memory_gb = live->memory_gb;
  status.size_drift = live->ocpus != server.ocpus || live->memory_gb != server.memory_gb;
  status.tags_match = detail::tags_match(server, *live);
  return status;
}

UnplannedInstance unplanned(const LiveInstance& live, core::TimePoint now)
{
  UnplannedInstance entry;
  entry.id = live.id;
  entry.display_name = live.display_name;
  entry.shape = live.shape;
  entry.lifecycle_state = live.lifecycle_state;
  entry.ocpus = live.ocpus;
  entry.memory_gb = live.memory_gb;
  auto tier = live.freeform_tags.find(std::string(k_tag_tier));
  entry.tier = tier == live.freeform_tags.end() ? "untagged" : tier->second;
  entry.age = std::chrono::duration_cast<std::chrono::seconds>(now - live.time_created);
  return entry;
}

bool over_budget(const Usage& usage, const Budget& budget)
{
  return usage.a1_ocpus > budget.a1_ocpus || usage.a1_memory_gb > budget.a1_memory_gb ||
         usage.boot_volume_gb > budget.boot_volume_gb || usage.micro_instances > budget.micro_instances;
}

} // namespace

StatusReport plan_status(const Plan& plan, const std::vector<LiveInstance>& instances, core::TimePoint now)
{
  StatusReport report;
  report.plan_source = plan.source;
  report.budget = plan.budget;
  report.usage = usage_of(instances);
  std::vector<bool> claimed(instances.size(), false);
  std::vector<std::string> duplicate_of(instances.size());
  for (const Server& server : plan.servers) {
    std::vector<std::size_t> found = matches(instances, server.display_name);
    const LiveInstance* live = found.empty() ? nullptr : &instances[found.front()];
    for (std::size_t n = 0; n < found.size(); ++n) {
      claimed[found[n]] = n == 0;
      duplicate_of[found[n]] = n == 0 ? "" : server.key;
    }
    report.servers.push_back(server_status(server, live));
    if (live == nullptr && is_a1_shape(server.shape)) {
      report.missing_a1_ocpus += server.ocpus;
      report.missing_a1_memory_gb += server.memory_gb;
    }
  }
  for (std::size_t i = 0; i < instances.size(); ++i) {
    if (!claimed[i] && !is_terminated(instances[i])) {
      report.unplanned.push_back(unplanned(instances[i], now));
      report.unplanned.back().duplicate_of = duplicate_of[i];
    }
  }
  report.over_budget = over_budget(report.usage, report.budget);
  detail::plan_steps(plan, instances, now, report);
  return report;
}

} // namespace ocivanilla::plan
