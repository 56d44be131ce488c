#include "commands.hpp"
#include "instances.hpp"

#include "ocivanilla/cli/output.hpp"
#include "ocivanilla/plan/plan_parser.hpp"
#include "ocivanilla/plan/status.hpp"

#include <ostream>

namespace ocivanilla::cli {

core::Status run_plan_check(Context& ctx)
{
  auto path = ctx.plan_path();
  OVL_TRY(path);
  if (*path == "built-in") {
    return core::make_error(core::ErrorKind::config,
                            "no plan file: looked for ./config/plan.yaml and ~/.config/ocivanilla/plan.yaml "
                            "(set --plan or OCIVANILLA_PLAN)");
  }
  auto check = plan::check_plan_file(*path);
  OVL_TRY(check);
  for (const auto& w : check->warnings) {
    ctx.err() << "warning: " << w << '\n';
  }
  for (const auto& e : check->errors) {
    ctx.err() << "error: " << e << '\n';
  }
  if (ctx.json()) {
    print_json_data(
      ctx.out(), {{"file", *path}, {"valid", check->ok()}, {"errors", check->errors}, {"warnings", check->warnings}});
  }
  if (!check->ok()) {
    return core::make_error(core::ErrorKind::config,
                            *path + ": " + std::to_string(check->errors.size()) + " error(s) in the plan");
  }
  if (!ctx.json()) {
    const auto& p = check->plan;
    ctx.out() << *path << ": ok (" << p.servers.size() << " servers, budget A1 " << format_number(p.budget.a1_ocpus)
              << " OCPU / " << format_number(p.budget.a1_memory_gb) << " GB, " << check->warnings.size()
              << " warning(s))\n";
  }
  return {};
}

core::Status run_plan_status(Context& ctx)
{
  auto plan = ctx.plan();
  OVL_TRY(plan);
  auto instances = ctx.instances();
  OVL_TRY(instances);
  const auto report = plan::plan_status(**plan, to_live(*instances), ctx.clock().now());
  if (ctx.json()) {
    print_json_data(ctx.out(), plan::status_to_json(report));
    return {};
  }
  for (const auto& line : plan::render_status(report)) {
    ctx.out() << line << '\n';
  }
  return {};
}

} // namespace ocivanilla::cli
