#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::sim {

// One shape of the built-in catalog (docs/simulator.md section 3).
struct ShapeSpec {
  std::string name;
  std::string arch; // "aarch64" or "x86_64"
  bool flexible = false;
  double ocpu_min = 1; // flex ranges; fixed shapes use ocpu_min/memory_min as their size
  double ocpu_max = 1;
  double memory_min = 1;
  double memory_max = 1;
  double memory_min_per_ocpu = 1;
  double memory_max_per_ocpu = 64;
  double default_memory_per_ocpu = 1;
  std::string billing_type;
  std::string processor;
};

// nullptr when the name is not in the catalog.
const ShapeSpec* find_shape(std::string_view name);
const std::vector<ShapeSpec>& shape_catalog();

// Size of an instance of `spec` when the request gave `ocpus`/`memory` (absent = defaults).
struct ShapeSize {
  double ocpus = 1;
  double memory_gb = 1;
};

// Resolves defaults and checks the ranges; the error text names the field and the range.
std::optional<std::string> resolve_shape_size(const ShapeSpec& spec, std::optional<double> ocpus,
                                              std::optional<double> memory_gb, ShapeSize& out);

// The ListShapes element for `spec` (fields as list-shapes-a1-flex-element.json).
nlohmann::json shape_json(const ShapeSpec& spec);

// InstanceShapeConfig of an instance of `spec` with `size`.
nlohmann::json instance_shape_config_json(const ShapeSpec& spec, const ShapeSize& size);

inline constexpr std::string_view k_a1_flex = "VM.Standard.A1.Flex";

} // namespace ocivanilla::sim
