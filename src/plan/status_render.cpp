#include "ocivanilla/plan/shapes.hpp"
#include "ocivanilla/plan/status.hpp"
#include "plan/status_steps.hpp"

namespace ocivanilla::plan {

namespace {

std::string server_line(const ServerStatus& s)
{
  std::string line = "  " + s.key + " -> " + s.display_name + ": " + std::string(to_string(s.state));
  if (s.state == ServerState::missing) {
    return line + " (needs " + detail::format_size(s.planned_ocpus, s.planned_memory_gb) + ", " +
           std::string(to_string(s.tier)) + ")";
  }
  line += " (" + s.lifecycle_state + ", " + detail::format_size(s.live_ocpus, s.live_memory_gb);
  if (s.size_drift) {
    line += ", plan says " + detail::format_size(s.planned_ocpus, s.planned_memory_gb);
  }
  line += ", " + std::string(to_string(s.tier));
  line += s.tags_match ? ")" : ", tags not set)";
  return line;
}

std::string unplanned_line(const UnplannedInstance& u)
{
  std::string line = "  " + u.display_name + ": " + u.lifecycle_state + ", " + u.shape + ", " +
                     detail::format_size(u.ocpus, u.memory_gb) + ", " + u.tier + ", age " + format_age(u.age);
  if (!u.duplicate_of.empty()) {
    line += ", duplicate of planned server " + u.duplicate_of;
  }
  return line + " (" + u.id + ")";
}

std::string a1_line(const StatusReport& r)
{
  std::string fill = format_number(r.usage.a1_ocpus) + "/" + format_number(r.budget.a1_ocpus) + " OCPU, " +
                     format_number(r.usage.a1_memory_gb) + "/" + format_number(r.budget.a1_memory_gb) + " GB";
  double free_ocpus = r.budget.a1_ocpus - r.usage.a1_ocpus;
  double free_memory = r.budget.a1_memory_gb - r.usage.a1_memory_gb;
  if (free_ocpus < 0 || free_memory < 0) {
    return "A1 pool over budget: " + fill;
  }
  if (free_ocpus == 0 || free_memory == 0) {
    return "A1 pool full: " + fill;
  }
  return "A1 pool: " + fill + " (free " + detail::format_size(free_ocpus, free_memory) + ")";
}

std::string blocked_names(const StatusReport& r)
{
  std::string names;
  for (const NextStep& step : r.steps) {
    if (step.kind == StepKind::blocked) {
      names += (names.empty() ? "" : ", ") + step.target;
    }
  }
  return names;
}

} // namespace

std::vector<std::string> render_status(const StatusReport& r)
{
  std::vector<std::string> lines;
  lines.push_back("Plan: " + r.plan_source);
  lines.push_back("Planned servers:");
  for (const ServerStatus& s : r.servers) {
    lines.push_back(server_line(s));
  }
  if (r.servers.empty()) {
    lines.push_back("  (none)");
  }
  lines.push_back("Unplanned instances:");
  for (const UnplannedInstance& u : r.unplanned) {
    lines.push_back(unplanned_line(u));
  }
  if (r.unplanned.empty()) {
    lines.push_back("  (none)");
  }
  lines.push_back("Budget: " + format_usage(r.usage, r.budget));
  lines.push_back(a1_line(r));
  if (r.missing_a1_ocpus > 0 || r.missing_a1_memory_gb > 0) {
    lines.push_back("Missing servers need " + detail::format_size(r.missing_a1_ocpus, r.missing_a1_memory_gb) +
                    " of A1");
  }
  if (r.steps.empty()) {
    lines.push_back("Nothing to do: the live instances match the plan.");
    return lines;
  }
  lines.push_back("Next steps:");
  for (std::size_t i = 0; i < r.steps.size(); ++i) {
    lines.push_back("  " + std::to_string(i + 1) + ". " + r.steps[i].text);
  }
  lines.push_back("After these steps: " + format_usage(r.usage_after_steps, r.budget));
  if (!r.fits_after_steps) {
    lines.push_back("Even after these steps the budget does not fit: " + blocked_names(r));
  }
  return lines;
}

namespace {

nlohmann::json usage_json(const Usage& u)
{
  return {{"a1Ocpus", u.a1_ocpus},
          {"a1MemoryGb", u.a1_memory_gb},
          {"a1Instances", u.a1_instances},
          {"microInstances", u.micro_instances},
          {"bootVolumeGb", u.boot_volume_gb},
          {"unknownBootVolumes", u.unknown_boot_volumes}};
}

nlohmann::json optional_text(const std::string& text)
{
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

} // namespace

nlohmann::json status_to_json(const StatusReport& r)
{
  nlohmann::json servers = nlohmann::json::array();
  for (const ServerStatus& s : r.servers) {
    servers.push_back({{"key", s.key},
                       {"displayName", s.display_name},
                       {"tier", to_string(s.tier)},
                       {"state", to_string(s.state)},
                       {"instanceId", optional_text(s.instance_id)},
                       {"lifecycleState", optional_text(s.lifecycle_state)},
                       {"plannedOcpus", s.planned_ocpus},
                       {"plannedMemoryGb", s.planned_memory_gb},
                       {"liveOcpus", s.live_ocpus},
                       {"liveMemoryGb", s.live_memory_gb},
                       {"sizeDrift", s.size_drift},
                       {"tagsMatch", s.tags_match}});
  }
  nlohmann::json unplanned = nlohmann::json::array();
  for (const UnplannedInstance& u : r.unplanned) {
    unplanned.push_back({{"id", u.id},
                         {"displayName", u.display_name},
                         {"shape", u.shape},
                         {"lifecycleState", u.lifecycle_state},
                         {"ocpus", u.ocpus},
                         {"memoryGb", u.memory_gb},
                         {"tier", u.tier},
                         {"ageSeconds", u.age.count()},
                         {"duplicateOf", optional_text(u.duplicate_of)}});
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const NextStep& step : r.steps) {
    steps.push_back({{"kind", to_string(step.kind)},
                     {"target", step.target},
                     {"instanceIds", step.instance_ids},
                     {"text", step.text}});
  }
  return {{"plan", r.plan_source},
          {"budget",
           {{"a1Ocpus", r.budget.a1_ocpus},
            {"a1MemoryGb", r.budget.a1_memory_gb},
            {"bootVolumeGb", r.budget.boot_volume_gb},
            {"microInstances", r.budget.micro_instances}}},
          {"usage", usage_json(r.usage)},
          {"overBudget", r.over_budget},
          {"servers", servers},
          {"unplanned", unplanned},
          {"missing", {{"a1Ocpus", r.missing_a1_ocpus}, {"a1MemoryGb", r.missing_a1_memory_gb}}},
          {"steps", steps},
          {"usageAfterSteps", usage_json(r.usage_after_steps)},
          {"fitsAfterSteps", r.fits_after_steps}};
}

} // namespace ocivanilla::plan
