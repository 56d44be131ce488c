// Issue 2 through the binary: the config file, profiles, keys and the settings precedence
// (flag > environment > file). Local failures must not send a single request.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

using ocivanilla::testing::has;
using ocivanilla::testing::read_text_file;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::write_file;

namespace {

constexpr const char* k_vector_fingerprint = "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7";
constexpr const char* k_vector_user = "ocid1.user.oc1..aaaaaaaavectorkeyuser";

std::string vector_file(const std::string& name)
{
  return std::string(OVL_SHARED_DIR) + "/oci/signing-vectors/" + name;
}

// One [NAME] section with the API-key settings.
std::string profile(const std::string& name, const std::string& fingerprint, const std::string& key_file,
                    const std::string& tenancy, const std::string& region, const std::string& user = k_vector_user)
{
  return "[" + name + "]\nuser=" + user + "\nfingerprint=" + fingerprint + "\nkey_file=" + key_file +
         "\ntenancy=" + tenancy + "\nregion=" + region + "\n";
}

// A value of the fixture's own ~/.oci/config (its DEFAULT profile).
std::string fixture_setting(const SimFixture& sim, const std::string& key)
{
  const auto text = read_text_file(sim.home() / ".oci/config");
  const auto start = text.find("\n" + key + "=");
  REQUIRE(start != std::string::npos);
  const auto value = start + key.size() + 2;
  return text.substr(value, text.find('\n', value) - value);
}

// The seed scenario that also trusts the signing-vector key under a keyId with its real fingerprint.
YAML::Node scenario_trusting_vector_key()
{
  auto scenario = seed_scenario();
  YAML::Node key;
  key["keyId"] = scenario["tenancyId"].as<std::string>() + "/" + k_vector_user + "/" + k_vector_fingerprint;
  key["publicKeyPem"] = read_text_file(vector_file("public.pem"));
  scenario["keys"].push_back(key);
  return scenario;
}

// Writes a config whose DEFAULT profile uses the encrypted PKCS#8 vector key copied into the workspace.
std::string encrypted_key_config(const SimFixture& sim)
{
  const auto key = write_file(sim, "keys/key.pkcs8-aes256.pem",
                              read_text_file(vector_file("keys/key.pkcs8-aes256.pem")));
  return write_file(sim, "encrypted.config",
                    profile("DEFAULT", k_vector_fingerprint, key, sim.tenancy(), "eu-frankfurt-1"));
}

} // namespace

TEST_CASE("config: a missing config file named by OCI_CLI_CONFIG_FILE is exit 3 and sends nothing")
{
  SimFixture sim;
  const auto missing = (sim.dir().path() / "nowhere/config").string();
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", missing}});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "ocivanilla: error: config file " + missing + " not found (OCI_CLI_CONFIG_FILE)\n");
  CHECK(r.out.empty());
  CHECK(sim.requests().empty());
}

TEST_CASE("config: no ~/.oci/config and no variables is exit 3 naming the default path")
{
  SimFixture sim;
  std::filesystem::remove(sim.home() / ".oci/config");
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", ""}});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "ocivanilla: error: config file ~/.oci/config not found (set --config-file or OCI_CLI_CONFIG_FILE)\n");
  CHECK(sim.requests().empty());
}

TEST_CASE("config: an unknown profile is exit 3 listing the available ones")
{
  SimFixture sim;
  auto r = sim.cli({"--profile", "STAGING", "list"});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "ocivanilla: error: profile 'STAGING' not found in " + (sim.home() / ".oci/config").string() +
                   " (available: DEFAULT)\n");
  CHECK(sim.requests().empty());
}

TEST_CASE("config: a missing key file is exit 3 naming the file")
{
  SimFixture sim;
  const auto missing_key = (sim.dir().path() / "keys/absent.pem").string();
  const auto config = write_file(
    sim, "c.config", profile("DEFAULT", k_vector_fingerprint, missing_key, sim.tenancy(), "eu-frankfurt-1"));
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "ocivanilla: error: key file " + missing_key + " not found\n");
  CHECK(sim.requests().empty());
}

TEST_CASE("config: an encrypted key without a passphrase is exit 4 and says where to put one")
{
  SimFixture sim;
  const auto config = encrypted_key_config(sim);
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}});
  CHECK(r.exit_code == 4);
  CHECK(has(r.err, "keys/key.pkcs8-aes256.pem: the private key is encrypted; set pass_phrase in the config "
                   "profile or OCI_CLI_PASSPHRASE"));
  CHECK(r.out.empty());
  CHECK(sim.requests().empty());
}

TEST_CASE("config: a wrong OCI_CLI_PASSPHRASE is exit 4, the right one signs requests the simulator accepts")
{
  SimFixture sim(scenario_trusting_vector_key());
  const auto config = encrypted_key_config(sim);
  auto wrong = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}, {"OCI_CLI_PASSPHRASE", "not-the-passphrase"}});
  CHECK(wrong.exit_code == 4);
  CHECK(has(wrong.err, "key.pkcs8-aes256.pem: cannot decrypt the private key: wrong passphrase"));
  CHECK(sim.requests().empty());

  auto right = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}, {"OCI_CLI_PASSPHRASE", "oci-test-passphrase"}});
  CHECK(right.exit_code == 0);
  CHECK(has(right.out, "tamara-deployment-server"));
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["status"] == 200);
  CHECK(requests[0]["keyId"] == sim.tenancy() + "/" + k_vector_user + "/" + k_vector_fingerprint);
}

TEST_CASE("config: an EC key is refused (OCI API keys are RSA) before any request")
{
  SimFixture sim;
  const auto key = sim.dir().path() / "keys/ec.pem";
  std::filesystem::create_directories(key.parent_path());
  const std::string cmd = "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out '" + key.string() +
                          "' >/dev/null 2>&1 && chmod 600 '" + key.string() + "'";
  REQUIRE(std::system(cmd.c_str()) == 0);
  const auto config = write_file(
    sim, "c.config", profile("DEFAULT", k_vector_fingerprint, key.string(), sim.tenancy(), "eu-frankfurt-1"));
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "ocivanilla: error: " + key.string() + ": not an RSA key (EC); OCI API keys must be RSA\n");
  CHECK(sim.requests().empty());
}

TEST_CASE("config: a garbage PEM key file is exit 3 naming the file")
{
  SimFixture sim;
  const auto key = write_file(sim, "keys/garbage.pem",
                              "-----BEGIN PRIVATE KEY-----\nthis is not base64 at all!\n-----END PRIVATE KEY-----\n");
  const auto config = write_file(sim, "c.config",
                                 profile("DEFAULT", k_vector_fingerprint, key, sim.tenancy(), "eu-frankfurt-1"));
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}});
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, "ocivanilla: error: " + key + ": not a valid PEM private key"));
  CHECK(sim.requests().empty());
}

TEST_CASE("config: a fingerprint that does not match the key is exit 3 showing both")
{
  SimFixture sim;
  const auto key = write_file(sim, "keys/vector.pem", read_text_file(vector_file("key.pem")));
  const std::string wrong = "00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd:ee:ff";
  const auto config = write_file(sim, "c.config", profile("DEFAULT", wrong, key, sim.tenancy(), "eu-frankfurt-1"));
  auto r = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}});
  CHECK(r.exit_code == 3);
  CHECK(r.err == "ocivanilla: error: fingerprint mismatch: the config says " + wrong + " but key file " + key +
                   " has " + k_vector_fingerprint + "\n");
  CHECK(sim.requests().empty());
}

TEST_CASE("config: an unknown region without --endpoint is exit 3")
{
  SimFixture sim;
  auto r = sim.cli({"--region", "mars-north-1", "list"}, {{"OCIVANILLA_ENDPOINT", ""}});
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, "ocivanilla: error: unknown region 'mars-north-1' (known: us-ashburn-1, "));
  CHECK(sim.requests().empty());
}

TEST_CASE("config: region precedence is --region > OCI_CLI_REGION > the profile")
{
  // Unknown region names show which source won without sending anything anywhere.
  SimFixture sim;
  const auto key = fixture_setting(sim, "key_file");
  const auto config = write_file(
    sim, "c.config", profile("DEFAULT", fixture_setting(sim, "fingerprint"), key, sim.tenancy(), "file-region-1"));
  const std::map<std::string, std::string> no_endpoint = {{"OCI_CLI_CONFIG_FILE", config}, {"OCIVANILLA_ENDPOINT", ""}};
  auto file_only = sim.cli({"list"}, no_endpoint);
  CHECK(file_only.exit_code == 3);
  CHECK(has(file_only.err, "unknown region 'file-region-1'"));

  auto with_env = no_endpoint;
  with_env["OCI_CLI_REGION"] = "env-region-1";
  auto env_wins = sim.cli({"list"}, with_env);
  CHECK(env_wins.exit_code == 3);
  CHECK(has(env_wins.err, "unknown region 'env-region-1'"));

  auto flag_wins = sim.cli({"list", "--region", "flag-region-1"}, with_env);
  CHECK(flag_wins.exit_code == 3);
  CHECK(has(flag_wins.err, "unknown region 'flag-region-1'"));
  CHECK(sim.requests().empty());
}

TEST_CASE("config: --profile beats OCI_CLI_PROFILE, which beats DEFAULT, profiles inherit from DEFAULT")
{
  SimFixture sim;
  const auto original = read_text_file(sim.home() / ".oci/config");
  const auto broken_key = (sim.dir().path() / "keys/broken-profile.pem").string();
  // GOOD only overrides nothing (inherits every DEFAULT key); BROKEN points at a missing key.
  const auto config = write_file(sim, "profiles.config", original + "[GOOD]\n[BROKEN]\nkey_file=" + broken_key + "\n");
  auto env_profile = sim.cli({"list"}, {{"OCI_CLI_CONFIG_FILE", config}, {"OCI_CLI_PROFILE", "BROKEN"}});
  CHECK(env_profile.exit_code == 3);
  CHECK(has(env_profile.err, "key file " + broken_key + " not found"));
  CHECK(sim.requests().empty());

  auto flag_profile = sim.cli({"--profile", "GOOD", "list"},
                              {{"OCI_CLI_CONFIG_FILE", config}, {"OCI_CLI_PROFILE", "BROKEN"}});
  CHECK(flag_profile.exit_code == 0);
  CHECK(has(flag_profile.out, "tamara-deployment-server"));
  CHECK(sim.requests().size() == 1);
}

TEST_CASE("config: --config-file beats OCI_CLI_CONFIG_FILE")
{
  SimFixture sim;
  const auto missing = (sim.dir().path() / "missing.config").string();
  auto r = sim.cli({"--config-file", (sim.home() / ".oci/config").string(), "list"},
                   {{"OCI_CLI_CONFIG_FILE", missing}});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "ubuntu-vanilla-test"));
}

TEST_CASE("config: the whole configuration from OCI_CLI_* variables, without any config file")
{
  SimFixture sim;
  const std::map<std::string, std::string> env = {
    {"OCI_CLI_USER", fixture_setting(sim, "user")},
    {"OCI_CLI_TENANCY", fixture_setting(sim, "tenancy")},
    {"OCI_CLI_FINGERPRINT", fixture_setting(sim, "fingerprint")},
    {"OCI_CLI_KEY_FILE", fixture_setting(sim, "key_file")},
    {"OCI_CLI_REGION", "eu-frankfurt-1"},
    {"OCI_CLI_CONFIG_FILE", ""},
  };
  const std::string key_id = env.at("OCI_CLI_TENANCY") + "/" + env.at("OCI_CLI_USER") + "/" +
                             env.at("OCI_CLI_FINGERPRINT");
  std::filesystem::remove(sim.home() / ".oci/config");
  auto r = sim.cli({"list", "-o", "json"}, env);
  CHECK(r.exit_code == 0);
  CHECK(r.err.empty());
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["data"].size() == 4);
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["keyId"] == key_id);
}

TEST_CASE("config: OCI_CLI_* variables override the profile's values")
{
  SimFixture sim;
  const auto broken_key = (sim.dir().path() / "keys/env-override.pem").string();
  auto r = sim.cli({"list"}, {{"OCI_CLI_KEY_FILE", broken_key}});
  CHECK(r.exit_code == 3);
  CHECK(has(r.err, "key file " + broken_key + " not found"));
  CHECK(sim.requests().empty());
}

TEST_CASE("config: a key file readable by the group gets a warning on stderr, and the command still works")
{
  SimFixture sim;
  const auto key = fixture_setting(sim, "key_file");
  std::filesystem::permissions(key, std::filesystem::perms::group_read, std::filesystem::perm_options::add);
  auto r = sim.cli({"list"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.err, "ocivanilla: warning: " + key + ": key file is readable by others; run chmod 600 " + key));
  CHECK(has(r.out, "tamara-deployment-server"));
  CHECK_FALSE(has(r.out, "warning"));

  std::filesystem::permissions(key, std::filesystem::perms::group_read, std::filesystem::perm_options::remove);
  auto quiet = sim.cli({"list"});
  CHECK(quiet.exit_code == 0);
  CHECK(quiet.err.empty());
}
