#pragma once

#include "support/process.hpp"
#include "support/temp_dir.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ocivanilla::testing {

// The seed scenario (config/sim/seed-tenancy.yaml) as a YAML node, with all timings set to
// `timing_seconds` so tests do not wait.
YAML::Node seed_scenario(double timing_seconds = 0);

struct SimOptions {
  bool tls = false; // serve HTTPS with a certificate generated for 127.0.0.1
  std::vector<std::string> extra_args; // more ocivanilla-sim flags
};

// One simulator process on 127.0.0.1:0 plus a workspace: a throwaway API key trusted by the
// simulator, HOME with ~/.oci/config and ~/.ssh/id_ed25519.pub, and helpers to run the real
// ocivanilla binary and to read the simulator's state. Exits the test process with 125 (CTest
// skip) when the simulator cannot start; dumps the simulator log when a test fails.
class SimFixture {
 public:
  explicit SimFixture(const YAML::Node& scenario, SimOptions options = {});
  SimFixture() : SimFixture(seed_scenario()) {}
  ~SimFixture();

  // Runs `ocivanilla args...` with cwd = the workspace, stdin not a terminal, and the
  // environment: HOME, OCI_CLI_CONFIG_FILE, OCIVANILLA_ENDPOINT (+ extra_env, which wins; an
  // empty value removes a variable).
  ProcessResult cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env = {},
                    const std::string& stdin_text = {}) const;

  nlohmann::json instances() const; // GET /_sim/instances
  nlohmann::json requests() const; // GET /_sim/requests
  void clear_requests() const; // DELETE /_sim/requests
  void add_fault(const nlohmann::json& fault) const;
  void set_clock_offset(long long seconds) const;
  nlohmann::json add_instance(const nlohmann::json& instance) const;

  // Live (not TERMINATED) instances with this display name.
  std::vector<nlohmann::json> live_named(const std::string& display_name) const;
  // Requests received with this method whose path contains `path_part`.
  std::vector<nlohmann::json> requests_matching(const std::string& method, const std::string& path_part) const;

  const std::string& url() const { return m_url; }
  const std::string& tenancy() const { return m_tenancy; }
  const TempDir& dir() const { return m_dir; }
  std::filesystem::path home() const { return m_dir.path() / "home"; }
  std::map<std::string, std::string> base_env() const;
  std::string sim_log() const;

 private:
  nlohmann::json admin(const std::string& method, const std::string& path, const std::string& body = {}) const;

  TempDir m_dir;
  std::string m_url;
  std::string m_tenancy;
  std::string m_ca_file;
  std::unique_ptr<BackgroundProcess> m_sim;
};

// The plan shipped in config/plan.yaml (absolute path), for --plan.
std::string shipped_plan();

// Writes text to a file in the fixture workspace and returns the path.
std::string write_file(const SimFixture& sim, const std::string& name, const std::string& text);

} // namespace ocivanilla::testing
