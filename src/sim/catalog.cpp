#include "catalog.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace ocivanilla::sim {

namespace {

std::string number(double value)
{
  std::ostringstream out;
  out << value;
  return out.str();
}

} // namespace

const std::vector<ShapeSpec>& shape_catalog()
{
  static const std::vector<ShapeSpec> k_shapes = {
    {"VM.Standard.A1.Flex", "aarch64", true, 1, 80, 1, 512, 1, 64, 6, "LIMITED_FREE",
     "3.0 GHz Ampere\u00ae Altra\u2122"},
    {"VM.Standard.E4.Flex", "x86_64", true, 1, 64, 1, 1024, 1, 64, 16, "PAID", "2.55 GHz AMD EPYC\u2122 7J13 (Milan)"},
    {"VM.Standard.E2.1.Micro", "x86_64", false, 1, 1, 1, 1, 1, 1, 1, "ALWAYS_FREE",
     "2.0 GHz AMD EPYC\u2122 7551 (Naples)"},
  };
  return k_shapes;
}

const ShapeSpec* find_shape(std::string_view name)
{
  for (const auto& spec : shape_catalog()) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

std::optional<std::string> resolve_shape_size(const ShapeSpec& spec, std::optional<double> ocpus,
                                              std::optional<double> memory_gb, ShapeSize& out)
{
  if (!spec.flexible) {
    if ((ocpus && *ocpus != spec.ocpu_min) || (memory_gb && *memory_gb != spec.memory_min)) {
      return "shapeConfig of the fixed shape " + spec.name + " must be " + number(spec.ocpu_min) + " OCPU and " +
             number(spec.memory_min) + " GB";
    }
    out = ShapeSize{spec.ocpu_min, spec.memory_min};
    return std::nullopt;
  }
  const double n = ocpus.value_or(spec.ocpu_min);
  if (n < spec.ocpu_min || n > spec.ocpu_max) {
    return "shapeConfig.ocpus " + number(n) + " is outside " + number(spec.ocpu_min) + ".." + number(spec.ocpu_max) +
           " for " + spec.name;
  }
  const double memory = memory_gb.value_or(n * spec.default_memory_per_ocpu);
  const double low = std::max(spec.memory_min, n * spec.memory_min_per_ocpu);
  const double high = std::min(spec.memory_max, n * spec.memory_max_per_ocpu);
  if (memory < low || memory > high) {
    return "shapeConfig.memoryInGBs " + number(memory) + " is outside " + number(low) + ".." + number(high) + " for " +
           number(n) + " OCPUs of " + spec.name;
  }
  out = ShapeSize{n, memory};
  return std::nullopt;
}

nlohmann::json shape_json(const ShapeSpec& spec)
{
  nlohmann::json j = {
    {"shape", spec.name},
    {"processorDescription", spec.processor},
    {"billingType", spec.billing_type},
    {"isFlexible", spec.flexible},
    {"ocpus", spec.ocpu_min},
    {"memoryInGBs", spec.flexible ? spec.default_memory_per_ocpu : spec.memory_min},
    {"baselineOcpuUtilizations", nullptr},
    {"gpus", 0},
    {"gpuDescription", nullptr},
    {"localDisks", 0},
    {"localDisksTotalSizeInGBs", nullptr},
    {"localDiskDescription", nullptr},
    {"isBilledForStoppedInstance", false},
    {"isLiveMigrationSupported", true},
    {"isSubcore", false},
    {"maxVnicAttachments", 2},
    {"minTotalBaselineOcpusRequired", nullptr},
    {"networkPorts", 1},
    {"networkingBandwidthInGbps", 1},
    {"platformConfigOptions", nullptr},
    {"rdmaBandwidthInGbps", 0},
    {"rdmaPorts", 0},
    {"recommendedAlternatives", nullptr},
    {"resizeCompatibleShapes", nlohmann::json::array({spec.name})},
    {"quotaNames", nlohmann::json::array()},
  };
  if (spec.flexible) {
    j["ocpuOptions"] = {{"min", spec.ocpu_min}, {"max", spec.ocpu_max}, {"maxPerNumaNode", spec.ocpu_max}};
    j["memoryOptions"] = {{"minInGBs", spec.memory_min},
                          {"maxInGBs", spec.memory_max},
                          {"minPerOcpuInGBs", spec.memory_min_per_ocpu},
                          {"maxPerOcpuInGBs", spec.memory_max_per_ocpu},
                          {"defaultPerOcpuInGBs", spec.default_memory_per_ocpu},
                          {"maxPerNumaNodeInGBs", spec.memory_max}};
    j["networkingBandwidthOptions"] = {{"minInGbps", 1}, {"maxInGbps", 40}, {"defaultPerOcpuInGbps", 1}};
    j["maxVnicAttachmentOptions"] = {{"min", 2}, {"max", 24}, {"defaultPerOcpu", 1}};
  } else {
    j["ocpuOptions"] = nullptr;
    j["memoryOptions"] = nullptr;
    j["networkingBandwidthOptions"] = nullptr;
    j["maxVnicAttachmentOptions"] = nullptr;
  }
  if (spec.name == k_a1_flex) {
    j["quotaNames"] = {"standard-a1-memory-count", "standard-a1-memory-regional-count", "standard-a1-core-count",
                       "standard-a1-core-regional-count"};
    j["resizeCompatibleShapes"] = {"VM.Standard.A1.Flex", "VM.Standard.Ampere.Generic", "VM.Standard.A2.Flex"};
  }
  return j;
}

nlohmann::json instance_shape_config_json(const ShapeSpec& spec, const ShapeSize& size)
{
  const double bandwidth = spec.flexible ? std::max(1.0, size.ocpus) : 0.48;
  return {
    {"baselineOcpuUtilization", nullptr},
    {"gpuDescription", nullptr},
    {"gpus", 0},
    {"localDiskDescription", nullptr},
    {"localDisks", 0},
    {"localDisksTotalSizeInGBs", nullptr},
    {"maxVnicAttachments", spec.flexible ? std::max(2, static_cast<int>(size.ocpus)) : 1},
    {"memoryInGBs", size.memory_gb},
    {"networkingBandwidthInGbps", bandwidth},
    {"ocpus", size.ocpus},
    {"processorDescription", spec.processor},
    {"vcpus", static_cast<int>(std::lround(spec.arch == "aarch64" ? size.ocpus : size.ocpus * 2))},
  };
}

} // namespace ocivanilla::sim
