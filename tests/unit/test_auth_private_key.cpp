#include "ocivanilla/auth/private_key.hpp"

#include "support/temp_dir.hpp"
#include "support/test_keys.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

using namespace ocivanilla;
using ocivanilla::testing::read_text_file;

namespace {

using ocivanilla::testing::k_keys;
using ocivanilla::testing::k_passphrase;
using ocivanilla::testing::k_vectors;
constexpr const char* k_vector_fingerprint = "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7";

core::Result<auth::PrivateKey> load(const std::filesystem::path& path,
                                    std::optional<std::string> passphrase = std::nullopt)
{
  return auth::PrivateKey::from_pem(read_text_file(path), passphrase, path.string());
}

core::Error load_error(const std::filesystem::path& path, std::optional<std::string> passphrase = std::nullopt)
{
  auto key = load(path, passphrase);
  REQUIRE_FALSE(key.ok());
  return key.error();
}

} // namespace

TEST_CASE("every encoding of the official key loads to the same key", "[private_key]")
{
  const std::string file = GENERATE("key.pem", "keys/key.pkcs8.pem", "keys/key.pkcs8-with-label.pem",
                                    "keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  INFO(file);
  const bool encrypted = file.find("aes") != std::string::npos;
  auto key = load(k_vectors / file, encrypted ? std::optional<std::string>(k_passphrase) : std::nullopt);
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == k_vector_fingerprint);
  CHECK(key->public_key_pem() == read_text_file(k_vectors / "public.pem"));
}

TEST_CASE("a passphrase given for an unencrypted key is ignored", "[private_key]")
{
  auto key = load(k_vectors / "key.pem", std::string("not-needed"));
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == k_vector_fingerprint);
}

TEST_CASE("fingerprint is the MD5 of the DER SubjectPublicKeyInfo", "[private_key]")
{
  // Expected value from: openssl pkey -pubout -outform DER | openssl md5 -c
  auto key = load(k_keys / "test-rsa2048.pem");
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == "37:b4:94:80:f9:5e:fd:87:f4:09:c5:e4:9c:1a:87:5e");
  CHECK(key->public_key_pem() == read_text_file(k_keys / "test-rsa2048.public.pem"));
}

TEST_CASE("encrypted keys without a passphrase are an auth error naming the settings", "[private_key]")
{
  const std::string file = GENERATE("keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  const auto path = k_vectors / file;
  const auto missing = load_error(path);
  CHECK(missing.kind == core::ErrorKind::auth);
  CHECK(missing.message == path.string() + ": the private key is encrypted; set pass_phrase in the "
                                           "config profile or OCI_CLI_PASSPHRASE");
  const auto empty = load_error(path, std::string());
  CHECK(empty.message == missing.message);
}

TEST_CASE("a wrong passphrase is an auth error", "[private_key]")
{
  const std::string file = GENERATE("keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  const auto path = k_vectors / file;
  const auto error = load_error(path, std::string("wrong-passphrase"));
  CHECK(error.kind == core::ErrorKind::auth);
  CHECK(error.message == path.string() + ": cannot decrypt the private key: wrong passphrase");
}

TEST_CASE("EC and Ed25519 keys are refused: OCI API keys must be RSA", "[private_key]")
{
  CHECK(load_error(k_keys / "ec-p256.pem").message ==
        (k_keys / "ec-p256.pem").string() + ": not an RSA key (EC); OCI API keys must be RSA");
  CHECK(load_error(k_keys / "ec-p256.sec1.pem").message ==
        (k_keys / "ec-p256.sec1.pem").string() + ": not an RSA key (EC); OCI API keys must be RSA");
  const auto ed = load_error(k_keys / "ed25519.pem");
  CHECK(ed.kind == core::ErrorKind::config);
  CHECK(ed.message == (k_keys / "ed25519.pem").string() + ": not an RSA key (ED25519); OCI API keys must be RSA");
}

TEST_CASE("a public key given as the private key is a config error", "[private_key]")
{
  const auto error = load_error(k_vectors / "public.pem");
  CHECK(error.kind == core::ErrorKind::config);
  CHECK(error.message ==
        (k_vectors / "public.pem").string() + ": a public key was given; key_file must name the private key");
}

TEST_CASE("garbage is a config error", "[private_key]")
{
  const auto not_pem = load_error(k_keys / "not-pem.txt");
  CHECK(not_pem.kind == core::ErrorKind::config);
  CHECK(not_pem.message ==
        (k_keys / "not-pem.txt").string() + ": not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)");
  const auto corrupt = load_error(k_keys / "corrupt.pem");
  CHECK(corrupt.kind == core::ErrorKind::config);
  CHECK(corrupt.message ==
        (k_keys / "corrupt.pem").string() + ": not a valid PEM private key (the PEM data is corrupt)");
  auto empty = auth::PrivateKey::from_pem("", std::nullopt, "empty.pem");
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().message == "empty.pem: not a PEM private key (no -----BEGIN ... PRIVATE KEY----- line)");
}

TEST_CASE("generate_rsa makes a key that round-trips through its PKCS#8 PEM", "[private_key]")
{
  auto key = auth::PrivateKey::generate_rsa(2048);
  REQUIRE(key.ok());
  const std::string pem = key->private_key_pem();
  CHECK(pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
  auto again = auth::PrivateKey::from_pem(pem, std::nullopt, "generated");
  REQUIRE(again.ok());
  CHECK(again->fingerprint() == key->fingerprint());
  CHECK(again->public_key_pem() == key->public_key_pem());
  auto other = auth::PrivateKey::generate_rsa(2048);
  REQUIRE(other.ok());
  CHECK(other->fingerprint() != key->fingerprint());
  CHECK_FALSE(auth::PrivateKey::generate_rsa(512).ok());
}

TEST_CASE("sign_sha256_base64 matches openssl dgst -sha256 -sign", "[private_key]")
{
  auto key = load(k_vectors / "key.pem");
  REQUIRE(key.ok());
  auto sig = key->sign_sha256_base64(read_text_file(k_vectors / "get.signing-string.txt"));
  REQUIRE(sig.ok());
  CHECK(*sig == read_text_file(k_vectors / "get.expected-signature.txt"));
}

TEST_CASE("sha256_base64 is base64 of the raw digest", "[private_key]")
{
  CHECK(auth::sha256_base64("") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
  CHECK(auth::sha256_base64(read_text_file(k_vectors / "post.body.json")) ==
        read_text_file(k_vectors / "post.x-content-sha256.txt"));
}

TEST_CASE("the private key block is found after other PEM blocks", "[private_key]")
{
  const std::string both = read_text_file(k_vectors / "public.pem") + read_text_file(k_vectors / "key.pem");
  auto key = auth::PrivateKey::from_pem(both, std::nullopt, "both.pem");
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == k_vector_fingerprint);
  const std::string encrypted = "# a comment line\n" + read_text_file(k_vectors / "keys/key.pkcs1-aes128.pem");
  auto needs_passphrase = auth::PrivateKey::from_pem(encrypted, std::nullopt, "enc.pem");
  REQUIRE_FALSE(needs_passphrase.ok());
  CHECK(needs_passphrase.error().kind == core::ErrorKind::auth);
}
