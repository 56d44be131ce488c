// PrivateKey against OpenSSL's own generic code: from_pem reads unencrypted RSA keys through a
// narrowed decoder and fingerprint() builds the SubjectPublicKeyInfo DER by hand (start-up time,
// docs/PERFORMANCE.md); both must give exactly what PEM_read_bio_PrivateKey and i2d_PUBKEY give.
#include "ocivanilla/auth/private_key.hpp"

#include "support/temp_dir.hpp"
#include "support/test_keys.hpp"

#include <catch2/catch.hpp>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

using namespace ocivanilla;
using ocivanilla::testing::read_text_file;

namespace {

using ocivanilla::testing::k_keys;
using ocivanilla::testing::k_passphrase;
using ocivanilla::testing::k_vectors;
constexpr const char* k_message = "(request-target): get /20160918/instances\nhost: example";

struct PkeyFree {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const { BIO_free_all(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;
using Bio = std::unique_ptr<BIO, BioFree>;

Bio mem_bio(const std::string& text)
{
  return Bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

std::string bio_text(BIO* bio)
{
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(len));
}

// Never prompts: no passphrase means decryption fails.
int passphrase_cb(char* buf, int size, int /*rwflag*/, void* userdata)
{
  const auto* pass = static_cast<const std::string*>(userdata);
  if (pass == nullptr || pass->size() > static_cast<std::size_t>(size)) {
    return 0;
  }
  std::memcpy(buf, pass->data(), pass->size());
  return static_cast<int>(pass->size());
}

// OpenSSL's generic reader: what from_pem did for every key before its fast path.
Pkey generic_read(const std::string& pem, std::optional<std::string> passphrase = std::nullopt)
{
  Bio bio = mem_bio(pem);
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, passphrase_cb, passphrase ? &*passphrase : nullptr));
  return key;
}

std::string public_pem(EVP_PKEY* key)
{
  Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio_PUBKEY(bio.get(), key) == 1);
  return bio_text(bio.get());
}

std::string private_pem(EVP_PKEY* key, bool pkcs1)
{
  Bio bio(BIO_new(BIO_s_mem()));
  const int ok = pkcs1 ? PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr)
                       : PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  REQUIRE(ok == 1);
  return bio_text(bio.get());
}

// A PEM block of arbitrary DER under an arbitrary name.
std::string pem_block(const char* name, const std::vector<unsigned char>& der)
{
  Bio bio(BIO_new(BIO_s_mem()));
  REQUIRE(PEM_write_bio(bio.get(), name, "", der.data(), static_cast<long>(der.size())) > 0);
  return bio_text(bio.get());
}

std::vector<unsigned char> bytes(const std::string& text)
{
  return std::vector<unsigned char>(text.begin(), text.end());
}

std::vector<unsigned char> spki_der(const std::string& public_key_pem)
{
  Bio bio = mem_bio(public_key_pem);
  Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  REQUIRE(key);
  unsigned char* der = nullptr;
  const int len = i2d_PUBKEY(key.get(), &der);
  REQUIRE(len > 0);
  std::vector<unsigned char> out(der, der + len);
  OPENSSL_free(der);
  return out;
}

// The fingerprint as from_pem computed it before: MD5 of i2d_PUBKEY, "aa:bb:...".
std::string reference_fingerprint(const std::vector<unsigned char>& der)
{
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int md_len = 0;
  REQUIRE(EVP_Digest(der.data(), der.size(), md, &md_len, EVP_md5(), nullptr) == 1);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < md_len; ++i) {
    out += i > 0 ? ":" : "";
    out += k_hex[md[i] >> 4];
    out += k_hex[md[i] & 0x0f];
  }
  return out;
}

bool verifies(EVP_PKEY* key, const std::string& data, const std::string& signature_base64)
{
  std::vector<unsigned char> sig(signature_base64.size());
  const auto* text = reinterpret_cast<const unsigned char*>(signature_base64.data());
  int len = EVP_DecodeBlock(sig.data(), text, static_cast<int>(signature_base64.size()));
  for (auto it = signature_base64.rbegin(); it != signature_base64.rend() && *it == '='; ++it) {
    --len;
  }
  if (len <= 0) {
    return false;
  }
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  return EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) == 1 &&
         EVP_DigestVerify(ctx.get(), sig.data(), static_cast<std::size_t>(len),
                          reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1;
}

Pkey keygen_rsa(int bits, unsigned long exponent, const char* type = "RSA")
{
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr),
                                                                  EVP_PKEY_CTX_free);
  std::unique_ptr<BIGNUM, decltype(&BN_free)> e(BN_new(), BN_free);
  EVP_PKEY* raw = nullptr;
  REQUIRE((ctx && e && BN_set_word(e.get(), exponent) == 1 && EVP_PKEY_keygen_init(ctx.get()) == 1 &&
           EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), bits) == 1 &&
           EVP_PKEY_CTX_set1_rsa_keygen_pubexp(ctx.get(), e.get()) == 1 && EVP_PKEY_generate(ctx.get(), &raw) == 1));
  return Pkey(raw);
}

// from_pem must accept exactly what the generic reader reads as RSA, and load the same key.
void check_same_as_generic(const std::string& pem, const std::optional<std::string>& passphrase = std::nullopt)
{
  Pkey generic = generic_read(pem, passphrase);
  const bool generic_rsa = generic && EVP_PKEY_get_base_id(generic.get()) == EVP_PKEY_RSA;
  auto key = auth::PrivateKey::from_pem(pem, passphrase, "test.pem");
  CHECK(key.ok() == generic_rsa);
  if (!key.ok() || !generic_rsa) {
    return;
  }
  CHECK(key->public_key_pem() == public_pem(generic.get()));
  CHECK(key->fingerprint() == reference_fingerprint(spki_der(public_pem(generic.get()))));
  auto sig = key->sign_sha256_base64(k_message);
  REQUIRE(sig.ok());
  CHECK(verifies(generic.get(), k_message, *sig));
  CHECK_FALSE(verifies(generic.get(), std::string(k_message) + "x", *sig));
}

std::string error_message(const std::string& pem, std::optional<std::string> passphrase = std::nullopt)
{
  auto key = auth::PrivateKey::from_pem(pem, passphrase, "test.pem");
  REQUIRE_FALSE(key.ok());
  return key.error().message;
}

} // namespace

TEST_CASE("fingerprint equals MD5 of i2d_PUBKEY for the official key in every encoding", "[private_key]")
{
  const std::string file = GENERATE("key.pem", "keys/key.pkcs8.pem", "keys/key.pkcs8-with-label.pem",
                                    "keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  INFO(file);
  const bool encrypted = file.find("aes") != std::string::npos;
  auto key = auth::PrivateKey::from_pem(read_text_file(k_vectors / file),
                                        encrypted ? std::optional<std::string>(k_passphrase) : std::nullopt, file);
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == reference_fingerprint(spki_der(key->public_key_pem())));
  CHECK(key->fingerprint() == "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7");
}

TEST_CASE("fingerprint equals MD5 of i2d_PUBKEY for generated keys of many sizes", "[private_key]")
{
  // Up to 1536 bits: one-byte long-form lengths (0x81); from 2033 bits two bytes (0x82). 2033 bits
  // gives a 255-byte modulus (0x81 0xff), 2040 a 256-byte INTEGER with a leading 0x00 (0x82),
  // odd sizes a modulus whose top bit is clear (no leading 0x00).
  const int bits = GENERATE(1024, 1025, 1031, 1536, 2033, 2040, 2047, 2048, 3072, 4096);
  INFO(bits);
  auto key = auth::PrivateKey::generate_rsa(bits);
  REQUIRE(key.ok());
  const auto der = spki_der(key->public_key_pem());
  CHECK(der[1] == (bits > 1536 ? 0x82 : 0x81));
  CHECK(key->fingerprint() == reference_fingerprint(der));
}

TEST_CASE("fingerprint encodes public exponents other than 65537", "[private_key]")
{
  // 3 is a one-byte INTEGER; 0xc0000001 has its top bit set and needs a leading 0x00.
  const unsigned long exponent = GENERATE(3UL, 0xc0000001UL);
  INFO(exponent);
  Pkey generated = keygen_rsa(1024, exponent);
  auto key = auth::PrivateKey::from_pem(private_pem(generated.get(), false), std::nullopt, "e.pem");
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == reference_fingerprint(spki_der(public_pem(generated.get()))));
}

TEST_CASE("unencrypted PKCS#1 and PKCS#8 keys load as OpenSSL's generic reader loads them", "[private_key]")
{
  for (const char* file : {"key.pem", "keys/key.pkcs8.pem", "keys/key.pkcs8-with-label.pem"}) {
    INFO(file);
    check_same_as_generic(read_text_file(k_vectors / file));
  }
  INFO("test-rsa2048.pem");
  check_same_as_generic(read_text_file(k_keys / "test-rsa2048.pem"));
  auto generated = auth::PrivateKey::generate_rsa(2048);
  REQUIRE(generated.ok());
  const std::string pkcs8 = generated->private_key_pem();
  Pkey openssl_key = generic_read(pkcs8);
  REQUIRE(openssl_key);
  const std::string pkcs1 = private_pem(openssl_key.get(), true);
  REQUIRE(pkcs1.rfind("-----BEGIN RSA PRIVATE KEY-----\n", 0) == 0);
  for (const std::string& pem : {pkcs8, pkcs1}) {
    INFO(pem.substr(0, 32));
    check_same_as_generic(pem);
    auto key = auth::PrivateKey::from_pem(pem, std::nullopt, "generated.pem");
    REQUIRE(key.ok());
    CHECK(key->fingerprint() == generated->fingerprint());
  }
}

TEST_CASE("encrypted keys load with the passphrase and keep their errors without it", "[private_key]")
{
  const std::string file = GENERATE("keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  INFO(file);
  const std::string pem = read_text_file(k_vectors / file);
  check_same_as_generic(pem, std::string(k_passphrase));
  CHECK(error_message(pem) == "test.pem: the private key is encrypted; set pass_phrase in the "
                              "config profile or OCI_CLI_PASSPHRASE");
  CHECK(error_message(pem, std::string("wrong")) == "test.pem: cannot decrypt the private key: wrong passphrase");
}

TEST_CASE("an EC PKCS#8 key is still not an RSA key, also before an RSA key", "[private_key]")
{
  Pkey ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  REQUIRE(ec);
  const std::string ec_pem = private_pem(ec.get(), false);
  REQUIRE(ec_pem.rfind("-----BEGIN PRIVATE KEY-----\n", 0) == 0);
  const std::string expected = "test.pem: not an RSA key (EC); OCI API keys must be RSA";
  CHECK(error_message(ec_pem) == expected);
  // The first private key block is the one read, as PEM_read_bio_PrivateKey does.
  CHECK(error_message(ec_pem + read_text_file(k_vectors / "key.pem")) == expected);
  CHECK(error_message(private_pem(ec.get(), true)) == expected);
}

TEST_CASE("other PEM blocks before the key and the OCI_API_KEY label after it are skipped", "[private_key]")
{
  auto other = auth::PrivateKey::generate_rsa(1024);
  REQUIRE(other.ok());
  const std::string key_pem = read_text_file(k_vectors / "key.pem");
  const std::string pem = other->public_key_pem() + pem_block("CERTIFICATE", {0x30, 0x00}) + "some text\n" + key_pem +
                          "OCI_API_KEY\n";
  check_same_as_generic(pem);
  auto key = auth::PrivateKey::from_pem(pem, std::nullopt, "mixed.pem");
  REQUIRE(key.ok());
  CHECK(key->fingerprint() == "73:61:a2:21:67:e0:df:be:7e:4b:93:1e:15:98:a5:b7");
}

TEST_CASE("odd private key blocks give the same result as OpenSSL's generic reader", "[private_key]")
{
  Pkey rsa = generic_read(read_text_file(k_vectors / "key.pem"));
  REQUIRE(rsa);
  unsigned char* raw = nullptr;
  int len = i2d_PrivateKey(rsa.get(), &raw); // PKCS#1 RSAPrivateKey
  REQUIRE(len > 0);
  const std::vector<unsigned char> pkcs1(raw, raw + len);
  OPENSSL_free(raw);
  raw = nullptr;
  len = i2d_PublicKey(rsa.get(), &raw); // PKCS#1 RSAPublicKey
  REQUIRE(len > 0);
  const std::vector<unsigned char> rsa_public(raw, raw + len);
  OPENSSL_free(raw);
  Bio p8(BIO_new(BIO_s_mem()));
  REQUIRE(i2d_PKCS8PrivateKey_bio(p8.get(), rsa.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  const std::vector<unsigned char> pkcs8 = bytes(bio_text(p8.get()));
  const std::vector<unsigned char> truncated(pkcs8.begin(), pkcs8.end() - 10);
  const std::vector<unsigned char> spki = spki_der(public_pem(rsa.get()));
  Bio blob(BIO_new(BIO_s_mem()));
  REQUIRE(i2b_PrivateKey_bio(blob.get(), rsa.get()) > 0);
  const std::vector<unsigned char> msblob = bytes(bio_text(blob.get()));
  Pkey pss = keygen_rsa(1024, 65537, "RSA-PSS");
  Bio pss_p8(BIO_new(BIO_s_mem()));
  REQUIRE(i2d_PKCS8PrivateKey_bio(pss_p8.get(), pss.get(), nullptr, nullptr, 0, nullptr, nullptr) == 1);
  const std::vector<unsigned char> pss_pkcs8 = bytes(bio_text(pss_p8.get()));

  const std::vector<std::string> cases = {
    pem_block("RSA PRIVATE KEY", pkcs8), // mislabelled: PKCS#8 under the PKCS#1 name
    pem_block("PRIVATE KEY", pkcs1), // mislabelled: PKCS#1 under the PKCS#8 name
    pem_block("RSA PRIVATE KEY", rsa_public), // a public key where the private key should be
    pem_block("PRIVATE KEY", truncated),      pem_block("PRIVATE KEY", {0x30, 0x00}),
    pem_block("ANY PRIVATE KEY", pkcs8),      pem_block("PRIVATE KEY", truncated) + pem_block("PRIVATE KEY", pkcs8),
    pem_block("PRIVATE KEY", spki),           pem_block("RSA PRIVATE KEY", spki),
    pem_block("PRIVATE KEY", msblob),         pem_block("RSA PRIVATE KEY", msblob),
    pem_block("PRIVATE KEY", pss_pkcs8),      pem_block("RSA PRIVATE KEY", pss_pkcs8),
  };
  for (std::size_t i = 0; i < cases.size(); ++i) {
    INFO("case " << i << "\n" << cases[i]);
    check_same_as_generic(cases[i]);
  }
}
