#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/identity_client.hpp"
#include "ocivanilla/auth/credentials.hpp"
#include "ocivanilla/config/config.hpp"
#include "ocivanilla/config/environment.hpp"
#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"
#include "ocivanilla/plan/plan.hpp"

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace ocivanilla::cli {

// The global options of CLI.md, as given on the command line (empty = not given).
struct GlobalOptions {
  std::string config_file;
  std::string profile;
  std::string region;
  std::string endpoint;
  std::string cert_bundle;
  std::string plan;
  std::string compartment;
  std::string output = "table";
  bool verbose = false;
  std::string log_file;
  std::string auth;
  std::string federation_endpoint;
  std::string timeout; // --timeout / OCIVANILLA_TIMEOUT: total time for one HTTP attempt
};

// Everything a command needs, built lazily so that commands that need no config (plan check)
// run without one. Precedence everywhere: flag > environment > file > built-in default.
class Context {
 public:
  explicit Context(GlobalOptions globals);
  ~Context();
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;

  const GlobalOptions& globals() const { return m_globals; }
  bool json() const { return m_globals.output == "json"; }
  std::ostream& out();
  std::ostream& err();
  bool stdin_is_terminal() const;
  bool stderr_is_terminal() const;
  // "ocivanilla: warning: <text>" on stderr (and in the log file).
  void warn(const std::string& text);
  // Asks on the terminal; false without a terminal (never prompts then).
  bool confirm(const std::string& question);

  const config::Environment& env() const { return *m_env; }
  core::Clock& clock() { return *m_clock; }
  core::Sleeper& sleeper() { return *m_sleeper; }

  // The plan: --plan > OCIVANILLA_PLAN > ./config/plan.yaml > ~/.config/ocivanilla/plan.yaml >
  // the built-in plan. A file named by flag or environment must exist.
  core::Result<const plan::Plan*> plan();
  // Where the plan came from ("built-in" when none).
  core::Result<std::string> plan_path();

  core::Result<api::ComputeClient*> compute();
  core::Result<api::IdentityClient*> identity();
  // The signed, logged, retried transport (for doctor).
  core::Result<oci::HttpTransport*> transport();
  // --compartment-id > OCIVANILLA_COMPARTMENT > the plan's compartment > the tenancy.
  core::Result<std::string> compartment();
  // Every instance of compartment() (all pages; terminated ones included).
  core::Result<std::vector<api::Instance>> instances();
  core::Result<std::string> tenancy();
  // The compute base URL (endpoint override or regional), for messages.
  core::Result<std::string> compute_base_url();
  core::Result<std::string> identity_base_url();
  // The config as resolved (for doctor); loads it if needed.
  core::Result<config::OciConfig> oci_config();

 private:
  struct Services;
  core::Result<Services*> services();

  GlobalOptions m_globals;
  std::unique_ptr<config::Environment> m_env;
  std::unique_ptr<core::Clock> m_clock;
  std::unique_ptr<core::Sleeper> m_sleeper;
  std::optional<plan::Plan> m_plan;
  std::string m_plan_path;
  std::unique_ptr<Services> m_services;
  std::optional<core::Error> m_services_error;
};

} // namespace ocivanilla::cli
