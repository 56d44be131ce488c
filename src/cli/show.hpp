#pragma once

#include "commands.hpp"

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/cli/output.hpp"
#include "ocivanilla/ops/launch.hpp"

#include <string>
#include <vector>

// Output and waiting shared by the instance commands.
namespace ocivanilla::cli {

// One instance: a one-row table, or {"data": <the API object>} with -o json.
void print_instance(Context& ctx, const api::Instance& instance);

// The request a dry-run launch would send (method, URL, retry token, body).
void print_dry_run_launch(Context& ctx, const ops::PreparedLaunch& prepared);

// Polls until the instance reaches one of `states` (a progress line on a terminal, nothing
// on a pipe). Timeout: ErrorKind::wait_timeout (exit 8).
core::Result<api::Instance> wait_for(Context& ctx, api::ComputeClient& compute, const std::string& id,
                                     const std::vector<std::string>& states, const std::string& timeout);

// After LaunchInstance was accepted: prints the instance; with `wait`, waits for RUNNING and
// prints the public IP (a launch that ends TERMINATED is an error).
core::Status finish_launch(Context& ctx, const api::Instance& launched, bool wait, const std::string& timeout);

// launch --retry-capacity: hunts across the ADs that offer the shape (capacity.cpp).
core::Status run_capacity_hunt(Context& ctx, const ops::LaunchSpec& spec, const LaunchOptions& options,
                               const ops::SshKeyFinder& find_ssh_key);

} // namespace ocivanilla::cli

// ---- launch helpers shared by `launch` and `plan apply` (launch.cpp) ----
namespace ocivanilla::cli {

// The freeform tags of a launch: managed, tier, namespaces, expires-at (on-demand, now + TTL),
// plus the user's KEY=VALUE words.
core::Result<api::Tags> launch_tags(const plan::LaunchSpec& spec, const std::vector<std::string>& extra,
                                    core::TimePoint now);
// The plan's spec as ops::LaunchSpec (compartment, tenancy, image defaults filled).
core::Result<ops::LaunchSpec> to_ops_spec(Context& ctx, const plan::LaunchSpec& spec, const api::Tags& tags);
// SSH key: `configured` (flag or plan), else ~/.ssh/id_ed25519.pub, else ~/.ssh/id_rsa.pub.
ops::SshKeyFinder ssh_key_finder(Context& ctx, const std::string& configured);
// The budget guard (exit 6 with the arithmetic), the on-demand count limit, and no second copy
// of a planned server. `instances` is the live list (TERMINATED ones are ignored).
core::Status guard(Context& ctx, const plan::Plan& plan, const plan::LaunchSpec& spec,
                   const std::vector<api::Instance>& instances, bool allow_over_budget);

} // namespace ocivanilla::cli
