// doctor: one line per check (pass, warn or fail, with the fix), exit 0 only when none failed.
// Probes go out once each, without the retrying transport, so a dead endpoint answers fast.
#include "commands.hpp"

#include "ocivanilla/api/error_mapping.hpp"
#include "ocivanilla/auth/api_key_provider.hpp"
#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/config/endpoint.hpp"
#include "ocivanilla/config/file.hpp"
#include "ocivanilla/core/url.hpp"
#include "ocivanilla/oci/curl_transport.hpp"
#include "ocivanilla/oci/signing_transport.hpp"
#include "ocivanilla/plan/plan_parser.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <optional>
#include <ostream>
#include <sys/stat.h>

namespace ocivanilla::cli {

namespace {

enum class Verdict { pass, warn, fail };

constexpr long long k_skew_fail_seconds = 300; // OCI refuses signatures dated 5 minutes off
constexpr long long k_skew_warn_seconds = 30;

class Report {
 public:
  explicit Report(Context& ctx) : m_ctx(ctx) {}
  void add(Verdict v, const std::string& check, const std::string& detail, const std::string& fix = {})
  {
    const char* word = v == Verdict::pass ? "pass" : v == Verdict::warn ? "warn" : "fail";
    m_ctx.out() << word << "  " << check << ": " << detail;
    if (!fix.empty()) {
      m_ctx.out() << " -> " << fix;
    }
    m_ctx.out() << "\n";
    if (v == Verdict::fail) {
      ++m_failed;
    }
  }
  int failed() const { return m_failed; }

 private:
  Context& m_ctx;
  int m_failed = 0;
};

std::optional<std::string> flag_or_env(const std::string& flag, const config::Environment& env, const char* name)
{
  if (!flag.empty()) {
    return flag;
  }
  if (auto value = env.get(name); value && !value->empty()) {
    return value;
  }
  return std::nullopt;
}

// Key file readable and private, passphrase, fingerprint. False when the key cannot sign.
bool check_key(Report& report, const config::OciConfig& cfg)
{
  struct stat st {};
  if (stat(cfg.key_file.c_str(), &st) != 0) {
    report.add(Verdict::fail, "key file", cfg.key_file + " not found", "set key_file in " + cfg.config_file);
    return false;
  }
  auto text = config::read_file(cfg.key_file, "key file");
  if (!text.ok()) {
    report.add(Verdict::fail, "key file", text.error().message, "chmod 600 " + cfg.key_file + " and check its owner");
    return false;
  }
  if ((st.st_mode & 077U) != 0) {
    report.add(Verdict::warn, "key file", cfg.key_file + " is readable by group or others",
               "chmod 600 " + cfg.key_file);
  } else {
    report.add(Verdict::pass, "key file", cfg.key_file + " is readable and private");
  }
  auto key = auth::PrivateKey::from_pem(*text, cfg.passphrase, cfg.key_file);
  if (!key.ok()) {
    const bool pass_problem = key.error().kind == core::ErrorKind::auth;
    report.add(Verdict::fail, pass_problem ? "passphrase" : "key", key.error().message,
               pass_problem ? "set pass_phrase in the profile or OCI_CLI_PASSPHRASE"
                            : "point key_file at your API private key (PEM)");
    return false;
  }
  const bool encrypted = text->find("ENCRYPTED") != std::string::npos;
  report.add(Verdict::pass, "passphrase",
             encrypted ? "the passphrase opens the key" : "not needed (the key is not encrypted)");
  if (!cfg.security_token_file && key->fingerprint() != cfg.fingerprint) {
    report.add(Verdict::fail, "fingerprint",
               "the profile says " + cfg.fingerprint + " but " + cfg.key_file + " has " + key->fingerprint(),
               "set fingerprint=" + key->fingerprint() + " in " + cfg.config_file +
                 " (and upload that key's public half)");
    return false;
  }
  report.add(Verdict::pass, "fingerprint", key->fingerprint() + " matches the key");
  return true;
}

// The server's Date against the middle of the round trip.
void check_clock(Report& report, const oci::HttpResponse& response, core::TimePoint sent, core::TimePoint received)
{
  core::TimePoint server;
  if (!core::parse_http_date(response.header("date"), server)) {
    report.add(Verdict::warn, "clock", "the endpoint sent no Date header; skew not checked");
    return;
  }
  const auto local = sent + (received - sent) / 2;
  const auto skew = std::chrono::duration_cast<std::chrono::seconds>(server - local).count();
  const auto off = std::llabs(skew);
  const std::string detail = off < 2 ? "in step with the endpoint"
                                     : "local clock is " + std::to_string(off) + "s " +
                                         (skew > 0 ? "behind" : "ahead of") + " the endpoint";
  const auto minutes = std::lround(static_cast<double>(off) / 60.0);
  const auto verdict = off >= k_skew_fail_seconds   ? Verdict::fail
                       : off >= k_skew_warn_seconds ? Verdict::warn
                                                    : Verdict::pass;
  report.add(verdict, "clock", detail,
             verdict == Verdict::pass
               ? ""
               : "off by about " + std::to_string(minutes) + " minute" + (minutes == 1 ? "" : "s") +
                   ": sync the clock with NTP (OCI refuses requests dated 5 minutes off)");
}

// Endpoint reachable (one unsigned request: any HTTP answer proves it, TLS verified) and the
// clock against its Date header. False when unreachable.
bool check_endpoint(Report& report, Context& ctx, oci::HttpTransport& curl, const std::string& url)
{
  oci::HttpRequest probe;
  probe.method = "GET";
  probe.url = url;
  const auto sent = ctx.clock().now();
  auto response = curl.send(probe);
  const auto received = ctx.clock().now();
  if (!response.ok()) {
    const bool tls = response.error().code == "TlsVerification";
    report.add(Verdict::fail, "endpoint", response.error().message,
               tls ? "pass --cert-bundle (or OCI_CLI_CERT_BUNDLE) with the CA that signed the server's certificate"
                   : "check the network, proxy settings and --endpoint / OCIVANILLA_ENDPOINT");
    return false;
  }
  const bool https = url.rfind("https://", 0) == 0;
  report.add(Verdict::pass, "endpoint",
             url.substr(0, url.find("/20160918")) + " reachable" +
               (https ? " over TLS (certificate verified)" : " (plain HTTP, loopback only)"));
  check_clock(report, *response, sent, received);
  return true;
}

// One signed ListAvailabilityDomains, not retried.
void check_identity(Report& report, Context& ctx, oci::HttpTransport& curl, const config::OciConfig& cfg,
                    const std::string& url)
{
  auth::ApiKeySettings settings{cfg.tenancy,  cfg.user,       cfg.fingerprint,
                                cfg.key_file, cfg.passphrase, cfg.security_token_file};
  auto keys = auth::make_api_key_provider(settings, [](const std::string&) {});
  if (!keys.ok()) {
    report.add(Verdict::fail, "identity", keys.error().message);
    return;
  }
  oci::SigningTransport signing(curl, **keys, ctx.clock());
  oci::HttpRequest request;
  request.method = "GET";
  request.url = url;
  auto response = signing.send(request);
  if (!response.ok()) {
    report.add(Verdict::fail, "identity", response.error().describe());
    return;
  }
  if (!api::is_success(response->status)) {
    const auto error = api::error_from(request, *response);
    const bool skew = error.message.find("clock") != std::string::npos;
    report.add(Verdict::fail, "identity", error.describe(),
               skew ? "sync the clock with NTP"
               : response->status == 401
                 ? "check user, tenancy and fingerprint in " + cfg.config_file + " and that the public key is uploaded"
                 : "");
    return;
  }
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  const auto count = body.is_array() ? body.size() : 0;
  report.add(count > 0 ? Verdict::pass : Verdict::fail, "identity",
             "signed request accepted, " + std::to_string(count) + " availability domain(s) listed",
             count > 0 ? "" : "check the tenancy and region in " + cfg.config_file);
}

void check_api(Report& report, Context& ctx, const config::OciConfig& cfg, bool key_ok)
{
  const auto override_url = flag_or_env(ctx.globals().endpoint, ctx.env(), "OCIVANILLA_ENDPOINT");
  auto endpoints = config::resolve_endpoints(cfg.region, override_url);
  if (!endpoints.ok()) {
    report.add(Verdict::fail, "endpoint", endpoints.error().message, "check region in the profile or --endpoint");
    return;
  }
  oci::CurlOptions options;
  options.cert_bundle = flag_or_env(ctx.globals().cert_bundle, ctx.env(), "OCI_CLI_CERT_BUNDLE").value_or("");
  options.connect_timeout = std::chrono::seconds(5);
  options.total_timeout = std::chrono::seconds(20);
  auto curl = oci::CurlTransport::create(options);
  if (!curl.ok()) {
    report.add(Verdict::fail, "endpoint", curl.error().message, "fix --cert-bundle / OCI_CLI_CERT_BUNDLE");
    return;
  }
  const std::string url = endpoints->identity + "/20160918/availabilityDomains" +
                          core::QueryBuilder{}.add("compartmentId", cfg.tenancy).str();
  if (!check_endpoint(report, ctx, **curl, url)) {
    report.add(Verdict::warn, "identity", "not checked: the endpoint is unreachable");
  } else if (!key_ok) {
    report.add(Verdict::warn, "identity", "not checked: the key cannot sign requests (see above)");
  } else {
    check_identity(report, ctx, **curl, cfg, url);
  }
}

// Instance principal: no config file or key; the metadata service and the federation call
// stand in for them (SIGNING.md §5.1).
void check_instance_principal(Report& report, Context& ctx)
{
  auto tenancy = ctx.tenancy();
  if (!tenancy.ok()) {
    report.add(Verdict::fail, "instance principal", tenancy.error().describe(),
               "run on an OCI instance in a dynamic group (or set OCI_METADATA_BASE_URL)");
    return;
  }
  report.add(Verdict::pass, "instance principal", "certificate for tenancy " + *tenancy + ", session token obtained");
  auto identity = ctx.identity();
  auto ads = identity.ok() ? (*identity)->list_availability_domains(*tenancy)
                           : core::Result<std::vector<api::AvailabilityDomain>>(identity.error());
  if (!ads.ok()) {
    report.add(Verdict::fail, "identity", ads.error().describe(), "check the dynamic group's policies");
    return;
  }
  report.add(Verdict::pass, "identity", std::to_string(ads->size()) + " availability domain(s) listed");
}

void check_plan(Report& report, Context& ctx)
{
  auto path = ctx.plan_path();
  if (!path.ok()) {
    report.add(Verdict::fail, "plan", path.error().message);
    return;
  }
  if (*path == "built-in") {
    report.add(Verdict::warn, "plan", "no plan file; the built-in budget (A1 4 OCPU / 24 GB) applies",
               "create config/plan.yaml (docs/plan.md)");
    return;
  }
  auto check = plan::check_plan_file(*path);
  if (!check.ok()) {
    report.add(Verdict::fail, "plan", check.error().message, "fix the path (--plan / OCIVANILLA_PLAN)");
  } else if (!check->ok()) {
    report.add(Verdict::fail, "plan",
               check->errors.front() +
                 (check->errors.size() > 1 ? " (and " + std::to_string(check->errors.size() - 1) + " more)" : ""),
               "run 'ocivanilla plan check' and fix the plan (docs/plan.md)");
  } else if (!check->warnings.empty()) {
    report.add(Verdict::warn, "plan", check->warnings.front(), "run 'ocivanilla plan check'");
  } else {
    report.add(Verdict::pass, "plan", *path + " is valid");
  }
}

} // namespace

core::Status run_doctor(Context& ctx)
{
  Report report(ctx);
  if (flag_or_env(ctx.globals().auth, ctx.env(), "OCI_CLI_AUTH").value_or("api_key") == "instance_principal") {
    check_instance_principal(report, ctx);
    check_plan(report, ctx);
    return report.failed() > 0
             ? core::Status(core::make_error(core::ErrorKind::config,
                                             "doctor: " + std::to_string(report.failed()) + " check(s) failed"))
             : core::Status{};
  }
  auto cfg = ctx.oci_config();
  if (!cfg.ok()) {
    report.add(Verdict::fail, "config", cfg.error().message,
               "run 'oci setup config', or point --config-file / OCI_CLI_CONFIG_FILE at your config");
  } else {
    report.add(Verdict::pass, "config",
               (cfg->config_file.empty() ? "environment" : cfg->config_file) + ", profile " + cfg->profile);
    for (const auto& w : cfg->warnings) {
      report.add(Verdict::warn, "config", w);
    }
    const bool key_ok = check_key(report, *cfg);
    check_api(report, ctx, *cfg, key_ok);
  }
  check_plan(report, ctx);
  if (report.failed() > 0) {
    return core::make_error(core::ErrorKind::config, "doctor: " + std::to_string(report.failed()) + " check(s) failed");
  }
  return {};
}

} // namespace ocivanilla::cli
