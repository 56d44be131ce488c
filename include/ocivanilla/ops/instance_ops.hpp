#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"

#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::ops {

struct WaitOptions {
  std::chrono::seconds timeout{std::chrono::minutes(15)};
  std::chrono::milliseconds poll_interval{std::chrono::seconds(5)};
};

// Called with the instance each time its lifecycle state changes (and after the first poll).
using WaitProgress = std::function<void(const api::Instance&)>;

// Polls GetInstance until lifecycleState is one of `targets`, sleeping poll_interval (never past
// the deadline) between polls. Reaching TERMINATING/TERMINATED when neither is a target is an
// Error of kind api naming the instance; passing the timeout (measured on `clock`) is
// ErrorKind::wait_timeout naming the state the instance was in.
core::Result<api::Instance> wait_for_state(api::ComputeClient& compute, core::Clock& clock, core::Sleeper& sleeper,
                                           std::string_view instance_id, const std::vector<std::string>& targets,
                                           const WaitOptions& options, const WaitProgress& progress = {});

// The primary VNIC's addresses (ListVnicAttachments + GetVnic); empty strings while the VNIC is
// not attached yet or when no public IP is assigned.
struct InstanceAddresses {
  std::string public_ip;
  std::string private_ip;
};
core::Result<InstanceAddresses> addresses_of(api::ComputeClient& compute, std::string_view compartment_id,
                                             std::string_view instance_id);
// addresses_of(...).public_ip
core::Result<std::string> public_ip_of(api::ComputeClient& compute, std::string_view compartment_id,
                                       std::string_view instance_id);

// True when the instance carries ocivanilla-tier=dedicated (terminate then needs --force).
bool is_protected(const api::Instance& instance);

// What a terminate or power action did; `note` explains a call that was not needed.
struct ActionOutcome {
  api::Instance instance; // after the action (as given when nothing was sent)
  bool requested = false; // false: nothing was sent
  std::string note; // "instance 'x' (ocid) is already TERMINATED"
};

// TerminateInstance for a resolved instance. Already TERMINATED or TERMINATING: success with a
// note and no request. The instance returned carries the state TERMINATING after a request.
core::Result<ActionOutcome> terminate(api::ComputeClient& compute, const api::Instance& instance,
                                      bool preserve_boot_volume);

enum class PowerAction { start, stop, soft_stop };

// InstanceAction START / STOP / SOFTSTOP. Starting a RUNNING or stopping a STOPPED instance is
// a success with a note and no request; a TERMINATING/TERMINATED instance is an api error.
core::Result<ActionOutcome> power(api::ComputeClient& compute, const api::Instance& instance, PowerAction action);

// "'name' (ocid)" for messages.
std::string describe(const api::Instance& instance);

} // namespace ocivanilla::ops
