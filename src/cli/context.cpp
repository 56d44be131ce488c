#include "context.hpp"

#include "ocivanilla/auth/api_key_provider.hpp"
#include "ocivanilla/config/config.hpp"
#include "ocivanilla/config/endpoint.hpp"
#include "ocivanilla/config/file.hpp"
#include "ocivanilla/config/region.hpp"
#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/oci/curl_transport.hpp"
#include "ocivanilla/oci/instance_principal.hpp"
#include "ocivanilla/oci/log.hpp"
#include "ocivanilla/oci/logging_transport.hpp"
#include "ocivanilla/oci/retry.hpp"
#include "ocivanilla/oci/signing_transport.hpp"
#include "ocivanilla/plan/plan_parser.hpp"

#include <spdlog/spdlog.h>

#include <iostream>
#include <unistd.h>

namespace ocivanilla::cli {

struct Context::Services {
  config::OciConfig config;
  std::string compute_base;
  std::string identity_base;
  std::shared_ptr<auth::KeyProvider> keys;
  std::unique_ptr<oci::CurlTransport> curl;
  std::unique_ptr<oci::LoggingTransport> metadata_logging; // instance principal: metadata + federation
  std::unique_ptr<oci::SigningTransport> signing;
  std::unique_ptr<oci::LoggingTransport> logging;
  std::unique_ptr<oci::RetryingTransport> retrying;
  std::unique_ptr<api::ComputeClient> compute;
  std::unique_ptr<api::IdentityClient> identity;
};

namespace {

std::optional<std::string> flag_or_env(const std::string& flag, const config::Environment& env, std::string_view name)
{
  if (!flag.empty()) {
    return flag;
  }
  auto value = env.get(name);
  if (value && !value->empty()) {
    return value;
  }
  return std::nullopt;
}

// OCIVANILLA_RETRY_ATTEMPTS (1..20) and OCIVANILLA_RETRY_MAX_TOTAL (a duration) bound the
// transport's retries; defaults: 8 attempts within 120 s (SIGNING.md §6.3).
core::Result<oci::RetryPolicy> retry_policy(const config::Environment& env)
{
  oci::RetryPolicy policy;
  if (auto attempts = env.get("OCIVANILLA_RETRY_ATTEMPTS"); attempts && !attempts->empty()) {
    int n = 0;
    try {
      n = std::stoi(*attempts);
    } catch (const std::exception&) {
      n = 0;
    }
    if (n < 1 || n > 20) {
      return core::make_error(core::ErrorKind::usage,
                              "OCIVANILLA_RETRY_ATTEMPTS must be a number from 1 to 20, got '" + *attempts + "'");
    }
    policy.max_attempts = n;
  }
  if (auto total = env.get("OCIVANILLA_RETRY_MAX_TOTAL"); total && !total->empty()) {
    auto limit = core::parse_duration(*total);
    OVL_TRY(limit);
    policy.max_total = *limit;
  }
  return policy;
}

core::Result<std::unique_ptr<oci::CurlTransport>> make_curl(const GlobalOptions& globals,
                                                            const config::Environment& env)
{
  oci::CurlOptions curl_options;
  curl_options.cert_bundle = flag_or_env(globals.cert_bundle, env, "OCI_CLI_CERT_BUNDLE").value_or("");
  if (const auto timeout = flag_or_env(globals.timeout, env, "OCIVANILLA_TIMEOUT")) {
    auto limit = core::parse_duration(*timeout);
    OVL_TRY(limit);
    curl_options.total_timeout = *limit;
    curl_options.connect_timeout = std::min<std::chrono::milliseconds>(curl_options.connect_timeout, *limit);
  }
  return oci::CurlTransport::create(curl_options);
}

// --auth > OCI_CLI_AUTH > api_key; CLI11 checks the flag, this checks the variable too.
core::Result<std::string> auth_type(const GlobalOptions& globals, const config::Environment& env)
{
  const auto type = flag_or_env(globals.auth, env, "OCI_CLI_AUTH").value_or("api_key");
  if (type != "api_key" && type != "security_token" && type != "instance_principal") {
    return core::make_error(core::ErrorKind::usage,
                            "OCI_CLI_AUTH must be api_key, security_token or instance_principal, got '" + type + "'");
  }
  return type;
}

// The region of an instance principal: --region > OCI_CLI_REGION > the metadata service's
// (a short code such as "fra" becomes its region id).
core::Result<std::string> instance_region(const GlobalOptions& globals, const config::Environment& env,
                                          oci::HttpTransport& metadata, const std::string& metadata_base)
{
  if (auto region = flag_or_env(globals.region, env, "OCI_CLI_REGION")) {
    return *region;
  }
  auto answered = oci::fetch_instance_region(metadata, metadata_base);
  OVL_TRY(answered);
  if (answered->find('.') != std::string::npos) {
    return *answered;
  }
  auto known = config::find_region(*answered);
  OVL_TRY(known);
  return known->id;
}

auth::ApiKeySettings api_key_settings(const config::OciConfig& config)
{
  auth::ApiKeySettings settings;
  settings.tenancy = config.tenancy;
  settings.user = config.user;
  settings.fingerprint = config.fingerprint;
  settings.key_file = config.key_file;
  settings.passphrase = config.passphrase;
  settings.security_token_file = config.security_token_file;
  return settings;
}

struct InstancePrincipalSetup {
  std::unique_ptr<oci::LoggingTransport> transport; // what the provider talks through
  std::shared_ptr<oci::InstancePrincipalKeyProvider> keys;
  std::string region;
  std::string tenancy;
  config::ServiceEndpoints endpoints;
};

// No config file: the metadata service (OCI_METADATA_BASE_URL) gives the region when no flag or
// variable does and the certificates give the tenancy; the federation endpoint is
// --federation-endpoint > OCI_CLI_FEDERATION_ENDPOINT > the auth endpoint (or the --endpoint
// override), plus /v1/x509.
core::Result<InstancePrincipalSetup> setup_instance_principal(const GlobalOptions& globals,
                                                              const config::Environment& env, const core::Clock& clock,
                                                              oci::HttpTransport& curl,
                                                              const std::optional<std::string>& endpoint_override)
{
  InstancePrincipalSetup setup;
  setup.transport = std::make_unique<oci::LoggingTransport>(curl);
  std::string metadata_base =
    flag_or_env("", env, "OCI_METADATA_BASE_URL").value_or(std::string(oci::k_default_metadata_base));
  while (!metadata_base.empty() && metadata_base.back() == '/') {
    metadata_base.pop_back();
  }
  auto region = instance_region(globals, env, *setup.transport, metadata_base);
  OVL_TRY(region);
  setup.region = *region;
  auto endpoints = config::resolve_endpoints(setup.region, endpoint_override);
  OVL_TRY(endpoints);
  setup.endpoints = *endpoints;
  std::string federation_base = endpoints->auth;
  if (auto federation = flag_or_env(globals.federation_endpoint, env, "OCI_CLI_FEDERATION_ENDPOINT")) {
    auto valid = config::validate_endpoint(*federation);
    OVL_TRY(valid);
    federation_base = *valid;
  }
  oci::InstancePrincipalSettings settings;
  settings.metadata_base = metadata_base;
  settings.federation_url = federation_base + "/v1/x509";
  setup.keys = std::make_shared<oci::InstancePrincipalKeyProvider>(*setup.transport, clock, settings);
  auto tenancy = setup.keys->tenancy();
  OVL_TRY(tenancy);
  setup.tenancy = *tenancy;
  return setup;
}

} // namespace

Context::Context(GlobalOptions globals)
    : m_globals(std::move(globals)), m_env(std::make_unique<config::ProcessEnvironment>()),
      m_clock(std::make_unique<core::SystemClock>()), m_sleeper(std::make_unique<core::RealSleeper>())
{
  const auto log_file = flag_or_env(m_globals.log_file, *m_env, "OCIVANILLA_LOG_FILE");
  auto status = oci::setup_logging(m_globals.verbose, log_file);
  if (!status.ok()) {
    std::cerr << "ocivanilla: warning: " << status.error().message << '\n';
  }
}

Context::~Context() = default;

std::ostream& Context::out()
{
  return std::cout;
}

std::ostream& Context::err()
{
  return std::cerr;
}

bool Context::stdin_is_terminal() const
{
  return isatty(STDIN_FILENO) == 1;
}

bool Context::stderr_is_terminal() const
{
  return isatty(STDERR_FILENO) == 1;
}

void Context::warn(const std::string& text)
{
  std::cerr << "ocivanilla: warning: " << text << '\n';
  spdlog::debug("warning: {}", text);
}

bool Context::confirm(const std::string& question)
{
  if (!stdin_is_terminal()) {
    return false;
  }
  std::cerr << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(std::cin, answer)) {
    return false;
  }
  return answer == "y" || answer == "Y" || answer == "yes";
}

core::Result<std::string> Context::plan_path()
{
  if (auto explicit_path = flag_or_env(m_globals.plan, *m_env, "OCIVANILLA_PLAN")) {
    return config::expand_home(*explicit_path, *m_env);
  }
  if (config::path_exists("config/plan.yaml")) {
    return std::string("config/plan.yaml");
  }
  if (auto home = m_env->get("HOME"); home && !home->empty()) {
    const std::string user_plan = *home + "/.config/ocivanilla/plan.yaml";
    if (config::path_exists(user_plan)) {
      return user_plan;
    }
  }
  return std::string("built-in");
}

core::Result<const plan::Plan*> Context::plan()
{
  if (m_plan) {
    return &*m_plan;
  }
  auto path = plan_path();
  OVL_TRY(path);
  if (*path == "built-in") {
    m_plan = plan::builtin_plan();
  } else {
    auto loaded = plan::load_plan_file(*path);
    OVL_TRY(loaded);
    m_plan = std::move(loaded).value();
  }
  m_plan_path = *path;
  return &*m_plan;
}

core::Result<Context::Services*> Context::services()
{
  if (m_services) {
    return m_services.get();
  }
  if (m_services_error) {
    return *m_services_error;
  }
  auto built = [this]() -> core::Result<std::unique_ptr<Services>> {
    auto s = std::make_unique<Services>();
    const auto endpoint_override = flag_or_env(m_globals.endpoint, *m_env, "OCIVANILLA_ENDPOINT");
    if (endpoint_override) {
      OVL_TRY(config::validate_endpoint(*endpoint_override)); // usage errors before config errors
    }
    auto auth = auth_type(m_globals, *m_env);
    OVL_TRY(auth);
    if (*auth == "instance_principal") {
      auto curl = make_curl(m_globals, *m_env);
      OVL_TRY(curl);
      s->curl = std::move(curl).value();
      auto setup = setup_instance_principal(m_globals, *m_env, *m_clock, *s->curl, endpoint_override);
      OVL_TRY(setup);
      s->metadata_logging = std::move(setup->transport);
      s->keys = setup->keys;
      s->config.tenancy = setup->tenancy;
      s->config.region = setup->region;
      s->compute_base = setup->endpoints.compute;
      s->identity_base = setup->endpoints.identity;
    } else {
      auto cfg = oci_config();
      OVL_TRY(cfg);
      s->config = std::move(cfg).value();
      for (const auto& w : s->config.warnings) {
        warn(w);
      }
      if (*auth == "security_token" && !s->config.security_token_file) {
        return core::make_error(core::ErrorKind::config, "--auth security_token needs security_token_file in profile " +
                                                           s->config.profile + " of " + s->config.config_file);
      }
      auto endpoints = config::resolve_endpoints(s->config.region, endpoint_override);
      OVL_TRY(endpoints);
      s->compute_base = endpoints->compute;
      s->identity_base = endpoints->identity;
      auto keys = auth::make_api_key_provider(api_key_settings(s->config), [this](const std::string& w) { warn(w); });
      OVL_TRY(keys);
      s->keys = std::move(keys).value();
      auto curl = make_curl(m_globals, *m_env);
      OVL_TRY(curl);
      s->curl = std::move(curl).value();
    }
    s->signing = std::make_unique<oci::SigningTransport>(*s->curl, *s->keys, *m_clock);
    s->logging = std::make_unique<oci::LoggingTransport>(*s->signing);
    auto policy = retry_policy(*m_env);
    OVL_TRY(policy);
    s->retrying = std::make_unique<oci::RetryingTransport>(*s->logging, *m_clock, *m_sleeper, *policy);
    s->compute = std::make_unique<api::ComputeClient>(*s->retrying, s->compute_base);
    s->identity = std::make_unique<api::IdentityClient>(*s->retrying, s->identity_base);
    return s;
  }();
  if (!built.ok()) {
    m_services_error = built.error();
    return std::move(built).error();
  }
  m_services = std::move(built).value();
  return m_services.get();
}

core::Result<api::ComputeClient*> Context::compute()
{
  auto s = services();
  OVL_TRY(s);
  return (*s)->compute.get();
}

core::Result<std::vector<api::Instance>> Context::instances()
{
  auto compute = this->compute();
  OVL_TRY(compute);
  auto compartment = this->compartment();
  OVL_TRY(compartment);
  return (*compute)->list_instances(*compartment);
}

core::Result<api::IdentityClient*> Context::identity()
{
  auto s = services();
  OVL_TRY(s);
  return (*s)->identity.get();
}

core::Result<oci::HttpTransport*> Context::transport()
{
  auto s = services();
  OVL_TRY(s);
  return static_cast<oci::HttpTransport*>((*s)->retrying.get());
}

core::Result<std::string> Context::tenancy()
{
  auto s = services();
  OVL_TRY(s);
  return (*s)->config.tenancy;
}

core::Result<std::string> Context::compute_base_url()
{
  auto s = services();
  OVL_TRY(s);
  return (*s)->compute_base;
}

core::Result<config::OciConfig> Context::oci_config()
{
  config::ConfigFlags flags;
  if (!m_globals.config_file.empty()) {
    flags.config_file = m_globals.config_file;
  }
  if (!m_globals.profile.empty()) {
    flags.profile = m_globals.profile;
  }
  if (!m_globals.region.empty()) {
    flags.region = m_globals.region;
  }
  return config::load_config(flags, *m_env);
}

core::Result<std::string> Context::identity_base_url()
{
  auto s = services();
  OVL_TRY(s);
  return (*s)->identity_base;
}

core::Result<std::string> Context::compartment()
{
  if (auto c = flag_or_env(m_globals.compartment, *m_env, "OCIVANILLA_COMPARTMENT")) {
    return *c;
  }
  auto p = plan();
  OVL_TRY(p);
  if (!(*p)->compartment.empty()) {
    return (*p)->compartment;
  }
  return tenancy();
}

} // namespace ocivanilla::cli
