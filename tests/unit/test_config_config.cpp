#include "ocivanilla/config/config.hpp"
#include "ocivanilla/config/file.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <vector>

using namespace ocivanilla;
using ocivanilla::testing::TempDir;

namespace {

constexpr const char* k_user = "ocid1.user.oc1..aaaaaaaauser";
constexpr const char* k_tenancy = "ocid1.tenancy.oc1..aaaaaaaatenancy";
constexpr const char* k_fp = "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7";

const std::string k_default_profile = std::string("[DEFAULT]\n") + "user=" + k_user + "\n" + "fingerprint=" + k_fp +
                                      "\n" + "tenancy=" + k_tenancy + "\n" + "region=us-ashburn-1\n" +
                                      "key_file=~/.oci/oci_api_key.pem\n";

struct Fixture {
  TempDir home;
  config::MapEnvironment env;
  config::ConfigFlags flags;

  Fixture() { env.set("HOME", home.path().string()); }

  std::string write_config(const std::string& text, const std::string& name = ".oci/config")
  {
    return home.write(name, text).string();
  }

  config::OciConfig load_ok()
  {
    auto cfg = config::load_config(flags, env);
    INFO((cfg.ok() ? std::string() : cfg.error().message));
    REQUIRE(cfg.ok());
    return std::move(cfg).value();
  }

  core::Error load_error()
  {
    auto cfg = config::load_config(flags, env);
    REQUIRE_FALSE(cfg.ok());
    CHECK(cfg.error().kind == core::ErrorKind::config);
    return cfg.error();
  }
};

} // namespace

TEST_CASE_METHOD(Fixture, "the DEFAULT profile of ~/.oci/config", "[config]")
{
  const auto path = write_config(k_default_profile);
  const auto cfg = load_ok();
  CHECK(cfg.config_file == path);
  CHECK(cfg.profile == "DEFAULT");
  CHECK(cfg.user == k_user);
  CHECK(cfg.tenancy == k_tenancy);
  CHECK(cfg.fingerprint == k_fp);
  CHECK(cfg.region == "us-ashburn-1");
  CHECK(cfg.key_file == home.path().string() + "/.oci/oci_api_key.pem");
  CHECK_FALSE(cfg.passphrase.has_value());
  CHECK_FALSE(cfg.security_token_file.has_value());
  CHECK(cfg.warnings.empty());
}

TEST_CASE_METHOD(Fixture, "a named profile falls back to DEFAULT and the flag beats OCI_CLI_PROFILE", "[config]")
{
  write_config(k_default_profile + "[dev]\nregion=eu-frankfurt-1\npass_phrase=secret\n"
                                   "[ops]\nregion=uk-london-1\n");
  env.set("OCI_CLI_PROFILE", "ops");
  auto cfg = load_ok();
  CHECK(cfg.profile == "ops");
  CHECK(cfg.region == "uk-london-1");
  CHECK(cfg.user == k_user);
  flags.profile = "dev";
  cfg = load_ok();
  CHECK(cfg.profile == "dev");
  CHECK(cfg.region == "eu-frankfurt-1");
  CHECK(cfg.passphrase == std::optional<std::string>("secret"));
  CHECK(cfg.tenancy == k_tenancy);
}

TEST_CASE_METHOD(Fixture, "no config file is a config error telling how to set one", "[config]")
{
  CHECK(load_error().message == "config file ~/.oci/config not found (set --config-file or OCI_CLI_CONFIG_FILE)");
  env.set("OCI_CLI_CONFIG_FILE", "/nonexistent/config");
  CHECK(load_error().message == "config file /nonexistent/config not found (OCI_CLI_CONFIG_FILE)");
  flags.config_file = "/other/config";
  CHECK(load_error().message == "config file /other/config not found (--config-file)");
}

TEST_CASE_METHOD(Fixture, "the config file flag beats OCI_CLI_CONFIG_FILE and ~/ is expanded", "[config]")
{
  write_config(k_default_profile + "[x]\nregion=ap-tokyo-1\n", "a/config");
  write_config(k_default_profile + "[x]\nregion=ap-osaka-1\n", "b/config");
  env.set("OCI_CLI_CONFIG_FILE", "~/a/config");
  flags.profile = "x";
  CHECK(load_ok().region == "ap-tokyo-1");
  flags.config_file = home.path().string() + "/b/config";
  const auto cfg = load_ok();
  CHECK(cfg.region == "ap-osaka-1");
  CHECK(cfg.config_file == home.path().string() + "/b/config");
}

TEST_CASE_METHOD(Fixture, "a missing profile is a config error listing the available ones", "[config]")
{
  const auto path = write_config(k_default_profile + "[dev]\nregion=iad\n");
  flags.profile = "prod";
  CHECK(load_error().message == "profile 'prod' not found in " + path + " (available: DEFAULT, dev)");
  write_config("# nothing\n");
  flags.profile.reset();
  CHECK(load_error().message == "profile 'DEFAULT' not found in " + path + " (available: none)");
}

TEST_CASE_METHOD(Fixture, "a missing required key names the key, profile and file", "[config]")
{
  const std::string key = GENERATE("user", "tenancy", "fingerprint", "key_file", "region");
  std::string text = k_default_profile;
  const auto at = text.find(key + "=");
  text.insert(at, "#"); // comment the key out
  const auto path = write_config(text + "[dev]\n" + key + "=\n");
  flags.profile = "dev";
  const std::string env_name = key == "key_file"  ? "OCI_CLI_KEY_FILE"
                               : key == "region"  ? "OCI_CLI_REGION"
                               : key == "user"    ? "OCI_CLI_USER"
                               : key == "tenancy" ? "OCI_CLI_TENANCY"
                                                  : "OCI_CLI_FINGERPRINT";
  const std::string hint = key == "region" ? "give --region or set " : "set ";
  CHECK(load_error().message == "missing '" + key + "' in profile 'dev' of " + path + " (or " + hint + env_name + ")");
}

TEST_CASE_METHOD(Fixture, "a session-token profile needs no user", "[config]")
{
  write_config("[session]\nfingerprint=" + std::string(k_fp) + "\ntenancy=" + k_tenancy +
               "\nregion=phx\nkey_file=~/.oci/sessions/s/oci_api_key.pem\n"
               "security_token_file=~/.oci/sessions/s/token\n");
  flags.profile = "session";
  const auto cfg = load_ok();
  CHECK(cfg.user.empty());
  CHECK(cfg.security_token_file == home.path().string() + "/.oci/sessions/s/token");
  CHECK(cfg.key_file == home.path().string() + "/.oci/sessions/s/oci_api_key.pem");
}

TEST_CASE_METHOD(Fixture, "region: --region beats OCI_CLI_REGION beats the file", "[config]")
{
  write_config(k_default_profile);
  env.set("OCI_CLI_REGION", "eu-zurich-1");
  CHECK(load_ok().region == "eu-zurich-1");
  flags.region = "sa-saopaulo-1";
  CHECK(load_ok().region == "sa-saopaulo-1");
}

TEST_CASE_METHOD(Fixture, "OCI_CLI_ variables override the profile and empty ones are ignored", "[config]")
{
  write_config(k_default_profile + "pass_phrase=from-file\n");
  env.set("OCI_CLI_USER", "ocid1.user.oc1..envuser");
  env.set("OCI_CLI_TENANCY", "ocid1.tenancy.oc1..envtenancy");
  env.set("OCI_CLI_FINGERPRINT", "");
  env.set("OCI_CLI_KEY_FILE", "/keys/env.pem");
  env.set("OCI_CLI_PASSPHRASE", " spaced secret ");
  const auto cfg = load_ok();
  CHECK(cfg.user == "ocid1.user.oc1..envuser");
  CHECK(cfg.tenancy == "ocid1.tenancy.oc1..envtenancy");
  CHECK(cfg.fingerprint == k_fp);
  CHECK(cfg.key_file == "/keys/env.pem");
  CHECK(cfg.passphrase == std::optional<std::string>(" spaced secret "));
  CHECK(cfg.warnings.empty());
}

TEST_CASE_METHOD(Fixture, "with everything in the environment no config file is needed", "[config]")
{
  env.set("OCI_CLI_USER", k_user);
  env.set("OCI_CLI_TENANCY", k_tenancy);
  env.set("OCI_CLI_FINGERPRINT", k_fp);
  env.set("OCI_CLI_KEY_FILE", "~/key.pem");
  CHECK(load_error().message == "config file ~/.oci/config not found (set --config-file or OCI_CLI_CONFIG_FILE)");
  flags.region = "iad";
  auto cfg = load_ok();
  CHECK(cfg.config_file.empty());
  CHECK(cfg.region == "iad");
  CHECK(cfg.key_file == home.path().string() + "/key.pem");
  flags.region.reset();
  env.set("OCI_CLI_REGION", "us-phoenix-1");
  cfg = load_ok();
  CHECK(cfg.region == "us-phoenix-1");
  CHECK(cfg.user == k_user);
}

TEST_CASE_METHOD(Fixture, "stray whitespace is trimmed with a warning", "[config]")
{
  const auto path = write_config("[DEFAULT]\nuser=" + std::string(k_user) + " \t\nfingerprint=" + k_fp +
                                 "\ntenancy=" + k_tenancy + "\nregion=iad\nkey_file=/k.pem\n");
  env.set("OCI_CLI_TENANCY", std::string(k_tenancy) + "\n");
  const auto cfg = load_ok();
  CHECK(cfg.user == k_user);
  CHECK(cfg.tenancy == k_tenancy);
  const std::vector<std::string> expected{path + ":2: stray whitespace removed from the value of 'user'",
                                          "OCI_CLI_TENANCY: stray whitespace removed from the value"};
  CHECK(cfg.warnings == expected);
}

TEST_CASE_METHOD(Fixture, "a malformed file is a config error with file and line", "[config]")
{
  const auto path = write_config("[DEFAULT]\nuser\n");
  CHECK(load_error().message == path + ":2: expected 'key = value' or '[PROFILE]', got 'user'");
}

TEST_CASE_METHOD(Fixture, "HOME is needed for ~/ paths", "[config]")
{
  env.unset("HOME");
  CHECK(load_error().message == "cannot expand '~/.oci/config': HOME is not set");
  auto plain = config::expand_home("/abs/~/x", env);
  REQUIRE(plain.ok());
  CHECK(*plain == "/abs/~/x");
  env.set("HOME", "/home/me/");
  CHECK(*config::expand_home("~", env) == "/home/me");
  CHECK(*config::expand_home("~/k.pem", env) == "/home/me/k.pem");
  CHECK(*config::expand_home("~other/k.pem", env) == "~other/k.pem");
}

TEST_CASE("read_file reports missing and unreadable files", "[config]")
{
  TempDir dir;
  const auto path = dir.write("f.txt", "a\nb");
  CHECK(*config::read_file(path.string(), "plan") == "a\nb");
  auto missing = config::read_file((dir.path() / "none").string(), "plan");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == core::ErrorKind::config);
  CHECK(missing.error().message == "plan " + (dir.path() / "none").string() + " not found");
  auto directory = config::read_file(dir.path().string(), "config file");
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().message == "config file " + dir.path().string() + " cannot be read: it is a directory");
}

TEST_CASE("environments: the process one and the map one", "[config]")
{
  ::setenv("OVL_TEST_ENVIRONMENT_VAR", "value 1", 1);
  config::ProcessEnvironment process;
  CHECK(process.get("OVL_TEST_ENVIRONMENT_VAR") == std::optional<std::string>("value 1"));
  ::unsetenv("OVL_TEST_ENVIRONMENT_VAR");
  CHECK_FALSE(process.get("OVL_TEST_ENVIRONMENT_VAR").has_value());
  config::MapEnvironment map(std::map<std::string, std::string, std::less<>>{{"A", "1"}});
  CHECK(map.get("A") == std::optional<std::string>("1"));
  map.set("B", "");
  CHECK(map.get("B") == std::optional<std::string>(""));
  map.unset("A");
  CHECK_FALSE(map.get("A").has_value());
}
