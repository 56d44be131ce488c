#pragma once

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ocivanilla::plan {

// An instance as the plan logic needs it, independent of the API models (ops converts).
struct LiveInstance {
  std::string id;
  std::string display_name;
  std::string shape;
  std::string lifecycle_state; // "RUNNING", "STOPPED", "TERMINATED", ...
  double ocpus = 0;
  double memory_gb = 0;
  std::optional<int> boot_volume_gb; // unknown unless the API reported it
  std::map<std::string, std::string> freeform_tags;
  core::TimePoint time_created{};
};

bool is_terminated(const LiveInstance& instance); // lifecycle_state == "TERMINATED"

// What the non-TERMINATED instances take from the budget.
struct Usage {
  double a1_ocpus = 0;
  double a1_memory_gb = 0;
  int a1_instances = 0;
  int micro_instances = 0;
  int boot_volume_gb = 0; // sum of the known boot volume sizes
  int unknown_boot_volumes = 0; // instances whose boot volume size is unknown
};

Usage usage_of(const std::vector<LiveInstance>& instances);

// What a launch would add.
struct Request {
  std::string shape;
  double ocpus = 0;
  double memory_gb = 0;
  int boot_volume_gb = k_default_boot_volume_gb;
};

Request request_for(const LaunchSpec& spec);
// `usage` plus what `request` adds.
Usage add_request(Usage usage, const Request& request);

// Ok when `request` fits beside `usage`; else ErrorKind::budget whose message has one line
// (joined by '\n') per exceeded limit, showing the arithmetic:
//   A1 budget exceeded: in use 4 OCPU + 2 requested = 6 > 4 budget
//   A1 budget exceeded: in use 24 GB + 8 requested = 32 > 24 budget
//   Micro budget exceeded: in use 2 instances + 1 requested = 3 > 2 budget
//   Boot volume budget exceeded: in use 200 GB + 50 requested = 250 > 200 budget
core::Status check_budget(const Budget& budget, const Usage& usage, const Request& request);

// One line for footers: "A1 4/4 OCPU, 24/24 GB; boot volumes 200/200 GB; Micro 0/2"
// (" (+2 of unknown size)" after the boot figure when some sizes are unknown).
std::string format_usage(const Usage& usage, const Budget& budget);

} // namespace ocivanilla::plan
