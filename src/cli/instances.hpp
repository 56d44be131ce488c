#pragma once

#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <optional>
#include <string>
#include <vector>

// Helpers shared by the instance commands: API models as the plan logic and the table see them.
namespace ocivanilla::cli {

plan::LiveInstance to_live(const api::Instance& instance);
std::vector<plan::LiveInstance> to_live(const std::vector<api::Instance>& instances);

// The ocivanilla-tier tag, or "untagged".
std::string tier_of(const api::Instance& instance);
// The ocivanilla-namespaces tag split at commas.
std::vector<std::string> namespaces_of(const api::Instance& instance);
// ocivanilla-expires-at parsed; nullopt when absent or unparseable.
std::optional<core::TimePoint> expiry_of(const api::Instance& instance);
// Serves `ns`: the namespaces tag names it, or it is the plan's server for it (by display name).
bool serves_namespace(const api::Instance& instance, const plan::Plan& plan, const std::string& ns);

} // namespace ocivanilla::cli
