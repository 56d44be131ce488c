#pragma once

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace ocivanilla::plan {

enum class ServerState {
  present, // a non-TERMINATED instance has the planned display name and is not stopped
  stopped, // that instance is STOPPED or STOPPING
  missing, // no non-TERMINATED instance has the display name
};
std::string_view to_string(ServerState state);

struct ServerStatus {
  std::string key;
  std::string display_name;
  Tier tier = Tier::dedicated;
  ServerState state = ServerState::missing;
  std::string instance_id; // empty when missing (the oldest match when several)
  std::string lifecycle_state; // empty when missing
  double planned_ocpus = 0;
  double planned_memory_gb = 0;
  double live_ocpus = 0;
  double live_memory_gb = 0;
  bool size_drift = false; // live OCPUs or GB differ from the plan
  bool tags_match = false; // namespaces, tier and managed tags are as the plan says
};

struct UnplannedInstance {
  std::string id;
  std::string display_name;
  std::string shape;
  std::string lifecycle_state;
  double ocpus = 0;
  double memory_gb = 0;
  std::string tier; // the ocivanilla-tier tag, else "untagged"
  std::chrono::seconds age{0};
  std::string duplicate_of; // the server key when it repeats a planned display name
};

enum class StepKind { terminate, consolidate, start, resize, launch, blocked, tag };
std::string_view to_string(StepKind kind);

struct NextStep {
  StepKind kind = StepKind::launch;
  std::string target; // display name (or name shared by a group)
  std::vector<std::string> instance_ids; // instances to terminate / start / tag
  std::string text; // one line for people, with the command to run
};

struct StatusReport {
  std::string plan_source;
  Budget budget;
  Usage usage;
  std::vector<ServerStatus> servers; // plan order
  std::vector<UnplannedInstance> unplanned;
  double missing_a1_ocpus = 0; // what the missing A1 servers need
  double missing_a1_memory_gb = 0;
  bool over_budget = false; // usage already exceeds the budget
  std::vector<NextStep> steps; // in the order to do them
  Usage usage_after_steps; // usage once every step has run
  bool fits_after_steps = true; // false when some missing server stays blocked
};

// Compares the plan with the live instances (pure). Unplanned instances that are untagged or
// on-demand are proposed for termination (expired ones first, then duplicates of planned
// servers, then single instances, then consolidation of instances sharing a name, keeping one)
// only while the missing servers do not fit; then the missing servers are launched in plan
// order as far as the budget allows; blocked ones say what is short.
StatusReport plan_status(const Plan& plan, const std::vector<LiveInstance>& instances, core::TimePoint now);

// Text for `plan status` (table output), one entry per line.
std::vector<std::string> render_status(const StatusReport& report);
// JSON for `plan status -o json` (camelCase keys).
nlohmann::json status_to_json(const StatusReport& report);

// "12d", "5h", "42m", "10s": the largest whole unit.
std::string format_age(std::chrono::seconds age);

} // namespace ocivanilla::plan
