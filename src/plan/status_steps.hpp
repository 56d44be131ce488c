#pragma once

#include "ocivanilla/plan/status.hpp"

#include <string>
#include <vector>

namespace ocivanilla::plan::detail {

// "1 OCPU / 6 GB"
std::string format_size(double ocpus, double memory_gb);
// The name without trailing "-<digits>" / "_<digits>" parts: "web-2" -> "web".
std::string name_base(std::string_view name);
// `usage` without what `instance` takes (the inverse of usage_of for one instance).
Usage release(Usage usage, const LiveInstance& instance);
// True when the instance carries the namespaces, tier and managed tags `server` asks for.
bool tags_match(const Server& server, const LiveInstance& instance);

// Fills report.steps, report.usage_after_steps and report.fits_after_steps from the rest of
// the report (servers, unplanned, usage) and the live instances.
void plan_steps(const Plan& plan, const std::vector<LiveInstance>& instances, core::TimePoint now,
                StatusReport& report);

} // namespace ocivanilla::plan::detail
