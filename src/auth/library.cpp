#include "ocivanilla/auth/library.hpp"

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/rand.h>

namespace ocivanilla::auth {

bool init_openssl_for_cli()
{
  // Only the flags of the first initialisation count; without LOAD_CONFIG this is the cheap
  // base initialisation (the configuration file is still read when a key is loaded).
  const bool no_atexit = OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, nullptr) == 1;
  const bool drbg = use_hash_drbg(nullptr);
  ERR_clear_error();
  return no_atexit && drbg;
}

bool use_hash_drbg(OSSL_LIB_CTX* context)
{
  const bool ok = RAND_set_DRBG_type(context, "HASH-DRBG", nullptr, nullptr, "SHA256") == 1;
  ERR_clear_error();
  return ok;
}

} // namespace ocivanilla::auth
