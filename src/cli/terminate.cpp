#include "commands.hpp"
#include "instances.hpp"
#include "show.hpp"

#include "ocivanilla/ops/instance_ops.hpp"
#include "ocivanilla/ops/resolve.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <ostream>

namespace ocivanilla::cli {

namespace {

// Dedicated: tagged ocivanilla-tier=dedicated, or the plan's dedicated server of that display
// name (an instance created before ocivanilla tagged it is still production).
bool is_dedicated(Context& ctx, const api::Instance& instance)
{
  if (ops::is_protected(instance)) {
    return true;
  }
  auto plan = ctx.plan();
  if (!plan.ok()) {
    return false;
  }
  const auto* server = plan::find_server_by_display_name(**plan, instance.display_name);
  return server != nullptr && server->tier == plan::Tier::dedicated;
}

} // namespace

core::Status run_terminate(Context& ctx, const TerminateOptions& o)
{
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  auto instance = ops::resolve_instance(**compute, *compartment, o.target);
  OVL_TRY(instance);
  const std::string what = ops::describe(*instance);
  if (ops::is_terminated(*instance)) {
    ctx.err() << "instance " << what << " is already TERMINATED; nothing to do\n";
    return {};
  }
  if (!o.force && is_dedicated(ctx, *instance)) {
    return core::make_error(core::ErrorKind::usage, "refusing to terminate dedicated instance " + what +
                                                      ": it is a planned production server; pass --force "
                                                      "if you really mean it");
  }
  if (o.dry_run) {
    ctx.out() << "dry run: would terminate " << what << " (" << instance->lifecycle_state << ", " << instance->shape
              << "), boot volume " << (o.preserve_boot_volume ? "preserved" : "deleted") << "\n";
    return {};
  }
  if (!o.yes) {
    if (!ctx.stdin_is_terminal()) {
      return core::make_error(core::ErrorKind::usage, "not terminating " + what +
                                                        " without confirmation: no terminal to ask on; "
                                                        "pass --yes");
    }
    if (!ctx.confirm("Terminate " + what + ", " + instance->lifecycle_state + ", boot volume " +
                     (o.preserve_boot_volume ? "preserved" : "deleted") + "?")) {
      return core::make_error(core::ErrorKind::usage, "not confirmed; nothing was terminated");
    }
  }
  auto outcome = ops::terminate(**compute, *instance, o.preserve_boot_volume);
  if (!outcome.ok() && outcome.error().http_status == 404) {
    ctx.err() << "instance " << what << " is already gone\n";
    return {};
  }
  OVL_TRY(outcome);
  ctx.err() << (outcome->requested ? "terminating " + what : outcome->note) << "\n";
  if (o.wait) {
    auto done = wait_for(ctx, **compute, instance->id, {"TERMINATED"}, o.wait_timeout);
    OVL_TRY(done);
  }
  if (ctx.json()) {
    auto latest = (*compute)->get_instance(instance->id);
    OVL_TRY(latest);
    print_instance(ctx, latest->instance);
  } else {
    ctx.out() << "terminated " << instance->display_name << " " << instance->id << "\n";
  }
  return {};
}

} // namespace ocivanilla::cli
