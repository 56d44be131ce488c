#pragma once

// Where the tests' keys are: Oracle's signing vectors (shared/, read-only) and the project's own
// test keys (tests/data/keys, encrypted ones with k_passphrase).
#include <filesystem>

namespace ocivanilla::testing {

inline const std::filesystem::path k_vectors = std::filesystem::path(OVL_SHARED_DIR) / "oci/signing-vectors";
inline const std::filesystem::path k_keys = std::filesystem::path(OVL_SOURCE_DIR) / "tests/data/keys";
inline constexpr const char* k_passphrase = "oci-test-passphrase";

} // namespace ocivanilla::testing
