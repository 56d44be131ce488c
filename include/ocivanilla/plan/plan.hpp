#pragma once

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/plan/tags.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::plan {

inline constexpr std::string_view k_shape_a1_flex = "VM.Standard.A1.Flex";
inline constexpr std::string_view k_shape_e2_micro = "VM.Standard.E2.1.Micro";
inline constexpr int k_default_boot_volume_gb = 50;

// An image chosen by operating system and version (resolved to an OCID by discovery).
struct ImageSpec {
  std::string os; // "Canonical Ubuntu"
  std::string version; // "22.04"
};

// `defaults:`; empty strings mean "not set" (discovery or flags fill them).
struct Defaults {
  std::string shape = std::string(k_shape_a1_flex);
  std::optional<ImageSpec> image;
  std::string subnet;
  std::string ssh_key_file;
};

// `budget:`. A1 figures cover every non-TERMINATED A1 instance; boot volumes cover every
// non-TERMINATED instance; micro_instances counts VM.Standard.E2.1.Micro instances.
struct Budget {
  double a1_ocpus = 4;
  double a1_memory_gb = 24;
  int boot_volume_gb = 200;
  int micro_instances = 2;
};

// One entry of `servers:`.
struct Server {
  std::string key; // the map key: the NAME `launch NAME` takes
  std::string display_name; // defaults to the key
  Tier tier = Tier::dedicated;
  std::vector<std::string> namespaces;
  std::string shape; // defaults.shape when not given
  double ocpus = 0;
  double memory_gb = 0;
  int boot_volume_gb = k_default_boot_volume_gb;
};

// `on_demand:`: the spec for any NAME that is not a server key.
struct OnDemand {
  std::string shape; // defaults.shape when not given
  double ocpus = 1;
  double memory_gb = 6;
  int boot_volume_gb = k_default_boot_volume_gb;
  std::chrono::seconds ttl{8 * 3600};
  int max_instances = 2;
};

struct Plan {
  int version = 1;
  std::string compartment; // empty: the tenancy
  Defaults defaults;
  Budget budget;
  std::vector<Server> servers; // in file order
  OnDemand on_demand;
  std::string source; // where it came from: a path, or "built-in"
};

// No plan file: A1.Flex, on-demand 1 OCPU / 6 GB / 50 GB boot / TTL 8h, budget 4 OCPU / 24 GB /
// 200 GB boot / 2 Micro, no servers (CLI.md).
Plan builtin_plan();

// What to launch for one NAME.
struct LaunchSpec {
  std::string server_key; // empty for on-demand
  std::string display_name;
  Tier tier = Tier::on_demand;
  std::vector<std::string> namespaces;
  std::string shape;
  double ocpus = 0;
  double memory_gb = 0;
  int boot_volume_gb = k_default_boot_volume_gb;
  std::optional<std::chrono::seconds> ttl; // on-demand only
  std::optional<ImageSpec> image; // from defaults
  std::string subnet; // from defaults, may be empty
  std::string ssh_key_file; // from defaults, may be empty
};

// The server whose key is `key`, or nullptr.
const Server* find_server(const Plan& plan, std::string_view key);
// The server whose display name is `display_name`, or nullptr.
const Server* find_server_by_display_name(const Plan& plan, std::string_view display_name);
// The server that serves namespace `ns`, or nullptr.
const Server* server_for_namespace(const Plan& plan, std::string_view ns);

// The spec of a planned server (tier, namespaces and defaults applied).
LaunchSpec spec_for_server(const Plan& plan, const Server& server);
// `name` as a server key gives that server's spec; any other name gives an on-demand spec
// whose display name is `name`.
LaunchSpec spec_for_name(const Plan& plan, std::string_view name);

// "mariana,annabelle,karri"
std::string join_namespaces(const std::vector<std::string>& namespaces);
// The freeform tags a launch of `spec` carries: namespaces (when any), tier, managed, and for
// specs with a TTL the expiry now + ttl (RFC 3339 UTC).
std::map<std::string, std::string> launch_tags(const LaunchSpec& spec, core::TimePoint now);

} // namespace ocivanilla::plan
