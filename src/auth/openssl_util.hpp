#pragma once

// OpenSSL handles owned by unique_ptr, and helpers shared by the files of src/auth.
#include "ocivanilla/auth/private_key.hpp"

#include <openssl/bio.h>
#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>

namespace ocivanilla::auth {

struct EvpPkeyDeleter {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct EvpPkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct EvpMdCtxDeleter {
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct BioDeleter {
  void operator()(BIO* p) const { BIO_free_all(p); }
};

using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxDeleter>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

// The OpenSSL key behind a PrivateKey (declared in private_key.hpp, defined here).
struct PrivateKey::Impl {
  EvpPkeyPtr pkey;
};

// Lower-case hex bytes separated by ':' ("73:61:a2:..."), as OCI shows key and certificate
// fingerprints.
std::string hex_colon(const unsigned char* bytes, std::size_t size);

// Everything written to a memory BIO so far.
std::string bio_to_string(BIO* bio);

} // namespace ocivanilla::auth
