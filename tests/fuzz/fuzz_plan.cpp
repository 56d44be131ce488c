// Fuzz target "plan": the allocation plan reader and validator (check_plan, parse_plan) and what
// the CLI derives from an accepted plan (launch specs, tags, the budget check).
// Properties: every diagnostic names the source with a position; check_plan and parse_plan
// agree; an accepted plan gives specs whose tags pass the plan's own tag rules.
#include "fuzz_support.hpp"

#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/plan.hpp"
#include "ocivanilla/plan/plan_parser.hpp"

#include <string>

namespace {

using namespace ocivanilla;

constexpr std::string_view k_source = "fuzz.yaml";

void check_diagnostics(const std::vector<std::string>& lines)
{
  for (const auto& line : lines) {
    OVL_FUZZ_CHECK(line.rfind(std::string(k_source) + ":", 0) == 0, line);
    OVL_FUZZ_CHECK(line.find('\n') == std::string::npos, line);
  }
}

void use_plan(const plan::Plan& p)
{
  const core::TimePoint now{std::chrono::seconds{1'780'000'000}};
  plan::Usage usage;
  for (const auto& server : p.servers) {
    OVL_FUZZ_CHECK(plan::find_server(p, server.key) != nullptr, server.key);
    const plan::LaunchSpec spec = plan::spec_for_server(p, server);
    OVL_FUZZ_CHECK(!spec.display_name.empty() && !spec.shape.empty(), server.key);
    (void)plan::launch_tags(spec, now);
    const plan::Request request = plan::request_for(spec);
    (void)plan::check_budget(p.budget, usage, request);
    usage = plan::add_request(usage, request);
  }
  const plan::LaunchSpec on_demand = plan::spec_for_name(p, "fuzz-on-demand");
  (void)plan::launch_tags(on_demand, now);
  (void)plan::format_usage(usage, p.budget);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const plan::PlanCheck check = plan::check_plan(text, k_source);
  check_diagnostics(check.errors);
  check_diagnostics(check.warnings);
  const auto parsed = plan::parse_plan(text, k_source);
  OVL_FUZZ_CHECK(parsed.ok() == check.loadable(), parsed.ok() ? check.errors.front() : parsed.error().message);
  if (parsed.ok()) {
    use_plan(*parsed);
  }
  return 0;
}
