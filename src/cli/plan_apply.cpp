#include "commands.hpp"
#include "instances.hpp"
#include "show.hpp"

#include "ocivanilla/cli/output.hpp"
#include "ocivanilla/ops/launch.hpp"
#include "ocivanilla/ops/tags.hpp"
#include "ocivanilla/plan/apply.hpp"

#include <ostream>
#include <variant>

namespace ocivanilla::cli {

namespace {

// A planned server's launch, re-checked against the live list right before the call (another
// run or a person may have launched something since the plan was computed). Returns the new id.
core::Result<std::string> launch_server(Context& ctx, const plan::Plan& p, const plan::Launch& launch)
{
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto identity = ctx.identity();
  OVL_TRY(identity);
  auto instances = ctx.instances();
  OVL_TRY(instances);
  OVL_TRY(guard(ctx, p, launch.spec, *instances, false));
  auto tags = launch_tags(launch.spec, {}, ctx.clock().now());
  OVL_TRY(tags);
  auto spec = to_ops_spec(ctx, launch.spec, *tags);
  OVL_TRY(spec);
  auto outcome = ops::launch_instance(**compute, **identity, *spec, ssh_key_finder(ctx, launch.spec.ssh_key_file));
  OVL_TRY(outcome);
  const auto& instance = outcome->launched->instance;
  if (!ctx.json()) {
    ctx.out() << "launched " << instance.display_name << " " << instance.id << " (" << instance.lifecycle_state
              << ")\n";
  }
  return instance.id;
}

// Runs one Adopt or Launch; returns the id of the instance it tagged or launched.
core::Result<std::string> apply_one(Context& ctx, const plan::Plan& p, const plan::ApplyAction& action)
{
  if (const auto* adopt = std::get_if<plan::Adopt>(&action)) {
    auto compute = ctx.compute();
    OVL_TRY(compute);
    auto outcome = ops::merge_tags(**compute, adopt->instance_id, adopt->tags, {});
    OVL_TRY(outcome);
    if (!ctx.json()) {
      ctx.out() << "tagged " << adopt->display_name << " " << adopt->instance_id << "\n";
    }
    return adopt->instance_id;
  }
  return launch_server(ctx, p, std::get<plan::Launch>(action));
}

// One entry of the JSON document; `instance_id` is empty when nothing was done (dry run): a
// launch then has a null instanceId.
nlohmann::json action_json(const plan::ApplyAction& action, const std::string& instance_id)
{
  nlohmann::json j;
  if (const auto* adopt = std::get_if<plan::Adopt>(&action)) {
    j = {{"action", "tag"},
         {"serverKey", adopt->server_key},
         {"displayName", adopt->display_name},
         {"instanceId", adopt->instance_id},
         {"tags", adopt->tags}};
  } else {
    const auto& launch = std::get<plan::Launch>(action);
    j = {{"action", "launch"},
         {"serverKey", launch.server_key},
         {"displayName", launch.spec.display_name},
         {"instanceId", instance_id.empty() ? nlohmann::json() : nlohmann::json(instance_id)}};
  }
  j["description"] = plan::describe(action);
  j["done"] = !instance_id.empty();
  return j;
}

nlohmann::json blocked_json(const plan::ApplyAction& action)
{
  const auto& b = std::get<plan::Blocked>(action);
  return {{"serverKey", b.server_key}, {"displayName", b.display_name}, {"description", plan::describe(action)}};
}

// Asks before changing anything: --yes, else a terminal to confirm on.
core::Status confirm_apply(Context& ctx, const PlanApplyOptions& o, std::size_t count)
{
  if (o.yes) {
    return {};
  }
  if (!ctx.stdin_is_terminal()) {
    return core::make_error(core::ErrorKind::usage,
                            "plan apply: no terminal to confirm on; nothing was changed (pass --yes)");
  }
  if (!ctx.confirm("Apply these " + std::to_string(count) + " actions?")) {
    return core::make_error(core::ErrorKind::usage, "not confirmed; nothing was changed");
  }
  return {};
}

void print_intent(Context& ctx, const std::vector<const plan::ApplyAction*>& pending, const std::string& path,
                  bool dry_run)
{
  if (pending.empty()) {
    ctx.out() << "plan apply: nothing to do (" << path << ")\n";
    return;
  }
  ctx.out() << (dry_run ? "plan apply would:\n" : "plan apply will:\n");
  for (const auto* a : pending) {
    ctx.out() << "  " << plan::describe(*a) << "\n";
  }
}

} // namespace

core::Status run_plan_apply(Context& ctx, const PlanApplyOptions& o)
{
  auto p = ctx.plan();
  OVL_TRY(p);
  auto path = ctx.plan_path();
  OVL_TRY(path);
  auto instances = ctx.instances();
  OVL_TRY(instances);
  const auto actions = plan::plan_apply(**p, to_live(*instances));
  std::vector<const plan::ApplyAction*> pending;
  nlohmann::json blocked = nlohmann::json::array();
  for (const auto& a : actions) {
    if (std::holds_alternative<plan::Blocked>(a)) {
      ctx.err() << plan::describe(a) << "\n";
      blocked.push_back(blocked_json(a));
    } else {
      pending.push_back(&a);
    }
  }
  if (!ctx.json()) {
    print_intent(ctx, pending, *path, o.dry_run);
  }
  nlohmann::json done = nlohmann::json::array();
  if (!pending.empty() && !o.dry_run) {
    OVL_TRY(confirm_apply(ctx, o, pending.size()));
  }
  for (const auto* a : pending) {
    std::string id;
    if (!o.dry_run) {
      auto applied = apply_one(ctx, **p, *a);
      OVL_TRY(applied);
      id = *applied;
    }
    done.push_back(action_json(*a, id));
  }
  if (ctx.json()) {
    print_json_data(ctx.out(), {{"plan", *path}, {"dryRun", o.dry_run}, {"actions", done}, {"blocked", blocked}});
  }
  if (!blocked.empty()) {
    return core::make_error(core::ErrorKind::budget, std::to_string(blocked.size()) +
                                                       " planned server(s) do not fit the budget; see "
                                                       "'ocivanilla plan status'");
  }
  return {};
}

} // namespace ocivanilla::cli
