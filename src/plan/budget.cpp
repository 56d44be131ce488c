#include "ocivanilla/plan/budget.hpp"

#include "ocivanilla/plan/shapes.hpp"

namespace ocivanilla::plan {

bool is_terminated(const LiveInstance& instance)
{
  return instance.lifecycle_state == "TERMINATED";
}

Usage usage_of(const std::vector<LiveInstance>& instances)
{
  Usage usage;
  for (const LiveInstance& instance : instances) {
    if (is_terminated(instance)) {
      continue;
    }
    if (is_a1_shape(instance.shape)) {
      usage.a1_ocpus += instance.ocpus;
      usage.a1_memory_gb += instance.memory_gb;
      ++usage.a1_instances;
    }
    if (is_micro_shape(instance.shape)) {
      ++usage.micro_instances;
    }
    if (instance.boot_volume_gb) {
      usage.boot_volume_gb += *instance.boot_volume_gb;
    } else {
      ++usage.unknown_boot_volumes;
    }
  }
  return usage;
}

Request request_for(const LaunchSpec& spec)
{
  return Request{spec.shape, spec.ocpus, spec.memory_gb, spec.boot_volume_gb};
}

Usage add_request(Usage usage, const Request& request)
{
  if (is_a1_shape(request.shape)) {
    usage.a1_ocpus += request.ocpus;
    usage.a1_memory_gb += request.memory_gb;
    ++usage.a1_instances;
  }
  if (is_micro_shape(request.shape)) {
    ++usage.micro_instances;
  }
  usage.boot_volume_gb += request.boot_volume_gb;
  return usage;
}

namespace {

// "<what> budget exceeded: in use <used><unit> + <requested> requested = <total> > <limit> budget"
std::string exceeded(std::string_view what, double used, std::string_view unit, double requested, double limit)
{
  return std::string(what) + " budget exceeded: in use " + format_number(used) + std::string(unit) + " + " +
         format_number(requested) + " requested = " + format_number(used + requested) + " > " + format_number(limit) +
         " budget";
}

void append_line(std::string& text, const std::string& line)
{
  if (!text.empty()) {
    text += '\n';
  }
  text += line;
}

} // namespace

core::Status check_budget(const Budget& budget, const Usage& usage, const Request& request)
{
  std::string refusal;
  if (is_a1_shape(request.shape)) {
    if (usage.a1_ocpus + request.ocpus > budget.a1_ocpus) {
      append_line(refusal, exceeded("A1", usage.a1_ocpus, " OCPU", request.ocpus, budget.a1_ocpus));
    }
    if (usage.a1_memory_gb + request.memory_gb > budget.a1_memory_gb) {
      append_line(refusal, exceeded("A1", usage.a1_memory_gb, " GB", request.memory_gb, budget.a1_memory_gb));
    }
  }
  if (is_micro_shape(request.shape) && usage.micro_instances + 1 > budget.micro_instances) {
    append_line(refusal, exceeded("Micro", usage.micro_instances, " instances", 1, budget.micro_instances));
  }
  if (usage.boot_volume_gb + request.boot_volume_gb > budget.boot_volume_gb) {
    append_line(refusal,
                exceeded("Boot volume", usage.boot_volume_gb, " GB", request.boot_volume_gb, budget.boot_volume_gb));
  }
  if (refusal.empty()) {
    return core::Ok{};
  }
  return core::make_error(core::ErrorKind::budget, refusal);
}

std::string format_usage(const Usage& usage, const Budget& budget)
{
  std::string text = "A1 " + format_number(usage.a1_ocpus) + "/" + format_number(budget.a1_ocpus) + " OCPU, " +
                     format_number(usage.a1_memory_gb) + "/" + format_number(budget.a1_memory_gb) +
                     " GB; boot volumes " + std::to_string(usage.boot_volume_gb) + "/" +
                     std::to_string(budget.boot_volume_gb) + " GB";
  if (usage.unknown_boot_volumes > 0) {
    text += " (+" + std::to_string(usage.unknown_boot_volumes) + " of unknown size)";
  }
  text += "; Micro " + std::to_string(usage.micro_instances) + "/" + std::to_string(budget.micro_instances);
  return text;
}

} // namespace ocivanilla::plan
