#include "context.hpp"

#include "ocivanilla/auth/api_key_provider.hpp"
#include "ocivanilla/config/config.hpp"
#include "ocivanilla/config/endpoint.hpp"
#include "ocivanilla/config/file.hpp"
#include "ocivanilla/config/region.hpp"
#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/oci/curl_transport.hpp"
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
  std::unique_ptr<oci::SigningTransport> signing;
  std::unique_ptr<oci::LoggingTransport> logging;
  std::unique_ptr<oci::RetryingTransport> retrying;
  std::unique_ptr<api::ComputeClient> compute;
  std::unique_ptr<api::IdentityClient> identity;
};

namespace {

std::optional<std::string> flag_or_env(const std::string& flag, const config::Environment& env,
                                       std::string_view name)
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

} // namespace

Context::Context(GlobalOptions globals)
  : m_globals(std::move(globals)),
    m_env(std::make_unique<config::ProcessEnvironment>()),
    m_clock(std::make_unique<core::SystemClock>()),
    m_sleeper(std::make_unique<core::RealSleeper>())
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
      OVL_TRY(config::validate_endpoint(*endpoint_override));  // usage errors before config errors
    }
    auto cfg = oci_config();
    OVL_TRY(cfg);
    s->config = std::move(cfg).value();
    for (const auto& w : s->config.warnings) {
      warn(w);
    }
    auto endpoints = config::resolve_endpoints(s->config.region, endpoint_override);
    OVL_TRY(endpoints);
    s->compute_base = endpoints->compute;
    s->identity_base = endpoints->identity;

    auth::ApiKeySettings key_settings;
    key_settings.tenancy = s->config.tenancy;
    key_settings.user = s->config.user;
    key_settings.fingerprint = s->config.fingerprint;
    key_settings.key_file = s->config.key_file;
    key_settings.passphrase = s->config.passphrase;
    key_settings.security_token_file = s->config.security_token_file;
    auto keys = auth::make_api_key_provider(key_settings, [this](const std::string& w) { warn(w); });
    OVL_TRY(keys);
    s->keys = std::move(keys).value();

    oci::CurlOptions curl_options;
    curl_options.cert_bundle = flag_or_env(m_globals.cert_bundle, *m_env, "OCI_CLI_CERT_BUNDLE").value_or("");
    if (const auto timeout = flag_or_env(m_globals.timeout, *m_env, "OCIVANILLA_TIMEOUT")) {
      auto limit = core::parse_duration(*timeout);
      OVL_TRY(limit);
      curl_options.total_timeout = *limit;
      curl_options.connect_timeout = std::min<std::chrono::milliseconds>(curl_options.connect_timeout, *limit);
    }
    auto curl = oci::CurlTransport::create(curl_options);
    OVL_TRY(curl);
    s->curl = std::move(curl).value();
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
