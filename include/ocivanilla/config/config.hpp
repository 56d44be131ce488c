#pragma once

#include "ocivanilla/config/environment.hpp"
#include "ocivanilla/core/result.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::config {

// Values given on the command line; nullopt when the flag was not given.
struct ConfigFlags {
  std::optional<std::string> config_file; // --config-file
  std::optional<std::string> profile; // --profile
  std::optional<std::string> region; // --region
};

// One resolved profile of ~/.oci/config.
struct OciConfig {
  std::string config_file; // the file read ("~/" expanded); empty when the environment sufficed
  std::string profile;
  std::string user; // empty for a session-token profile
  std::string tenancy;
  std::string fingerprint;
  std::string key_file; // "~/" expanded
  std::optional<std::string> passphrase; // pass_phrase / OCI_CLI_PASSPHRASE
  std::optional<std::string> security_token_file; // "~/" expanded
  std::string region; // as given: region id, short code or full domain (see region.hpp)
  std::vector<std::string> warnings; // one line each, e.g. stray whitespace removed from a value
};

// Resolves the profile with CLI.md's precedence, flag > environment > file > default:
//   file:    --config-file > OCI_CLI_CONFIG_FILE > ~/.oci/config
//   profile: --profile > OCI_CLI_PROFILE > DEFAULT
//   region:  --region > OCI_CLI_REGION > the profile's region
//   OCI_CLI_USER, _TENANCY, _FINGERPRINT, _KEY_FILE, _PASSPHRASE, _SECURITY_TOKEN_FILE
//   override the profile's user, tenancy, fingerprint, key_file, pass_phrase,
//   security_token_file. A key missing from the profile falls back to [DEFAULT].
// Empty values (in the file or the environment) count as not set. Values are trimmed; a
// value that had stray whitespace adds a warning. When ~/.oci/config does not exist but the
// environment (and --region) give user (or a security token file), tenancy, fingerprint,
// key_file and region, no file is needed. Errors are of kind config: no config file, file
// unreadable or malformed (file:line), profile not found (lists the profiles), a required
// key missing (names the key, profile and file), HOME needed but not set.
core::Result<OciConfig> load_config(const ConfigFlags& flags, const Environment& env);

// "~" or "~/..." with $HOME from `env`; other paths are returned unchanged.
core::Result<std::string> expand_home(std::string_view path, const Environment& env);

} // namespace ocivanilla::config
