#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::plan {

// Shape families ocivanilla knows the limits of (COMPUTE-API.md §9).
bool is_a1_shape(std::string_view shape); // the name contains ".A1."
bool is_micro_shape(std::string_view shape); // VM.Standard.E2.1.Micro

// A size that the shape does not accept. `message` names no field, so callers prefix their own
// ("servers.lab-manager.ocpus: " or "--ocpus: "):
//   "must be between 1 and 80 for VM.Standard.A1.Flex, got 0"
struct SizeProblem {
  enum class Field { ocpus, memory_gb };
  Field field = Field::ocpus;
  std::string message;
};

// A1.Flex: 1-80 OCPUs, memory 1-512 GB and 1-64 GB per OCPU. E2.1.Micro: fixed 1 OCPU / 1 GB.
// Other shapes: both must be greater than 0. Empty when the size is valid.
std::vector<SizeProblem> check_shape_size(std::string_view shape, double ocpus, double memory_gb);

// Boot volumes: 50-32768 GB; empty when valid, else a message like the ones above.
std::string check_boot_volume_size(int boot_volume_gb);

// Numbers as people write them: 4, 0.5, 1000000 (no trailing zeros, no exponent).
std::string format_number(double value);

} // namespace ocivanilla::plan
