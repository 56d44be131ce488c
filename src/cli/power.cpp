#include "commands.hpp"
#include "show.hpp"

#include "ocivanilla/ops/instance_ops.hpp"
#include "ocivanilla/ops/resolve.hpp"

#include <ostream>

namespace ocivanilla::cli {

core::Status run_power(Context& ctx, const PowerOptions& o)
{
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  auto instance = ops::resolve_instance(**compute, *compartment, o.target);
  OVL_TRY(instance);
  const auto action = o.start ? ops::PowerAction::start
                              : (o.soft ? ops::PowerAction::soft_stop : ops::PowerAction::stop);
  const std::string target_state = o.start ? "RUNNING" : "STOPPED";
  if (o.dry_run) {
    ctx.out() << "dry run: would " << (o.start ? "start" : (o.soft ? "soft-stop" : "stop")) << " "
              << ops::describe(*instance) << " (" << instance->lifecycle_state << ")\n";
    return {};
  }
  auto outcome = ops::power(**compute, *instance, action);
  OVL_TRY(outcome);
  if (!outcome->requested) {
    ctx.err() << outcome->note << "\n";
  }
  api::Instance latest = outcome->instance;
  if (o.wait) {
    auto done = wait_for(ctx, **compute, instance->id, {target_state}, o.wait_timeout);
    OVL_TRY(done);
    latest = *done;
  }
  print_instance(ctx, latest);
  return {};
}

} // namespace ocivanilla::cli
