#include "support/sim_fixture.hpp"

#include "ocivanilla/auth/private_key.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace ocivanilla::testing {

namespace {

constexpr const char* k_user = "ocid1.user.oc1..aaaaaaaaintegrationtestuser";

std::string emit(const YAML::Node& node)
{
  YAML::Emitter out;
  out << node;
  return out.c_str();
}

void skip_test(const std::string& why)
{
  std::cerr << "SKIP: simulator could not start: " << why << '\n';
  std::exit(125);
}

} // namespace

YAML::Node seed_scenario(double timing_seconds)
{
  YAML::Node node = YAML::LoadFile(std::string(OVL_SOURCE_DIR) + "/config/sim/seed-tenancy.yaml");
  for (const char* key : {"provisioningSeconds", "terminatingSeconds", "stoppingSeconds", "startingSeconds"}) {
    node["timing"][key] = timing_seconds;
  }
  return node;
}

SimFixture::SimFixture(const YAML::Node& scenario, SimOptions options)
{
  m_tenancy = scenario["tenancyId"].as<std::string>();
  const auto scenario_file = m_dir.write("scenario.yaml", emit(scenario));

  auto key = auth::PrivateKey::generate_rsa(2048);
  if (!key.ok()) {
    throw std::runtime_error("cannot generate a test key: " + key.error().message);
  }
  const auto key_file = m_dir.write("home/.oci/oci_api_key.pem", key->private_key_pem());
  const auto pub_file = m_dir.write("home/.oci/oci_api_key_public.pem", key->public_key_pem());
  const std::string key_id = m_tenancy + "/" + k_user + "/" + key->fingerprint();
  m_dir.write("home/.oci/config", "[DEFAULT]\nuser=" + std::string(k_user) + "\nfingerprint=" + key->fingerprint() +
                                    "\nkey_file=" + key_file.string() + "\ntenancy=" + m_tenancy +
                                    "\nregion=" + scenario["region"].as<std::string>() + "\n");
  m_dir.write("home/.ssh/id_ed25519.pub",
              "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIntegrationTestKeyOnly0000000000000000 test@ocivanilla\n");

  std::vector<std::string> argv = {OVL_SIM_BIN,
                                   "--port",
                                   "0",
                                   "--scenario",
                                   scenario_file.string(),
                                   "--trust-key",
                                   key_id + "=" + pub_file.string(),
                                   "--log",
                                   (m_dir.path() / "sim.log").string()};
  if (options.tls) {
    const auto cert = (m_dir.path() / "tls-cert.pem").string();
    const auto tls_key = (m_dir.path() / "tls-key.pem").string();
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
                            " -addext subjectAltName=IP:127.0.0.1 -keyout '" +
                            tls_key + "' -out '" + cert + "' >/dev/null 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      skip_test("openssl could not create a certificate");
    }
    m_ca_file = cert;
    argv.insert(argv.end(), {"--tls-cert", cert, "--tls-key", tls_key});
  }
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  m_sim = std::make_unique<BackgroundProcess>(argv, std::map<std::string, std::string>{{"PATH", "/usr/bin:/bin"}});
  const std::string line = m_sim->read_line(std::chrono::seconds(20));
  const std::string prefix = "listening on ";
  if (line.rfind(prefix, 0) != 0) {
    skip_test("first line was '" + line + "'; log: " + sim_log());
  }
  m_url = line.substr(prefix.size());
}

SimFixture::~SimFixture()
{
  if (m_sim) {
    m_sim->stop();
  }
}

std::map<std::string, std::string> SimFixture::base_env() const
{
  std::map<std::string, std::string> env = {
    {"HOME", home().string()},
    {"PATH", "/usr/bin:/bin"},
    {"OCI_CLI_CONFIG_FILE", (home() / ".oci/config").string()},
    {"OCIVANILLA_ENDPOINT", m_url},
    {"LANG", "C.UTF-8"},
  };
  if (!m_ca_file.empty()) {
    env["OCI_CLI_CERT_BUNDLE"] = m_ca_file;
  }
  if (const char* asan = std::getenv("ASAN_OPTIONS")) {
    env["ASAN_OPTIONS"] = asan;
  }
  if (const char* ubsan = std::getenv("UBSAN_OPTIONS")) {
    env["UBSAN_OPTIONS"] = ubsan;
  }
  return env;
}

ProcessResult SimFixture::cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env,
                              const std::string& stdin_text) const
{
  ProcessOptions options;
  options.env = base_env();
  for (const auto& [k, v] : extra_env) {
    if (v.empty()) {
      options.env.erase(k);
    } else {
      options.env[k] = v;
    }
  }
  options.cwd = m_dir.path();
  options.stdin_text = stdin_text;
  options.timeout = std::chrono::seconds(120);
  std::vector<std::string> argv = {OVL_CLI_BIN};
  argv.insert(argv.end(), args.begin(), args.end());
  auto result = run_process(argv, options);
  UNSCOPED_INFO("$ ocivanilla " <<
                [&] {
                  std::string s;
                  for (const auto& a : args) {
                    s += a + " ";
                  }
                  return s;
                }() << "\nexit " << result.exit_code
                                << "\n--- stdout\n"
                                << result.out << "--- stderr\n"
                                << result.err);
  return result;
}

nlohmann::json SimFixture::admin(const std::string& method, const std::string& path, const std::string& body) const
{
  httplib::Client client(m_url);
  if (!m_ca_file.empty()) {
    client.set_ca_cert_path(m_ca_file.c_str());
  }
  client.set_connection_timeout(5);
  client.set_read_timeout(20);
  httplib::Result res = method == "GET"      ? client.Get(path.c_str())
                        : method == "DELETE" ? client.Delete(path.c_str())
                                             : client.Post(path.c_str(), body, "application/json");
  if (!res) {
    throw std::runtime_error("simulator admin call " + method + " " + path + " failed");
  }
  if (res->status >= 300) {
    throw std::runtime_error("simulator admin call " + method + " " + path + " answered " +
                             std::to_string(res->status) + ": " + res->body);
  }
  return res->body.empty() ? nlohmann::json() : nlohmann::json::parse(res->body);
}

nlohmann::json SimFixture::instances() const
{
  return admin("GET", "/_sim/instances");
}

nlohmann::json SimFixture::requests() const
{
  return admin("GET", "/_sim/requests");
}

void SimFixture::clear_requests() const
{
  admin("DELETE", "/_sim/requests");
}

void SimFixture::add_fault(const nlohmann::json& fault) const
{
  admin("POST", "/_sim/faults", fault.dump());
}

void SimFixture::set_clock_offset(long long seconds) const
{
  admin("POST", "/_sim/clock", nlohmann::json{{"offsetSeconds", seconds}}.dump());
}

nlohmann::json SimFixture::add_instance(const nlohmann::json& instance) const
{
  return admin("POST", "/_sim/instances", instance.dump());
}

std::vector<nlohmann::json> SimFixture::live_named(const std::string& display_name) const
{
  std::vector<nlohmann::json> out;
  for (const auto& i : instances()) {
    if (i.value("displayName", "") == display_name && i.value("lifecycleState", "") != "TERMINATED") {
      out.push_back(i);
    }
  }
  return out;
}

std::vector<nlohmann::json> SimFixture::requests_matching(const std::string& method, const std::string& path_part) const
{
  std::vector<nlohmann::json> out;
  for (const auto& r : requests()) {
    if (r.value("method", "") == method && r.value("path", "").find(path_part) != std::string::npos) {
      out.push_back(r);
    }
  }
  return out;
}

std::string SimFixture::sim_log() const
{
  std::ifstream in(m_dir.path() / "sim.log");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return text;
}

std::string shipped_plan()
{
  return std::string(OVL_SOURCE_DIR) + "/config/plan.yaml";
}

std::string write_file(const SimFixture& sim, const std::string& name, const std::string& text)
{
  return sim.dir().write(name, text).string();
}

} // namespace ocivanilla::testing
