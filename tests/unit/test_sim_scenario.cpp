#include "options.hpp"
#include "scenario.hpp"
#include "server.hpp"
#include "simulator.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <cstdlib>

using namespace ocivanilla;

namespace {

const std::string k_seed = std::string(OVL_SOURCE_DIR) + "/config/sim/seed-tenancy.yaml";

std::string minimal(const std::string& extra)
{
  return "tenancyId: t\nregion: eu-frankfurt-1\navailabilityDomains:\n  - {name: AD-1, shapes: [VM.Standard.A1.Flex]}\n" +
         extra;
}

std::string parse_error(const std::string& text)
{
  auto scenario = sim::parse_scenario(text, "s.yaml", "/");
  REQUIRE_FALSE(scenario.ok());
  return scenario.error().message;
}

} // namespace

TEST_CASE("sim scenario: the seed tenancy matches the seed document")
{
  auto scenario = sim::parse_scenario(testing::read_text_file(k_seed), k_seed,
                                      std::string(OVL_SOURCE_DIR) + "/config/sim");
  REQUIRE(scenario.ok());
  CHECK(scenario->availability_domains.size() == 3);
  const auto& ad3 = scenario->availability_domains[2].shapes;
  CHECK(std::find(ad3.begin(), ad3.end(), "VM.Standard.A1.Flex") == ad3.end());
  CHECK(scenario->images.size() == 12);
  CHECK(scenario->subnets.size() == 2);
  CHECK(scenario->limits.a1_ocpus == 4);
  CHECK(scenario->limits.a1_memory_gb == 24);
  REQUIRE(scenario->instances.size() == 4);
  std::vector<std::string> names;
  for (const auto& instance : scenario->instances) {
    names.push_back(instance.display_name);
    CHECK(instance.shape == "VM.Standard.A1.Flex");
    CHECK(instance.ocpus == 1.0);
    CHECK(instance.memory_gb == 6.0);
    CHECK(instance.lifecycle_state == "RUNNING");
  }
  CHECK(names == std::vector<std::string>{"tamara-deployment-server", "ubuntu-vanilla-test",
                                          "purelabsourcing-ubuntu-arm64", "purelabsourcing-ubuntu-arm64"});
  const core::SystemClock clock;
  auto sim = sim::Simulator::create(std::move(*scenario), {}, clock, k_seed);
  REQUIRE(sim.ok());
}

TEST_CASE("sim scenario: errors name the file and line")
{
  CHECK(parse_error(minimal("colour: red\n")) == "s.yaml:5: unknown key 'colour'");
  CHECK(parse_error(minimal("images:\n  - {id: i, displayName: d, operatingSystem: o, operatingSystemVersion: v, "
                            "arch: arm, timeCreated: 2026-01-01T00:00:00Z}\n")) ==
        "s.yaml:6: images[0].arch must be aarch64 or x86_64, got 'arm'");
  CHECK(parse_error(minimal("limits: {a1Ocpus: four}\n")) == "s.yaml:5: limits.a1Ocpus must be a number, got 'four'");
  CHECK(parse_error(minimal("faults:\n  - {type: delay}\n")) ==
        "s.yaml:6: faults[0].milliseconds is required for a delay (0..600000)");
  CHECK(parse_error("tenancyId: t\nregion: r\n") == "s.yaml:1: availabilityDomains is required and must not be empty");
  CHECK(parse_error("tenancyId: [\n").rfind("s.yaml:2: ", 0) == 0);
  CHECK(parse_error(minimal("keys:\n  - {keyId: k, publicKeyFile: missing.pem}\n")) ==
        "s.yaml:6: cannot read /missing.pem");
}

TEST_CASE("sim scenario: instance references are checked when the simulator is created")
{
  auto scenario = sim::parse_scenario(minimal("instances:\n  - {displayName: a}\n"), "s.yaml", "/");
  REQUIRE(scenario.ok());
  const core::SystemClock clock;
  auto sim = sim::Simulator::create(std::move(*scenario), {}, clock, "s.yaml");
  REQUIRE_FALSE(sim.ok());
  CHECK(sim.error().message == "s.yaml:6: instances[0]: imageId '' is not an image of the scenario");
}

TEST_CASE("sim options: flags are parsed and checked")
{
  auto ok = sim::parse_sim_options(
    {"--scenario", "s.yaml", "--port=8080", "--trust-key", "ST$abc=k.pem", "--log", "l"});
  REQUIRE(ok.ok());
  CHECK(ok->port == 8080);
  REQUIRE(ok->trust_keys.size() == 1);
  CHECK(ok->trust_keys[0].first == "ST$abc");
  CHECK(ok->trust_keys[0].second == "k.pem");
  CHECK(sim::parse_sim_options({"--port", "0"}).error().message == "--scenario FILE is required");
  CHECK(sim::parse_sim_options({"--scenario", "s", "--port", "x"}).error().message ==
        "--port must be 0..65535, got 'x'");
  CHECK(sim::parse_sim_options({"--scenario", "s", "--tls-cert", "c"}).error().message ==
        "--tls-cert and --tls-key must be given together");
  CHECK(sim::parse_sim_options({"--scenario", "s", "--colour", "red"}).error().message == "unknown option '--colour'");
  CHECK(sim::parse_sim_options({"--scenario", "s", "--trust-key", "nokey"}).error().message ==
        "--trust-key must be KEYID=PUBLIC_PEM_FILE, got 'nokey'");
}

TEST_CASE("sim server: refuses non-loopback hosts")
{
  auto scenario = sim::parse_scenario(minimal(""), "s.yaml", "/");
  REQUIRE(scenario.ok());
  const core::SystemClock clock;
  auto sim = sim::Simulator::create(std::move(*scenario), {}, clock, "s.yaml");
  REQUIRE(sim.ok());
  sim::SimServer server(**sim, sim::ServerOptions{"0.0.0.0", 0, "", ""});
  CHECK(server.bind().error().message == "--host '0.0.0.0' is not a loopback address (127.0.0.0/8, ::1, localhost)");
}

TEST_CASE("sim server: HTTPS works with the right CA and fails without it")
{
  testing::TempDir dir;
  const auto cert = dir.path() / "cert.pem";
  const auto key = dir.path() / "key.pem";
  const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                              "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
                              key.string() + "' -out '" + cert.string() + "' > /dev/null 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  auto scenario = sim::parse_scenario(minimal(""), "s.yaml", "/");
  REQUIRE(scenario.ok());
  const core::SystemClock clock;
  auto sim = sim::Simulator::create(std::move(*scenario), {}, clock, "s.yaml");
  REQUIRE(sim.ok());
  sim::SimServer server(**sim, sim::ServerOptions{"127.0.0.1", 0, cert.string(), key.string()});
  auto port = server.bind();
  REQUIRE(port.ok());
  CHECK(server.base_url() == "https://127.0.0.1:" + std::to_string(*port));
  server.start();

  httplib::SSLClient trusted("127.0.0.1", *port);
  trusted.set_ca_cert_path(cert.string());
  trusted.enable_server_certificate_verification(true);
  auto ok = trusted.Get("/_sim/clock");
  REQUIRE(ok);
  CHECK(ok->status == 200);

  httplib::SSLClient untrusted("127.0.0.1", *port);
  untrusted.enable_server_certificate_verification(true);
  auto refused = untrusted.Get("/_sim/clock");
  CHECK_FALSE(refused);
  CHECK(refused.error() == httplib::Error::SSLServerVerification);
}
