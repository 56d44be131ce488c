#pragma once

#include "ocivanilla/plan/plan.hpp"
#include "plan/diagnostics.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace ocivanilla::plan::detail {

// Where a launchable spec (a server or on_demand) wrote its sizes, and whether they were read.
struct SizeMarks {
  std::string path; // "servers.lab-manager" or "on_demand"
  Location where; // the key naming the spec
  Location ocpus;
  Location memory_gb;
  Location boot_volume_gb;
  bool ocpus_read = false; // read as a number, or defaulted
  bool memory_read = false;
  bool boot_read = false;
};

struct ServerMarks {
  SizeMarks sizes;
  Location display_name;
  std::vector<Location> namespace_items; // one per namespace, in order
};

struct PlanMarks {
  Location root;
  Location budget;
  Location budget_a1_ocpus;
  Location budget_a1_memory_gb;
  Location budget_boot_volume_gb;
  Location budget_micro_instances;
  std::vector<ServerMarks> servers; // parallel to Plan::servers
  SizeMarks on_demand;
};

// Schema and types: fills `plan` (defaults where keys are absent) and `marks`; reports wrong
// types, unknown and missing keys, bad tiers and durations to `diagnostics`.
void read_plan(const YAML::Node& root, Plan& plan, PlanMarks& marks, Diagnostics& diagnostics);

// Meaning: sizes for the shape, namespaces served once, unique display names, totals within
// the budget (error) and room for one on-demand VM (warning).
void validate_plan(const Plan& plan, const PlanMarks& marks, Diagnostics& diagnostics);

} // namespace ocivanilla::plan::detail
