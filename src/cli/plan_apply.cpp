#include "commands.hpp"
#include "instances.hpp"
#include "show.hpp"

#include "ocivanilla/ops/launch.hpp"
#include "ocivanilla/ops/tags.hpp"
#include "ocivanilla/plan/apply.hpp"

#include <ostream>
#include <variant>

namespace ocivanilla::cli {

namespace {

core::Status apply_one(Context& ctx, const plan::Plan& p, const plan::ApplyAction& action)
{
  auto compute = ctx.compute();
  OVL_TRY(compute);
  if (const auto* adopt = std::get_if<plan::Adopt>(&action)) {
    auto outcome = ops::merge_tags(**compute, adopt->instance_id, adopt->tags, {});
    OVL_TRY(outcome);
    ctx.out() << "tagged " << adopt->display_name << " " << adopt->instance_id << "\n";
    return {};
  }
  const auto& launch = std::get<plan::Launch>(action);
  auto identity = ctx.identity();
  OVL_TRY(identity);
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  // Re-check the budget against the live list right before the launch (others may have launched).
  auto instances = (*compute)->list_instances(*compartment);
  OVL_TRY(instances);
  OVL_TRY(guard(ctx, p, launch.spec, *instances, false));
  auto tags = launch_tags(launch.spec, {}, ctx.clock().now());
  OVL_TRY(tags);
  auto spec = to_ops_spec(ctx, launch.spec, *tags);
  OVL_TRY(spec);
  auto outcome = ops::launch_instance(**compute, **identity, *spec, ssh_key_finder(ctx, launch.spec.ssh_key_file));
  OVL_TRY(outcome);
  ctx.out() << "launched " << outcome->launched->instance.display_name << " " << outcome->launched->instance.id
            << " (" << outcome->launched->instance.lifecycle_state << ")\n";
  return {};
}

} // namespace

core::Status run_plan_apply(Context& ctx, const PlanApplyOptions& o)
{
  auto p = ctx.plan();
  OVL_TRY(p);
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  auto instances = (*compute)->list_instances(*compartment);
  OVL_TRY(instances);
  const auto actions = plan::plan_apply(**p, to_live(*instances));
  std::vector<const plan::ApplyAction*> todo;
  std::vector<const plan::Blocked*> blocked;
  for (const auto& a : actions) {
    if (const auto* b = std::get_if<plan::Blocked>(&a)) {
      blocked.push_back(b);
    } else {
      todo.push_back(&a);
    }
  }
  for (const auto* b : blocked) {
    ctx.err() << "blocked: " << b->display_name << " (" << b->server_key << "): " << b->reason << "\n";
  }
  if (todo.empty()) {
    ctx.out() << "plan apply: nothing to do (" << ctx.plan_path().value() << ")\n";
  } else {
    ctx.out() << (o.dry_run ? "plan apply would:\n" : "plan apply will:\n");
    for (const auto* a : todo) {
      ctx.out() << "  " << plan::describe(*a) << "\n";
    }
  }
  if (!todo.empty() && !o.dry_run) {
    if (!o.yes && !ctx.stdin_is_terminal()) {
      return core::make_error(core::ErrorKind::usage, "plan apply: no terminal to confirm on; pass --yes");
    }
    if (!o.yes && !ctx.confirm("Apply these " + std::to_string(todo.size()) + " actions?")) {
      return core::make_error(core::ErrorKind::usage, "not confirmed; nothing was changed");
    }
    for (const auto* a : todo) {
      OVL_TRY(apply_one(ctx, **p, *a));
    }
  }
  if (!blocked.empty()) {
    return core::make_error(core::ErrorKind::budget, std::to_string(blocked.size())
                                                         + " planned server(s) do not fit the budget; see "
                                                           "'ocivanilla plan status'");
  }
  return {};
}

} // namespace ocivanilla::cli
