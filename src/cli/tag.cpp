#include "commands.hpp"
#include "show.hpp"

#include "ocivanilla/ops/resolve.hpp"
#include "ocivanilla/ops/tags.hpp"

#include <ostream>

namespace ocivanilla::cli {

core::Status run_tag(Context& ctx, const TagOptions& o)
{
  if (o.assignments.empty() && o.remove.empty()) {
    return core::make_error(core::ErrorKind::usage, "tag: give at least one KEY=VALUE or --remove KEY");
  }
  api::Tags set;
  for (const auto& a : o.assignments) {
    auto kv = ops::parse_tag_assignment(a);
    OVL_TRY(kv);
    set[kv->first] = kv->second;
  }
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  auto instance = ops::resolve_instance(**compute, *compartment, o.target);
  OVL_TRY(instance);
  if (o.dry_run) {
    const auto merged = ops::merged_tags(instance->freeform_tags, set, o.remove);
    if (ctx.json()) {
      print_json_data(ctx.out(), {{"id", instance->id}, {"freeformTags", merged}});
    } else {
      ctx.out() << "dry run: " << instance->display_name << " would carry:\n";
      for (const auto& [k, v] : merged) {
        ctx.out() << "  " << k << "=" << v << "\n";
      }
    }
    return {};
  }
  auto outcome = ops::merge_tags(**compute, instance->id, set, o.remove);
  OVL_TRY(outcome);
  if (ctx.json()) {
    print_instance(ctx, outcome->instance);
    return {};
  }
  ctx.out() << (outcome->changed ? "tagged " : "unchanged ") << outcome->instance.display_name << " "
            << outcome->instance.id << "\n";
  for (const auto& [k, v] : outcome->instance.freeform_tags) {
    ctx.out() << "  " << k << "=" << v << "\n";
  }
  return {};
}

} // namespace ocivanilla::cli
