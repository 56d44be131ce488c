#include "ocivanilla/plan/budget.hpp"
#include "ocivanilla/plan/shapes.hpp"
#include "plan/plan_reader.hpp"

#include <map>

namespace ocivanilla::plan::detail {

namespace {

void check_sizes(std::string_view shape, double ocpus, double memory_gb, int boot_volume_gb, const SizeMarks& marks,
                 Diagnostics& diagnostics)
{
  auto at = [&marks](Location where) { return where.line > 0 ? where : marks.where; };
  for (const SizeProblem& problem : check_shape_size(shape, ocpus, memory_gb)) {
    bool is_ocpus = problem.field == SizeProblem::Field::ocpus;
    if (is_ocpus ? marks.ocpus_read : marks.memory_read) {
      diagnostics.error(at(is_ocpus ? marks.ocpus : marks.memory_gb), marks.path + (is_ocpus ? ".ocpus" : ".memory_gb"),
                        problem.message);
    }
  }
  if (marks.boot_read) {
    std::string problem = check_boot_volume_size(boot_volume_gb);
    if (!problem.empty()) {
      diagnostics.error(at(marks.boot_volume_gb), marks.path + ".boot_volume_gb", problem);
    }
  }
}

void check_namespaces(const Plan& plan, const PlanMarks& marks, Diagnostics& diagnostics)
{
  struct Owner {
    std::string key;
    Location where;
  };
  std::map<std::string, Owner> owners;
  for (std::size_t s = 0; s < plan.servers.size(); ++s) {
    const Server& server = plan.servers[s];
    for (std::size_t n = 0; n < server.namespaces.size(); ++n) {
      const std::string& ns = server.namespaces[n];
      Location where = marks.servers[s].namespace_items[n];
      auto [it, inserted] = owners.emplace(ns, Owner{server.key, where});
      if (inserted) {
        continue;
      }
      std::string message = it->second.key == server.key
                              ? "namespace '" + ns + "' is listed twice"
                              : "namespace '" + ns + "' is already served by servers." + it->second.key + " (line " +
                                  std::to_string(it->second.where.line) + ")";
      diagnostics.error(where, "servers." + server.key + ".namespaces", message);
    }
  }
}

void check_display_names(const Plan& plan, const PlanMarks& marks, Diagnostics& diagnostics)
{
  for (std::size_t s = 0; s < plan.servers.size(); ++s) {
    const Server& server = plan.servers[s];
    const Server* first = find_server_by_display_name(plan, server.display_name);
    if (first != &server) {
      Location where = marks.servers[s].display_name;
      diagnostics.error(where.line > 0 ? where : marks.servers[s].sizes.where,
                        "servers." + server.key + ".display_name",
                        "'" + server.display_name + "' is already the display name of servers." + first->key);
    }
  }
}

// "tamara 1 + lab-manager 2 + dev-shared 1"
template <typename Value>
std::string terms(const Plan& plan, bool (*counts)(const Server&), Value (*value)(const Server&))
{
  std::string text;
  for (const Server& server : plan.servers) {
    if (counts(server)) {
      text += (text.empty() ? "" : " + ") + server.key + " " + format_number(value(server));
    }
  }
  return text;
}

bool a1_server(const Server& server)
{
  return is_a1_shape(server.shape);
}
bool micro_server(const Server& server)
{
  return is_micro_shape(server.shape);
}
bool any_server(const Server&)
{
  return true;
}
double server_ocpus(const Server& server)
{
  return server.ocpus;
}
double server_memory(const Server& server)
{
  return server.memory_gb;
}
double server_boot(const Server& server)
{
  return server.boot_volume_gb;
}
double one(const Server&)
{
  return 1;
}

void over(Diagnostics& diagnostics, Location where, std::string_view path, double need, std::string_view unit,
          const std::string& sum, double limit)
{
  diagnostics.budget_error(where, path,
                           "planned servers need " + format_number(need) + std::string(unit) + " (" + sum + ") > " +
                             format_number(limit) + " budget");
}

void check_totals(const Plan& plan, const PlanMarks& marks, Diagnostics& diagnostics)
{
  Usage planned;
  for (const Server& server : plan.servers) {
    planned = add_request(planned, request_for(spec_for_server(plan, server)));
  }
  const Budget& budget = plan.budget;
  bool fits = true;
  if (planned.a1_ocpus > budget.a1_ocpus) {
    over(diagnostics, marks.budget_a1_ocpus, "budget.a1.ocpus", planned.a1_ocpus, " OCPU",
         terms(plan, a1_server, server_ocpus), budget.a1_ocpus);
    fits = false;
  }
  if (planned.a1_memory_gb > budget.a1_memory_gb) {
    over(diagnostics, marks.budget_a1_memory_gb, "budget.a1.memory_gb", planned.a1_memory_gb, " GB",
         terms(plan, a1_server, server_memory), budget.a1_memory_gb);
    fits = false;
  }
  if (planned.boot_volume_gb > budget.boot_volume_gb) {
    over(diagnostics, marks.budget_boot_volume_gb, "budget.boot_volume_gb", planned.boot_volume_gb, " GB",
         terms(plan, any_server, server_boot), budget.boot_volume_gb);
    fits = false;
  }
  if (planned.micro_instances > budget.micro_instances) {
    const char* unit = planned.micro_instances == 1 ? " Micro instance" : " Micro instances";
    over(diagnostics, marks.budget_micro_instances, "budget.micro_instances", planned.micro_instances, unit,
         terms(plan, micro_server, one), budget.micro_instances);
    fits = false;
  }
  const OnDemand& on_demand = plan.on_demand;
  Request one_vm{on_demand.shape, on_demand.ocpus, on_demand.memory_gb, on_demand.boot_volume_gb};
  if (fits && on_demand.max_instances > 0 && !check_budget(budget, planned, one_vm).ok()) {
    diagnostics.warning(marks.budget, "budget",
                        "no room left for one on-demand VM (" + format_number(on_demand.ocpus) + " OCPU / " +
                          format_number(on_demand.memory_gb) + " GB, " + std::to_string(on_demand.boot_volume_gb) +
                          " GB boot volume) beside the planned servers (" + format_usage(planned, budget) + ")");
  }
}

} // namespace

void validate_plan(const Plan& plan, const PlanMarks& marks, Diagnostics& diagnostics)
{
  for (std::size_t s = 0; s < plan.servers.size(); ++s) {
    const Server& server = plan.servers[s];
    check_sizes(server.shape, server.ocpus, server.memory_gb, server.boot_volume_gb, marks.servers[s].sizes,
                diagnostics);
  }
  const OnDemand& on_demand = plan.on_demand;
  check_sizes(on_demand.shape, on_demand.ocpus, on_demand.memory_gb, on_demand.boot_volume_gb, marks.on_demand,
              diagnostics);
  // Totals of sizes that are missing, mistyped or out of range would only add noise.
  const bool sizes_valid = diagnostics.error_count() == 0;
  check_namespaces(plan, marks, diagnostics);
  check_display_names(plan, marks, diagnostics);
  if (sizes_valid) {
    check_totals(plan, marks, diagnostics);
  }
}

} // namespace ocivanilla::plan::detail
