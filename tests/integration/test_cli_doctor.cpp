// doctor against the simulator: every check passes on a good setup, and each broken piece is
// reported on its own line with its fix (issue 6).
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <cstdlib>
#include <filesystem>
#include <netinet/in.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>

using ocivanilla::testing::lines_of;
using ocivanilla::testing::read_text_file;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::SimOptions;
using ocivanilla::testing::write_file;

namespace {

// A valid plan without warnings (room for on-demand VMs beside the servers).
const char* const k_good_plan = R"(version: 1
budget:
  a1: {ocpus: 4, memory_gb: 24}
  boot_volume_gb: 200
  micro_instances: 2
servers:
  lab-manager:
    display_name: lab-manager-server
    tier: dedicated
    namespaces: [lab-manager]
    ocpus: 1
    memory_gb: 6
on_demand:
  ocpus: 1
  memory_gb: 6
  ttl: 8h
  max_instances: 2
)";

std::map<std::string, std::string> good_env(const SimFixture& sim)
{
  return {{"OCIVANILLA_PLAN", write_file(sim, "plan.yaml", k_good_plan)}};
}

// The line of one check (the first), or "" when there is none.
std::string line_of(const std::string& out, const std::string& check)
{
  for (const auto& line : lines_of(out)) {
    if (line.size() > 6 && line.compare(6, check.size() + 1, check + ":") == 0) {
      return line;
    }
  }
  return "";
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

std::string key_file(const SimFixture& sim)
{
  return (sim.home() / ".oci/oci_api_key.pem").string();
}

// The fixture's config with one line replaced (or added), written as a new file.
std::string config_with(const SimFixture& sim, const std::string& key, const std::string& value)
{
  std::string out;
  bool replaced = false;
  for (const auto& line : lines_of(read_text_file(sim.home() / ".oci/config"))) {
    if (line.rfind(key + "=", 0) == 0) {
      out += key + "=" + value + "\n";
      replaced = true;
    } else {
      out += line + "\n";
    }
  }
  if (!replaced) {
    out += key + "=" + value + "\n";
  }
  return write_file(sim, "alt-config", out);
}

std::string config_value(const SimFixture& sim, const std::string& key)
{
  for (const auto& line : lines_of(read_text_file(sim.home() / ".oci/config"))) {
    if (line.rfind(key + "=", 0) == 0) {
      return line.substr(key.size() + 1);
    }
  }
  return "";
}

// A loopback port nobody listens on: bound, read, closed.
int closed_port()
{
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  close(fd);
  return ntohs(addr.sin_port);
}

} // namespace

TEST_CASE("doctor: every check passes on a good setup")
{
  SimFixture sim;
  auto r = sim.cli({"doctor"}, good_env(sim));
  REQUIRE(r.exit_code == 0);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 8);
  for (const auto& line : lines) {
    CHECK(line.rfind("pass  ", 0) == 0);
  }
  CHECK(line_of(r.out, "config") == "pass  config: " + (sim.home() / ".oci/config").string() + ", profile DEFAULT");
  CHECK(line_of(r.out, "key file") == "pass  key file: " + key_file(sim) + " is readable and private");
  CHECK(line_of(r.out, "passphrase") == "pass  passphrase: not needed (the key is not encrypted)");
  CHECK(line_of(r.out, "fingerprint") == "pass  fingerprint: " + config_value(sim, "fingerprint") + " matches the key");
  CHECK(line_of(r.out, "endpoint") == "pass  endpoint: " + sim.url() + " reachable (plain HTTP, loopback only)");
  CHECK(line_of(r.out, "clock") == "pass  clock: in step with the endpoint");
  CHECK(line_of(r.out, "identity") == "pass  identity: signed request accepted, 3 availability domain(s) listed");
  CHECK(contains(line_of(r.out, "plan"), "plan.yaml is valid"));
  CHECK(r.err.empty());
  // Exactly one unsigned probe and one signed call.
  CHECK(sim.requests_matching("GET", "/availabilityDomains").size() == 2);
}

TEST_CASE("doctor: a wrong fingerprint fails with the right value to set")
{
  SimFixture sim;
  const auto real = config_value(sim, "fingerprint");
  const auto config = config_with(sim, "fingerprint", "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff");
  auto env = good_env(sim);
  env["OCI_CLI_CONFIG_FILE"] = config;
  auto r = sim.cli({"doctor"}, env);
  CHECK(r.exit_code == 3);
  CHECK(line_of(r.out, "fingerprint") ==
        "fail  fingerprint: the profile says 00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff but " + key_file(sim) +
          " has " + real + " -> set fingerprint=" + real + " in " + config + " (and upload that key's public half)");
  CHECK(line_of(r.out, "identity") == "warn  identity: not checked: the key cannot sign requests (see above)");
  CHECK(line_of(r.out, "endpoint").rfind("pass  ", 0) == 0);
  CHECK(r.err == "ocivanilla: error: doctor: 1 check(s) failed\n");
}

TEST_CASE("doctor: a key readable by others is a warning with the chmod to run")
{
  SimFixture sim;
  std::filesystem::permissions(key_file(sim), std::filesystem::perms::group_read | std::filesystem::perms::others_read,
                               std::filesystem::perm_options::add);
  auto r = sim.cli({"doctor"}, good_env(sim));
  CHECK(r.exit_code == 0);
  CHECK(line_of(r.out, "key file") ==
        "warn  key file: " + key_file(sim) + " is readable by group or others -> chmod 600 " + key_file(sim));
  CHECK(line_of(r.out, "identity").rfind("pass  ", 0) == 0);
}

TEST_CASE("doctor: an encrypted key: the right passphrase passes, a wrong one fails")
{
  SimFixture sim;
  const auto encrypted = (sim.dir().path() / "encrypted.pem").string();
  const std::string cmd = "openssl pkey -in '" + key_file(sim) + "' -aes256 -passout pass:doctor-pass -out '" +
                          encrypted + "' 2>/dev/null";
  REQUIRE(std::system(cmd.c_str()) == 0);
  std::filesystem::permissions(encrypted, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::replace);
  auto env = good_env(sim);
  env["OCI_CLI_CONFIG_FILE"] = config_with(sim, "key_file", encrypted);
  env["OCI_CLI_PASSPHRASE"] = "doctor-pass";
  auto good = sim.cli({"doctor"}, env);
  CHECK(good.exit_code == 0);
  CHECK(line_of(good.out, "passphrase") == "pass  passphrase: the passphrase opens the key");
  CHECK(line_of(good.out, "identity").rfind("pass  ", 0) == 0);

  env["OCI_CLI_PASSPHRASE"] = "wrong-pass";
  auto bad = sim.cli({"doctor"}, env);
  CHECK(bad.exit_code == 3);
  const auto line = line_of(bad.out, "passphrase");
  CHECK(line.rfind("fail  passphrase: ", 0) == 0);
  CHECK(contains(line, " -> set pass_phrase in the profile or OCI_CLI_PASSPHRASE"));
  CHECK(line_of(bad.out, "fingerprint").empty());
}

TEST_CASE("doctor: a clock 15 minutes off fails with the size of the skew")
{
  SimFixture sim;
  sim.set_clock_offset(900);
  auto r = sim.cli({"doctor"}, good_env(sim));
  CHECK(r.exit_code == 3);
  const auto clock = line_of(r.out, "clock");
  CHECK(clock.rfind("fail  clock: local clock is ", 0) == 0);
  CHECK(contains(clock, "s behind the endpoint -> off by about 15 minutes: sync the clock with NTP"));
  const auto identity = line_of(r.out, "identity");
  CHECK(identity.rfind("fail  identity: ", 0) == 0);
  CHECK(contains(identity, "-> sync the clock with NTP"));
  CHECK(r.err == "ocivanilla: error: doctor: 2 check(s) failed\n");
}

TEST_CASE("doctor: an unreachable endpoint fails at once with what to check")
{
  SimFixture sim;
  const std::string dead = "http://127.0.0.1:" + std::to_string(closed_port());
  auto env = good_env(sim);
  env["OCIVANILLA_ENDPOINT"] = dead;
  auto r = sim.cli({"doctor"}, env);
  CHECK(r.exit_code == 3);
  const auto endpoint = line_of(r.out, "endpoint");
  CHECK(endpoint.rfind("fail  endpoint: ", 0) == 0);
  CHECK(contains(endpoint, dead));
  CHECK(contains(endpoint, "-> check the network, proxy settings and --endpoint / OCIVANILLA_ENDPOINT"));
  CHECK(line_of(r.out, "clock").empty());
  CHECK(line_of(r.out, "identity") == "warn  identity: not checked: the endpoint is unreachable");
  CHECK(line_of(r.out, "plan").rfind("pass  ", 0) == 0);
}

TEST_CASE("doctor: TLS is verified, and an unknown CA fails with the fix")
{
  SimFixture sim(seed_scenario(0), SimOptions{true, {}});
  auto good = sim.cli({"doctor"}, good_env(sim));
  CHECK(good.exit_code == 0);
  CHECK(line_of(good.out, "endpoint") == "pass  endpoint: " + sim.url() + " reachable over TLS (certificate verified)");
  CHECK(line_of(good.out, "identity").rfind("pass  ", 0) == 0);

  auto env = good_env(sim);
  env["OCI_CLI_CERT_BUNDLE"] = ""; // removed: the simulator's self-signed CA is unknown
  auto bad = sim.cli({"doctor"}, env);
  CHECK(bad.exit_code == 3);
  const auto endpoint = line_of(bad.out, "endpoint");
  CHECK(endpoint.rfind("fail  endpoint: ", 0) == 0);
  CHECK(contains(endpoint,
                 "-> pass --cert-bundle (or OCI_CLI_CERT_BUNDLE) with the CA that signed the server's certificate"));
}

TEST_CASE("doctor: an invalid plan fails with its file and line")
{
  SimFixture sim;
  const auto plan = write_file(sim, "bad-plan.yaml", "version: 1\nbogus: 1\n");
  auto r = sim.cli({"doctor"}, {{"OCIVANILLA_PLAN", plan}});
  CHECK(r.exit_code == 3);
  CHECK(line_of(r.out, "plan") == "fail  plan: " + plan +
                                    ":2:1: unknown key 'bogus' -> run 'ocivanilla plan check' and fix "
                                    "the plan (docs/plan.md)");
  CHECK(line_of(r.out, "identity").rfind("pass  ", 0) == 0);
  CHECK(r.err == "ocivanilla: error: doctor: 1 check(s) failed\n");
}
