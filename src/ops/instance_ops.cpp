#include "ocivanilla/ops/instance_ops.hpp"
#include "ocivanilla/ops/launch.hpp"

#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/ops/tags.hpp"

#include <algorithm>

namespace ocivanilla::ops {

namespace {

bool is_ending(std::string_view state)
{
  return state == "TERMINATING" || state == "TERMINATED";
}

bool contains(const std::vector<std::string>& items, std::string_view item)
{
  return std::find(items.begin(), items.end(), item) != items.end();
}

std::string join_or(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : " or ") + item;
  }
  return out;
}

} // namespace

std::string describe(const api::Instance& instance)
{
  return "'" + instance.display_name + "' (" + instance.id + ")";
}

core::Result<api::Instance> wait_for_state(api::ComputeClient& compute, core::Clock& clock, core::Sleeper& sleeper,
                                           std::string_view instance_id, const std::vector<std::string>& targets,
                                           const WaitOptions& options, const WaitProgress& progress)
{
  const auto deadline = clock.now() + options.timeout;
  std::string last_state;
  while (true) {
    auto reply = compute.get_instance(instance_id);
    if (!reply.ok()) {
      return std::move(reply).error();
    }
    auto& instance = reply->instance;
    if (progress && (last_state.empty() || instance.lifecycle_state != last_state)) {
      progress(instance);
    }
    last_state = instance.lifecycle_state;
    if (contains(targets, instance.lifecycle_state)) {
      return std::move(instance);
    }
    if (is_ending(instance.lifecycle_state) && !contains(targets, "TERMINATING") && !contains(targets, "TERMINATED")) {
      return core::make_error(core::ErrorKind::api, "instance " + describe(instance) + " is " +
                                                      instance.lifecycle_state + " while waiting for " +
                                                      join_or(targets));
    }
    const auto now = clock.now();
    if (now >= deadline) {
      return core::make_error(core::ErrorKind::wait_timeout,
                              "timed out after " + core::format_duration(options.timeout) + " waiting for instance " +
                                describe(instance) + " to become " + join_or(targets) + "; it is " +
                                instance.lifecycle_state);
    }
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    sleeper.sleep_for(std::min(options.poll_interval, remaining));
  }
}

core::Result<InstanceAddresses> addresses_of(api::ComputeClient& compute, std::string_view compartment_id,
                                             std::string_view instance_id)
{
  auto attachments = compute.list_vnic_attachments(compartment_id, instance_id);
  if (!attachments.ok()) {
    return std::move(attachments).error();
  }
  for (const auto& attachment : *attachments) {
    if (attachment.lifecycle_state != "ATTACHED" || attachment.vnic_id.empty()) {
      continue;
    }
    auto vnic = compute.get_vnic(attachment.vnic_id);
    if (!vnic.ok()) {
      return std::move(vnic).error();
    }
    if (vnic->is_primary) {
      return InstanceAddresses{vnic->public_ip, vnic->private_ip};
    }
  }
  return InstanceAddresses{};
}

core::Result<std::string> public_ip_of(api::ComputeClient& compute, std::string_view compartment_id,
                                       std::string_view instance_id)
{
  auto addresses = addresses_of(compute, compartment_id, instance_id);
  if (!addresses.ok()) {
    return std::move(addresses).error();
  }
  return std::move(addresses->public_ip);
}

bool is_protected(const api::Instance& instance)
{
  const auto it = instance.freeform_tags.find(std::string(k_tag_tier));
  return it != instance.freeform_tags.end() && it->second == "dedicated";
}

core::Result<ActionOutcome> terminate(api::ComputeClient& compute, const api::Instance& instance,
                                      bool preserve_boot_volume)
{
  ActionOutcome outcome;
  outcome.instance = instance;
  if (is_ending(instance.lifecycle_state)) {
    outcome.note = "instance " + describe(instance) + " is already " + instance.lifecycle_state;
    return outcome;
  }
  OVL_TRY(compute.terminate_instance(instance.id, preserve_boot_volume));
  outcome.requested = true;
  outcome.instance.lifecycle_state = "TERMINATING";
  return outcome;
}

core::Result<ActionOutcome> power(api::ComputeClient& compute, const api::Instance& instance, PowerAction action)
{
  ActionOutcome outcome;
  outcome.instance = instance;
  if (is_ending(instance.lifecycle_state)) {
    return core::make_error(core::ErrorKind::api, "instance " + describe(instance) + " is " + instance.lifecycle_state);
  }
  const bool starting = action == PowerAction::start;
  const std::string_view done_state = starting ? "RUNNING" : "STOPPED";
  if (instance.lifecycle_state == done_state) {
    outcome.note = "instance " + describe(instance) + " is already " + std::string(done_state);
    return outcome;
  }
  api::InstanceAction api_action = api::InstanceAction::start;
  if (action == PowerAction::stop) {
    api_action = api::InstanceAction::stop;
  } else if (action == PowerAction::soft_stop) {
    api_action = api::InstanceAction::softstop;
  }
  auto reply = compute.instance_action(instance.id, api_action, generate_retry_token());
  if (!reply.ok() && reply.error().http_status == 409 && reply.error().code == "IncorrectState") {
    // A resend after a lost answer finds the action already under way: that is success.
    auto fresh = compute.get_instance(instance.id);
    const std::string_view moving = starting ? "STARTING" : "STOPPING";
    if (fresh.ok() && (fresh->instance.lifecycle_state == done_state || fresh->instance.lifecycle_state == moving)) {
      outcome.requested = true;
      outcome.instance = std::move(fresh->instance);
      return outcome;
    }
  }
  if (!reply.ok()) {
    return std::move(reply).error();
  }
  outcome.requested = true;
  outcome.instance = std::move(reply->instance);
  return outcome;
}

} // namespace ocivanilla::ops
