#pragma once

#include "crypto.hpp"
#include "instance_principal.hpp"

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::sim {

struct Compartment {
  std::string id;
  std::string name;
};

struct AvailabilityDomain {
  std::string name;
  std::string id;
  std::vector<std::string> shapes;
};

struct Image {
  std::string id;
  std::string display_name;
  std::string operating_system;
  std::string operating_system_version;
  std::string arch;
  core::TimePoint time_created;
  long long size_in_mbs = 47694;
  std::string lifecycle_state = "AVAILABLE";
};

struct Subnet {
  std::string id;
  std::string display_name;
  std::string vcn_id;
  std::string cidr_block;
  bool is_public = true;
  std::string compartment_id;
  std::optional<std::string> availability_domain;
  std::string dns_label;
};

struct TrustedKey {
  std::string key_id;
  PublicKey key;
};

struct Limits {
  double a1_ocpus = 4;
  double a1_memory_gb = 24;
};

struct Timing {
  double provisioning_seconds = 0;
  double terminating_seconds = 0;
  double stopping_seconds = 0;
  double starting_seconds = 0;
};

// A pre-existing instance as the scenario describes it; absent values get the defaults of
// docs/simulator.md when the simulator creates it.
struct InstanceSeed {
  std::string display_name;
  std::string id;
  std::string shape = "VM.Standard.A1.Flex";
  std::optional<double> ocpus;
  std::optional<double> memory_gb;
  std::string lifecycle_state = "RUNNING";
  std::string availability_domain;
  std::string compartment_id;
  std::string image_id;
  std::string subnet_id;
  std::optional<bool> assign_public_ip;
  nlohmann::json freeform_tags = nlohmann::json::object();
  nlohmann::json defined_tags = nlohmann::json::object();
  std::optional<core::TimePoint> time_created;
  std::string fault_domain = "FAULT-DOMAIN-1";
  int line = 0; // of the YAML entry, for errors found when the instance is created
};

struct GenerateSpec {
  long long count = 0;
  std::string prefix;
  InstanceSeed base;
};

enum class FaultType {
  out_of_capacity,
  throttle,
  unavailable,
  internal_error,
  drop_connection,
  delay,
  truncated_body,
  invalid_json,
  extra_fields,
};

struct Fault {
  FaultType type = FaultType::throttle;
  std::optional<long long> count; // nullopt = unlimited (delay only)
  std::string method;
  std::string path;
  std::string availability_domain;
  std::optional<long long> retry_after_seconds;
  long long milliseconds = 0;
};

struct Scenario {
  std::string tenancy_id;
  std::string region;
  std::vector<Compartment> compartments;
  std::vector<AvailabilityDomain> availability_domains;
  std::vector<Image> images;
  std::vector<Subnet> subnets;
  std::vector<TrustedKey> keys;
  Limits limits;
  Timing timing;
  std::vector<InstanceSeed> instances;
  std::optional<GenerateSpec> generate;
  std::vector<Fault> faults;
  std::optional<InstancePrincipalConfig> instance_principal; // section 9; absent = not served
};

// Parses the scenario YAML (docs/simulator.md section 3). `source` names the file in errors
// ("file:line: message"); relative publicKeyFile paths are resolved against `base_dir`.
core::Result<Scenario> parse_scenario(std::string_view text, std::string_view source,
                                      const std::filesystem::path& base_dir);

// One fault object or one instance object, as YAML or JSON text (JSON is valid YAML here).
core::Result<Fault> parse_fault(std::string_view text, std::string_view source);
core::Result<InstanceSeed> parse_instance_seed(std::string_view text, std::string_view source);

std::string_view to_string(FaultType type);
nlohmann::json fault_json(const Fault& fault);

} // namespace ocivanilla::sim
