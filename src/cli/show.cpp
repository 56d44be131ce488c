#include "show.hpp"
#include "instances.hpp"

#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/ops/instance_ops.hpp"

#include <ostream>

namespace ocivanilla::cli {

void print_instance(Context& ctx, const api::Instance& instance)
{
  if (ctx.json()) {
    print_json_data(ctx.out(), instance.json());
    return;
  }
  Table table({"NAME", "STATE", "SHAPE", "OCPUS", "MEMORY", "AD", "TIER", "OCID"});
  table.add_row({instance.display_name, instance.lifecycle_state, instance.shape, format_number(instance.ocpus),
                 format_number(instance.memory_gb) + " GB", instance.availability_domain, tier_of(instance),
                 instance.id});
  table.print(ctx.out());
}

void print_dry_run_launch(Context& ctx, const ops::PreparedLaunch& prepared)
{
  if (ctx.json()) {
    print_json_data(ctx.out(), {{"dryRun", true},
                                {"method", prepared.request.method},
                                {"url", prepared.request.url},
                                {"opcRetryToken", prepared.retry_token},
                                {"body", prepared.details}});
    return;
  }
  ctx.out() << "dry run: nothing was launched. The request would be:\n"
            << prepared.request.method << " " << prepared.request.url << "\n"
            << "opc-retry-token: " << prepared.retry_token << "\n"
            << prepared.details.dump(2) << "\n";
  if (!prepared.image_name.empty()) {
    ctx.out() << "(image " << prepared.image_name << ", AD " << prepared.availability_domain << ")\n";
  }
}

core::Result<api::Instance> wait_for(Context& ctx, api::ComputeClient& compute, const std::string& id,
                                     const std::vector<std::string>& states, const std::string& timeout)
{
  auto limit = core::parse_duration(timeout);
  OVL_TRY(limit);
  ops::WaitOptions options;
  options.timeout = *limit;
  const bool progress = ctx.stderr_is_terminal();
  auto result = ops::wait_for_state(
    compute, ctx.clock(), ctx.sleeper(), id, states, options, [&ctx, progress](const api::Instance& i) {
      if (progress) {
        ctx.err() << "\r\033[K" << i.display_name << ": " << i.lifecycle_state << std::flush;
      }
    });
  if (progress) {
    ctx.err() << "\n";
  }
  return result;
}

core::Status finish_launch(Context& ctx, const api::Instance& launched, bool wait, const std::string& timeout)
{
  if (!wait) {
    print_instance(ctx, launched);
    return {};
  }
  auto compute = ctx.compute();
  OVL_TRY(compute);
  auto running = wait_for(ctx, **compute, launched.id, {"RUNNING"}, timeout);
  OVL_TRY(running);
  auto compartment = ctx.compartment();
  OVL_TRY(compartment);
  auto ip = ops::public_ip_of(**compute, *compartment, launched.id);
  OVL_TRY(ip); // before printing anything: a failure leaves stdout empty
  print_instance(ctx, *running);
  if (!ctx.json()) {
    ctx.out() << "public IP: " << (ip->empty() ? "none" : *ip) << "\n";
  }
  return {};
}

} // namespace ocivanilla::cli
