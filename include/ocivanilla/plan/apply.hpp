#pragma once

#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <map>
#include <string>
#include <variant>
#include <vector>

namespace ocivanilla::plan {

// Tag an existing planned server: merge `tags` (only the ones missing or different) into it.
struct Adopt {
  std::string instance_id;
  std::string server_key;
  std::string display_name;
  std::map<std::string, std::string> tags;
};

// Launch a missing planned server.
struct Launch {
  std::string server_key;
  LaunchSpec spec;
};

// A missing planned server that the budget does not allow; `reason` is check_budget's message.
struct Blocked {
  std::string server_key;
  std::string display_name;
  std::string reason;
};

using ApplyAction = std::variant<Adopt, Launch, Blocked>;

// What `plan apply` does (pure): first Adopt for every present or stopped server whose tags
// differ (plan order), then for each missing server in plan order Launch when it fits the
// budget beside the live instances and the launches before it, else Blocked. Never terminates.
// Running it again on the resulting instances gives no Adopt and no Launch.
std::vector<ApplyAction> plan_apply(const Plan& plan, const std::vector<LiveInstance>& instances);

// The tags a planned server should carry: namespaces (when any), tier, managed.
std::map<std::string, std::string> server_tags(const Server& server);

// One line per action, e.g. "launch lab-manager-server (lab-manager): VM.Standard.A1.Flex,
// 2 OCPU / 8 GB, 50 GB boot volume".
std::string describe(const ApplyAction& action);

} // namespace ocivanilla::plan
