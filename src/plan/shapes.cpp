#include "ocivanilla/plan/shapes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ocivanilla::plan {

namespace {

constexpr double k_a1_min_ocpus = 1;
constexpr double k_a1_max_ocpus = 80;
constexpr double k_a1_min_memory_gb = 1;
constexpr double k_a1_max_memory_gb = 512;
constexpr double k_a1_min_gb_per_ocpu = 1;
constexpr double k_a1_max_gb_per_ocpu = 64;
constexpr int k_boot_min_gb = 50;
constexpr int k_boot_max_gb = 32768;

std::string between(double low, double high, std::string_view shape, double got)
{
  return "must be between " + format_number(low) + " and " + format_number(high) + " for " + std::string(shape) +
         ", got " + format_number(got);
}

void check_a1(std::string_view shape, double ocpus, double memory_gb, std::vector<SizeProblem>& problems)
{
  using Field = SizeProblem::Field;
  bool ocpus_ok = ocpus >= k_a1_min_ocpus && ocpus <= k_a1_max_ocpus;
  if (!ocpus_ok) {
    problems.push_back({Field::ocpus, between(k_a1_min_ocpus, k_a1_max_ocpus, shape, ocpus)});
  }
  if (memory_gb < k_a1_min_memory_gb || memory_gb > k_a1_max_memory_gb) {
    problems.push_back({Field::memory_gb, between(k_a1_min_memory_gb, k_a1_max_memory_gb, shape, memory_gb)});
    return;
  }
  if (!ocpus_ok) {
    return;
  }
  double low = std::max(k_a1_min_memory_gb, ocpus * k_a1_min_gb_per_ocpu);
  double high = std::min(k_a1_max_memory_gb, ocpus * k_a1_max_gb_per_ocpu);
  if (memory_gb < low || memory_gb > high) {
    problems.push_back({Field::memory_gb, "must be between " + format_number(k_a1_min_gb_per_ocpu) + " and " +
                                            format_number(k_a1_max_gb_per_ocpu) + " GB per OCPU for " +
                                            std::string(shape) + " (" + format_number(low) + " to " +
                                            format_number(high) + " GB for " + format_number(ocpus) + " OCPU), got " +
                                            format_number(memory_gb)});
  }
}

} // namespace

bool is_a1_shape(std::string_view shape)
{
  return shape.find(".A1.") != std::string_view::npos;
}

bool is_micro_shape(std::string_view shape)
{
  return shape == "VM.Standard.E2.1.Micro";
}

std::vector<SizeProblem> check_shape_size(std::string_view shape, double ocpus, double memory_gb)
{
  using Field = SizeProblem::Field;
  std::vector<SizeProblem> problems;
  if (is_a1_shape(shape)) {
    check_a1(shape, ocpus, memory_gb, problems);
  } else if (is_micro_shape(shape)) {
    if (ocpus != 1) {
      problems.push_back({Field::ocpus, std::string(shape) + " is fixed at 1 OCPU, got " + format_number(ocpus)});
    }
    if (memory_gb != 1) {
      problems.push_back({Field::memory_gb, std::string(shape) + " is fixed at 1 GB, got " + format_number(memory_gb)});
    }
  } else {
    if (!(ocpus > 0)) {
      problems.push_back({Field::ocpus, "must be greater than 0, got " + format_number(ocpus)});
    }
    if (!(memory_gb > 0)) {
      problems.push_back({Field::memory_gb, "must be greater than 0, got " + format_number(memory_gb)});
    }
  }
  return problems;
}

std::string check_boot_volume_size(int boot_volume_gb)
{
  if (boot_volume_gb >= k_boot_min_gb && boot_volume_gb <= k_boot_max_gb) {
    return {};
  }
  return "must be between " + std::to_string(k_boot_min_gb) + " and " + std::to_string(k_boot_max_gb) + " GB, got " +
         std::to_string(boot_volume_gb);
}

std::string format_number(double value)
{
  if (!std::isfinite(value)) {
    return value != value ? "nan" : (value > 0 ? "inf" : "-inf");
  }
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  std::string text = buffer;
  if (text.find('e') == std::string::npos) {
    return text;
  }
  std::snprintf(buffer, sizeof buffer, "%.3f", value);
  text = buffer;
  while (text.back() == '0') {
    text.pop_back();
  }
  if (text.back() == '.') {
    text.pop_back();
  }
  return text;
}

} // namespace ocivanilla::plan
