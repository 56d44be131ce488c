#pragma once

// Where the tests' keys are: Oracle's signing vectors (shared/, read-only), the project's own
// test keys (tests/data/keys, encrypted ones with k_passphrase) and certificates
// (tests/data/certs: an instance principal's leaf certificate, its key and intermediate).
#include "support/temp_dir.hpp"

#include <filesystem>
#include <string>

namespace ocivanilla::testing {

inline const std::filesystem::path k_vectors = std::filesystem::path(OVL_SHARED_DIR) / "oci/signing-vectors";
inline const std::filesystem::path k_keys = std::filesystem::path(OVL_SOURCE_DIR) / "tests/data/keys";
inline const std::filesystem::path k_certs = std::filesystem::path(OVL_SOURCE_DIR) / "tests/data/certs";
inline constexpr const char* k_passphrase = "oci-test-passphrase";

// A file of tests/data/certs, read whole.
inline std::string read_test_cert(const std::string& name)
{
  return read_text_file(k_certs / name);
}

} // namespace ocivanilla::testing
