#include "ocivanilla/auth/api_key_provider.hpp"

#include "support/temp_dir.hpp"
#include "support/test_keys.hpp"

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace ocivanilla;
using ocivanilla::testing::read_text_file;
using ocivanilla::testing::TempDir;
namespace fs = std::filesystem;

namespace {

using ocivanilla::testing::k_vectors;
constexpr const char* k_fingerprint = "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7";
constexpr const char* k_tenancy = "ocid1.tenancy.oc1..aaaaaaaaexampletenancy";
constexpr const char* k_user = "ocid1.user.oc1..aaaaaaaaexampleuser";

struct Fixture {
  TempDir dir;
  std::vector<std::string> warnings;
  auth::WarnSink warn = [this](const std::string& w) { warnings.push_back(w); };

  auth::ApiKeySettings settings(const std::string& key_name = "key.pem",
                                fs::perms perms = fs::perms::owner_read | fs::perms::owner_write)
  {
    const auto key = dir.write(key_name, read_text_file(k_vectors / "key.pem"), perms);
    return auth::ApiKeySettings{k_tenancy, k_user, k_fingerprint, key.string(), std::nullopt, std::nullopt};
  }

  core::Error failure(const auth::ApiKeySettings& s)
  {
    auto provider = auth::make_api_key_provider(s, warn);
    REQUIRE_FALSE(provider.ok());
    return provider.error();
  }
};

} // namespace

TEST_CASE_METHOD(Fixture, "an API key gives keyId tenancy/user/fingerprint and the loaded key", "[api_key_provider]")
{
  auto s = settings();
  s.fingerprint = " 73:61:A2:21:67:E0:DF:BE:7E:4B:93:1E:15:98:A5:B7\n";
  auto provider = auth::make_api_key_provider(s, warn);
  REQUIRE(provider.ok());
  auto creds = (*provider)->credentials();
  REQUIRE(creds.ok());
  CHECK(creds->key_id == std::string(k_tenancy) + "/" + k_user + "/" + k_fingerprint);
  REQUIRE(creds->key != nullptr);
  CHECK(creds->key->fingerprint() == k_fingerprint);
  CHECK(warnings.empty());
  CHECK_FALSE((*provider)->refresh());
}

TEST_CASE_METHOD(Fixture, "a missing key file is a config error naming the path", "[api_key_provider]")
{
  auto s = settings();
  s.key_file = (dir.path() / "nope.pem").string();
  const auto error = failure(s);
  CHECK(error.kind == core::ErrorKind::config);
  CHECK(error.message == "key file " + s.key_file + " not found");
}

TEST_CASE_METHOD(Fixture, "an unreadable key file is a config error", "[api_key_provider]")
{
  auto s = settings();
  s.key_file = dir.path().string();
  const auto error = failure(s);
  CHECK(error.kind == core::ErrorKind::config);
  CHECK(error.message == "key file " + s.key_file + " cannot be read: it is a directory");
  if (::geteuid() != 0) { // root reads mode-000 files, so this variant needs a normal user
    auto locked = settings("locked.pem", fs::perms::none);
    CHECK(failure(locked).message == "key file " + locked.key_file + " cannot be read: Permission denied");
  }
}

TEST_CASE_METHOD(Fixture, "a key file readable by group or others gives a warning", "[api_key_provider]")
{
  const auto perms = GENERATE(fs::perms::group_read, fs::perms::others_read);
  auto s = settings("shared.pem", fs::perms::owner_read | fs::perms::owner_write | perms);
  auto provider = auth::make_api_key_provider(s, warn);
  REQUIRE(provider.ok());
  const std::vector<std::string> expected{s.key_file + ": key file is readable by others; run chmod 600 " + s.key_file};
  CHECK(warnings == expected);
}

TEST_CASE_METHOD(Fixture, "a fingerprint that differs from the key's is a config error naming both",
                 "[api_key_provider]")
{
  auto s = settings();
  s.fingerprint = "20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:4e:c5:3a:34";
  const auto error = failure(s);
  CHECK(error.kind == core::ErrorKind::config);
  CHECK(error.message == "fingerprint mismatch: the config says 20:3b:97:13:55:1c:5b:0d:d3:37:d8:50:"
                         "4e:c5:3a:34 but key file " +
                           s.key_file + " has " + k_fingerprint);
}

TEST_CASE_METHOD(Fixture, "key errors pass through: encrypted key without passphrase, wrong one", "[api_key_provider]")
{
  const auto key = dir.write("enc.pem", read_text_file(k_vectors / "keys/key.pkcs8-aes256.pem"));
  auth::ApiKeySettings s{k_tenancy, k_user, k_fingerprint, key.string(), std::nullopt, std::nullopt};
  const auto missing = failure(s);
  CHECK(missing.kind == core::ErrorKind::auth);
  CHECK(missing.message == key.string() + ": the private key is encrypted; set pass_phrase in the "
                                          "config profile or OCI_CLI_PASSPHRASE");
  s.passphrase = "wrong";
  CHECK(failure(s).message == key.string() + ": cannot decrypt the private key: wrong passphrase");
  s.passphrase = "oci-test-passphrase";
  CHECK(auth::make_api_key_provider(s, warn).ok());
}

TEST_CASE_METHOD(Fixture, "a security token file gives a session keyId and refresh re-reads it", "[api_key_provider]")
{
  auto s = settings();
  s.user.clear();
  s.security_token_file = dir.write("token", "  eyJ.first.token\n").string();
  auto provider = auth::make_api_key_provider(s, warn);
  REQUIRE(provider.ok());
  auto creds = (*provider)->credentials();
  REQUIRE(creds.ok());
  CHECK(creds->key_id == "ST$eyJ.first.token");
  CHECK_FALSE((*provider)->refresh());
  dir.write("token", "eyJ.second.token");
  CHECK((*provider)->refresh());
  CHECK((*provider)->credentials()->key_id == "ST$eyJ.second.token");
}

TEST_CASE_METHOD(Fixture, "a missing or empty security token file is a config error", "[api_key_provider]")
{
  auto s = settings();
  s.security_token_file = (dir.path() / "token").string();
  CHECK(failure(s).message == "security token file " + *s.security_token_file + " not found");
  dir.write("token", " \n");
  const auto empty = failure(s);
  CHECK(empty.kind == core::ErrorKind::config);
  CHECK(empty.message == "security token file " + *s.security_token_file + " is empty");
}
