#pragma once

#include <openssl/types.h>

namespace ocivanilla::auth {

// OpenSSL set up for a short-lived command (docs/PERFORMANCE.md). Call once at the start of main,
// before anything else uses OpenSSL; the binary's tests see the defaults.
//  - No OPENSSL_cleanup at exit: ~0.25 ms spent freeing global state the kernel reclaims anyway.
//    Keys are still freed, and cleansed, by their owners before exit.
//  - The random generator is HASH-DRBG over SHA-256 instead of the default CTR-DRBG over
//    AES-256 (both NIST SP 800-90A, 256-bit strength): the first RSA signature needs random
//    numbers for blinding, and creating CTR-DRBG first builds OpenSSL's whole cipher table
//    (~0.45 ms of a one-page `list`), while SHA-256 is loaded for signing anyway. A [random]
//    section in openssl.cnf still takes precedence.
// Returns false if OpenSSL refused a setting (the defaults then stay; nothing else changes).
bool init_openssl_for_cli();

// The DRBG part of init_openssl_for_cli for one library context (nullptr: the default one);
// false if its generator already exists or OpenSSL refuses.
bool use_hash_drbg(OSSL_LIB_CTX* context);

} // namespace ocivanilla::auth
