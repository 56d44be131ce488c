#include "commands.hpp"
#include "instances.hpp"
#include "show.hpp"

#include "ocivanilla/cli/output.hpp"
#include "ocivanilla/config/config.hpp"
#include "ocivanilla/config/file.hpp"
#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/ops/launch.hpp"
#include "ocivanilla/ops/tags.hpp"
#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/tags.hpp"

#include <ostream>

namespace ocivanilla::cli {

namespace {

constexpr const char* k_default_image_os = "Canonical Ubuntu";
constexpr const char* k_default_image_version = "24.04";

// The plan's spec for NAME (a server key, else on-demand), with the flags applied on top.
core::Result<plan::LaunchSpec> merged_spec(const plan::Plan& p, const LaunchOptions& o)
{
  plan::LaunchSpec spec;
  if (const auto* server = plan::find_server(p, o.name)) {
    spec = plan::spec_for_server(p, *server);
  } else {
    spec.display_name = o.name;
    spec.tier = plan::Tier::on_demand;
    spec.shape = p.on_demand.shape.empty() ? p.defaults.shape : p.on_demand.shape;
    spec.ocpus = p.on_demand.ocpus;
    spec.memory_gb = p.on_demand.memory_gb;
    spec.boot_volume_gb = p.on_demand.boot_volume_gb;
    spec.ttl = p.on_demand.ttl;
    spec.image = p.defaults.image;
    spec.subnet = p.defaults.subnet;
    spec.ssh_key_file = p.defaults.ssh_key_file;
  }
  if (!o.shape.empty()) {
    spec.shape = o.shape;
  }
  spec.ocpus = o.ocpus.value_or(spec.ocpus);
  spec.memory_gb = o.memory_gb.value_or(spec.memory_gb);
  spec.boot_volume_gb = o.boot_volume_gb.value_or(spec.boot_volume_gb);
  if (!o.image_os.empty() || !o.image_version.empty()) {
    spec.image = plan::ImageSpec{o.image_os.empty() ? k_default_image_os : o.image_os,
                                 o.image_version.empty() ? k_default_image_version : o.image_version};
  }
  if (!o.subnet_id.empty()) {
    spec.subnet = o.subnet_id;
  }
  if (!o.ssh_key_file.empty()) {
    spec.ssh_key_file = o.ssh_key_file;
  }
  if (!o.namespaces.empty()) {
    spec.namespaces = o.namespaces;
  }
  if (!o.tier.empty()) {
    spec.tier = plan::parse_tier(o.tier).value_or(spec.tier);
  }
  if (!o.ttl.empty()) {
    auto ttl = core::parse_duration(o.ttl);
    OVL_TRY(ttl);
    spec.ttl = *ttl;
  }
  if (spec.tier != plan::Tier::on_demand) {
    spec.ttl.reset();
  }
  return spec;
}

} // namespace

core::Result<api::Tags> launch_tags(const plan::LaunchSpec& spec, const std::vector<std::string>& extra,
                                    core::TimePoint now)
{
  api::Tags tags;
  for (const auto& assignment : extra) {
    auto kv = ops::parse_tag_assignment(assignment);
    OVL_TRY(kv);
    tags[kv->first] = kv->second;
  }
  tags[std::string(plan::k_tag_managed)] = std::string(plan::k_tag_managed_value);
  tags[std::string(plan::k_tag_tier)] = std::string(plan::to_string(spec.tier));
  std::string namespaces;
  for (const auto& ns : spec.namespaces) {
    namespaces += (namespaces.empty() ? "" : ",") + ns;
  }
  if (!namespaces.empty()) {
    tags[std::string(plan::k_tag_namespaces)] = namespaces;
  }
  if (spec.ttl) {
    tags[std::string(plan::k_tag_expires_at)] = core::format_rfc3339(now + *spec.ttl);
  }
  return tags;
}

ops::SshKeyFinder ssh_key_finder(Context& ctx, const std::string& configured)
{
  return [&ctx, configured]() -> core::Result<std::optional<std::string>> {
    if (!configured.empty()) {
      auto path = config::expand_home(configured, ctx.env());
      OVL_TRY(path);
      auto text = config::read_file(*path, "SSH public key file");
      OVL_TRY(text);
      return std::optional<std::string>(*text);
    }
    for (const char* name : {"/.ssh/id_ed25519.pub", "/.ssh/id_rsa.pub"}) {
      auto path = config::expand_home(std::string("~") + name, ctx.env());
      if (path.ok() && config::path_exists(*path)) {
        auto text = config::read_file(*path, "SSH public key file");
        OVL_TRY(text);
        return std::optional<std::string>(*text);
      }
    }
    return std::optional<std::string>();
  };
}

core::Result<ops::LaunchSpec> to_ops_spec(Context& ctx, const plan::LaunchSpec& spec, const api::Tags& tags)
{
  ops::LaunchSpec launch;
  launch.display_name = spec.display_name;
  launch.shape = spec.shape;
  launch.ocpus = spec.ocpus;
  launch.memory_gb = spec.memory_gb;
  launch.image_os = spec.image ? spec.image->os : k_default_image_os;
  launch.image_version = spec.image ? spec.image->version : k_default_image_version;
  launch.subnet_id = spec.subnet;
  launch.boot_volume_gb = spec.boot_volume_gb;
  launch.freeform_tags = tags;
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  auto tenancy = ctx.tenancy();
  OVL_TRY(tenancy);
  launch.compartment_id = *compartment;
  launch.tenancy_id = *tenancy;
  return launch;
}

core::Status guard(Context& ctx, const plan::Plan& p, const plan::LaunchSpec& spec,
                   const std::vector<api::Instance>& instances, bool allow_over_budget)
{
  std::vector<plan::LiveInstance> live;
  int on_demand_count = 0;
  for (const auto& i : instances) {
    if (i.lifecycle_state == "TERMINATED") {
      continue;
    }
    live.push_back(to_live(i));
    if (tier_of(i) == "on-demand") {
      ++on_demand_count;
    }
    if (!spec.server_key.empty() && i.display_name == spec.display_name) {
      return core::make_error(core::ErrorKind::api, "planned server '" + spec.server_key + "' already exists as " +
                                                      i.display_name + " (" + i.id + ", " + i.lifecycle_state +
                                                      "); see 'ocivanilla plan status'");
    }
  }
  if (allow_over_budget) {
    return {};
  }
  if (spec.tier == plan::Tier::on_demand && on_demand_count >= p.on_demand.max_instances) {
    return core::make_error(core::ErrorKind::budget, "on-demand limit reached: " + std::to_string(on_demand_count) +
                                                       " on-demand instances running, the plan allows " +
                                                       std::to_string(p.on_demand.max_instances) +
                                                       " (on_demand.max_instances in " + ctx.plan_path().value() +
                                                       "); use --allow-over-budget to launch anyway");
  }
  auto status = plan::check_budget(p.budget, plan::usage_of(live), plan::request_for(spec));
  if (!status.ok()) {
    auto error = status.error();
    error.message += "\n(budget from " + ctx.plan_path().value() +
                     "; free capacity first, see 'ocivanilla plan "
                     "status', or pass --allow-over-budget)";
    return error;
  }
  return {};
}

core::Status run_launch(Context& ctx, const LaunchOptions& o)
{
  auto p = ctx.plan();
  OVL_TRY(p);
  auto spec = merged_spec(**p, o);
  OVL_TRY(spec);
  auto tags = launch_tags(*spec, o.tags, ctx.clock().now());
  OVL_TRY(tags);
  auto launch_spec = to_ops_spec(ctx, *spec, *tags);
  OVL_TRY(launch_spec);
  auto& launch = *launch_spec;
  launch.image_id = o.image_id;
  launch.availability_domain = o.ad;
  launch.no_ssh_key = o.no_ssh_key;
  launch.dry_run = o.dry_run;
  if (!o.user_data_file.empty()) {
    auto data = config::read_file(o.user_data_file, "user data file");
    OVL_TRY(data);
    launch.user_data = *data;
  }
  OVL_TRY(ops::validate_launch_spec(launch)); // before any state-changing call

  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto identity = ctx.identity();
  OVL_TRY(identity);
  auto instances = ctx.instances();
  OVL_TRY(instances);
  if (o.retry_capacity) {
    // A capacity hunt from cron runs again and again: once the instance exists, the job is done.
    for (const auto& i : *instances) {
      if (i.display_name == spec->display_name && i.lifecycle_state != "TERMINATED" &&
          i.lifecycle_state != "TERMINATING") {
        ctx.err() << i.display_name << " already exists (" << i.id << ", " << i.lifecycle_state
                  << "); nothing to hunt for\n";
        print_instance(ctx, i);
        return {};
      }
    }
  }
  OVL_TRY(guard(ctx, **p, *spec, *instances, o.allow_over_budget));

  if (o.retry_capacity && !o.dry_run) {
    return run_capacity_hunt(ctx, launch, o, ssh_key_finder(ctx, spec->ssh_key_file));
  }
  auto outcome = ops::launch_instance(**compute, **identity, launch, ssh_key_finder(ctx, spec->ssh_key_file));
  OVL_TRY(outcome);
  if (o.dry_run) {
    print_dry_run_launch(ctx, outcome->prepared);
    return {};
  }
  return finish_launch(ctx, outcome->launched->instance, o.wait, o.wait_timeout);
}

} // namespace ocivanilla::cli
