#pragma once

#include "ocivanilla/core/result.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::plan {

// The outcome of `plan check`: every error and warning, each one line reading
// "SOURCE:LINE:COLUMN: PATH: message", e.g.
//   plan.yaml:12:5: servers.lab-manager.ocpus: must be between 1 and 80 for VM.Standard.A1.Flex, got 0
// YAML that does not parse gives one error "SOURCE:LINE:COLUMN: YAML syntax error: ...".
// `plan` holds what could be read (defaults fill the gaps); use it only when loadable().
// `budget_errors` repeats the errors of `errors` that only say the planned servers exceed the
// budget ("budget.a1.ocpus: planned servers need 4 OCPU (...) > 2 budget"): `plan check` fails
// on them, but such a plan is still loadable, so that `plan status` can show what does not fit
// and the budget guard refuses each launch that would pass the limit.
struct PlanCheck {
  Plan plan;
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
  std::vector<std::string> budget_errors;
  bool ok() const { return errors.empty(); }
  bool loadable() const { return errors.size() == budget_errors.size(); }
};

// Reads and validates a plan (format: docs/plan.md). `source` names the text in messages.
// Never throws, never opens files.
PlanCheck check_plan(std::string_view text, std::string_view source);

// check_plan, failing (ErrorKind::config) unless the plan is loadable() (budget errors alone
// do not fail it). The message is the first error, followed by
// " (and N more errors; run 'ocivanilla plan check')" when there are more.
core::Result<Plan> parse_plan(std::string_view text, std::string_view source);

// Reads `path` and runs check_plan on it (messages name the path as given). A missing or
// unreadable file is an ErrorKind::config error: "plan file not found: PATH" /
// "cannot read plan file PATH".
core::Result<PlanCheck> check_plan_file(const std::filesystem::path& path);
// Reads `path` and runs parse_plan on it; the same errors as check_plan_file.
core::Result<Plan> load_plan_file(const std::filesystem::path& path);

} // namespace ocivanilla::plan
