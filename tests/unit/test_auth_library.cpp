#include "ocivanilla/auth/library.hpp"

#include <catch2/catch.hpp>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>
#include <string>

namespace {

struct LibCtxDeleter {
  void operator()(OSSL_LIB_CTX* c) const { OSSL_LIB_CTX_free(c); }
};

std::string primary_drbg_name(OSSL_LIB_CTX* context)
{
  EVP_RAND_CTX* primary = RAND_get0_primary(context);
  REQUIRE(primary != nullptr);
  return EVP_RAND_get0_name(EVP_RAND_CTX_get0_rand(primary));
}

} // namespace

TEST_CASE("use_hash_drbg makes a library context's generator HASH-DRBG, and it produces bytes")
{
  std::unique_ptr<OSSL_LIB_CTX, LibCtxDeleter> chosen(OSSL_LIB_CTX_new());
  std::unique_ptr<OSSL_LIB_CTX, LibCtxDeleter> plain(OSSL_LIB_CTX_new());
  REQUIRE(chosen);
  REQUIRE(plain);
  REQUIRE(ocivanilla::auth::use_hash_drbg(chosen.get()));
  unsigned char a[32] = {};
  unsigned char b[32] = {};
  REQUIRE(RAND_bytes_ex(chosen.get(), a, sizeof a, 0) == 1);
  REQUIRE(RAND_priv_bytes_ex(chosen.get(), b, sizeof b, 0) == 1);
  CHECK(std::string(reinterpret_cast<char*>(a), sizeof a) != std::string(reinterpret_cast<char*>(b), sizeof b));
  CHECK(primary_drbg_name(chosen.get()) == "HASH-DRBG");
  CHECK(primary_drbg_name(plain.get()) == "CTR-DRBG"); // OpenSSL's default, for contrast
  // Once the generator exists its type can no longer change: the call says so.
  CHECK_FALSE(ocivanilla::auth::use_hash_drbg(plain.get()));
}
