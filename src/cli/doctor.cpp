#include "commands.hpp"

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/config/file.hpp"
#include "ocivanilla/core/url.hpp"
#include "ocivanilla/oci/api_error.hpp"
#include "ocivanilla/plan/plan_parser.hpp"

#include <cmath>
#include <optional>
#include <ostream>
#include <sys/stat.h>

namespace ocivanilla::cli {

namespace {

enum class Verdict { pass, warn, fail };

class Report {
public:
  explicit Report(Context& ctx) : m_ctx(ctx) {}
  void add(Verdict v, const std::string& check, const std::string& detail, const std::string& fix = {})
  {
    const char* word = v == Verdict::pass ? "pass" : v == Verdict::warn ? "warn" : "FAIL";
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

// Key file: readable, private, loads (passphrase), fingerprint matches. False when unusable.
bool check_key(Report& report, const config::OciConfig& cfg)
{
  struct stat st {};
  if (stat(cfg.key_file.c_str(), &st) != 0) {
    report.add(Verdict::fail, "key file", cfg.key_file + " not found", "set key_file in " + cfg.config_file);
    return false;
  }
  auto text = config::read_file(cfg.key_file, "key file");
  if (!text.ok()) {
    report.add(Verdict::fail, "key file", text.error().message, "check the path and its permissions");
    return false;
  }
  if ((st.st_mode & 077U) != 0) {
    report.add(Verdict::warn, "key file", cfg.key_file + " is readable by group or others", "chmod 600 " + cfg.key_file);
  } else {
    report.add(Verdict::pass, "key file", cfg.key_file + " is private");
  }
  auto key = auth::PrivateKey::from_pem(*text, cfg.passphrase, cfg.key_file);
  if (!key.ok()) {
    const bool pass_problem = key.error().kind == core::ErrorKind::auth;
    report.add(Verdict::fail, pass_problem ? "passphrase" : "key", key.error().message,
               pass_problem ? "set pass_phrase in the profile or OCI_CLI_PASSPHRASE" : "point key_file at your API private key");
    return false;
  }
  report.add(Verdict::pass, "passphrase", cfg.passphrase ? "the passphrase opens the key" : "key is not encrypted");
  if (!cfg.security_token_file && key->fingerprint() != cfg.fingerprint) {
    report.add(Verdict::fail, "fingerprint", "profile says " + cfg.fingerprint + " but " + cfg.key_file + " has "
                                                 + key->fingerprint(),
               "set fingerprint=" + key->fingerprint() + " in " + cfg.config_file + " (and upload that key)");
    return false;
  }
  report.add(Verdict::pass, "fingerprint", key->fingerprint() + " matches the key");
  return true;
}

void check_api(Report& report, Context& ctx, const config::OciConfig& cfg)
{
  auto transport = ctx.transport();
  auto identity = ctx.identity_base_url();
  if (!transport.ok() || !identity.ok()) {
    report.add(Verdict::fail, "endpoint", (transport.ok() ? identity.error() : transport.error()).message);
    return;
  }
  oci::HttpRequest request;
  request.method = "GET";
  request.url = *identity + "/20160918/availabilityDomains"
                + core::QueryBuilder{}.add("compartmentId", cfg.tenancy).str();
  const auto sent_at = ctx.clock().now();
  auto response = (*transport)->send(request);
  if (!response.ok()) {
    report.add(Verdict::fail, "endpoint", response.error().describe(),
               response.error().code == "TlsVerification" ? "pass --cert-bundle with the CA that signed it"
                                                           : "check the network, proxy and --endpoint");
    return;
  }
  report.add(Verdict::pass, "endpoint", *identity + " reachable (HTTP " + std::to_string(response->status) + ")");
  core::TimePoint server_time;
  if (core::parse_http_date(response->header("date"), server_time)) {
    const auto skew = std::chrono::duration_cast<std::chrono::seconds>(server_time - sent_at).count();
    const auto minutes = std::lround(static_cast<double>(std::llabs(skew)) / 60.0);
    const std::string detail = "local clock is " + std::to_string(std::llabs(skew)) + "s "
                               + (skew > 0 ? "behind" : "ahead of") + " the endpoint";
    report.add(std::llabs(skew) >= 300 ? Verdict::fail : std::llabs(skew) >= 30 ? Verdict::warn : Verdict::pass,
               "clock", detail,
               std::llabs(skew) >= 30 ? "sync the clock with NTP (off by about " + std::to_string(minutes) + " minutes)"
                                      : "");
  } else {
    report.add(Verdict::warn, "clock", "the endpoint sent no Date header; skew not checked");
  }
  if (response->status >= 300) {
    const auto error = oci::error_from_response(request, *response);
    report.add(Verdict::fail, "identity", error.describe(),
               response->status == 401 ? "check user, tenancy, fingerprint and that the public key is uploaded" : "");
    return;
  }
  const auto body = nlohmann::json::parse(response->body, nullptr, false);
  report.add(Verdict::pass, "identity", std::to_string(body.is_array() ? body.size() : 0)
                                             + " availability domain(s) listed");
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
    report.add(Verdict::fail, "plan", check.error().message);
  } else if (!check->ok()) {
    report.add(Verdict::fail, "plan", check->errors.front(), "run 'ocivanilla plan check'");
  } else if (!check->warnings.empty()) {
    report.add(Verdict::warn, "plan", check->warnings.front());
  } else {
    report.add(Verdict::pass, "plan", *path + " is valid");
  }
}

} // namespace

core::Status run_doctor(Context& ctx)
{
  Report report(ctx);
  auto cfg = ctx.oci_config();
  if (!cfg.ok()) {
    report.add(Verdict::fail, "config", cfg.error().message, "run 'oci setup config' or set --config-file");
  } else {
    report.add(Verdict::pass, "config", (cfg->config_file.empty() ? "environment" : cfg->config_file) + " profile "
                                            + cfg->profile);
    for (const auto& w : cfg->warnings) {
      report.add(Verdict::warn, "config", w);
    }
    if (check_key(report, *cfg)) {
      check_api(report, ctx, *cfg);
    }
  }
  check_plan(report, ctx);
  if (report.failed() > 0) {
    return core::make_error(core::ErrorKind::config, "doctor: " + std::to_string(report.failed()) + " check(s) failed");
  }
  return {};
}

} // namespace ocivanilla::cli
