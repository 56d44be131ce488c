// Fuzz target "config": the ~/.oci/config INI reader (parse_ini), profile resolution
// (load_config, reading the input as the config file through OCI_CLI_CONFIG_FILE) and the
// --endpoint check. Properties: what parse_ini accepts has the shape ini_reader.hpp promises,
// and load_config fails exactly when the file does not parse or lacks what a profile needs.
#include "fuzz_support.hpp"

#include "ocivanilla/config/config.hpp"
#include "ocivanilla/config/endpoint.hpp"
#include "ocivanilla/config/ini_reader.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <unistd.h>

namespace {

using namespace ocivanilla;

// The file load_config reads: one per process, rewritten for every input.
const std::string& config_path()
{
  static const std::string path =
    (std::filesystem::temp_directory_path() / ("ovl-fuzz-config-" + std::to_string(::getpid()))).string();
  return path;
}

void check_ini_shape(const config::IniFile& ini, std::string_view text)
{
  std::set<std::string> names;
  for (const auto& section : ini.sections) {
    OVL_FUZZ_CHECK(!section.name.empty() && names.insert(section.name).second, std::string(text));
    OVL_FUZZ_CHECK(ini.find(section.name) != nullptr, section.name);
    std::set<std::string> keys;
    for (const auto& entry : section.entries) {
      OVL_FUZZ_CHECK(!entry.key.empty() && keys.insert(entry.key).second, entry.key);
      for (const char c : entry.key) {
        OVL_FUZZ_CHECK(std::tolower(static_cast<unsigned char>(c)) == static_cast<unsigned char>(c),
                       "key not lower-cased: " + entry.key);
      }
      OVL_FUZZ_CHECK(entry.line >= 1 && entry.line > section.line, entry.key);
      OVL_FUZZ_CHECK(section.find(entry.key) != nullptr, entry.key);
    }
  }
}

void check_load_config(std::string_view text, const config::IniFile* ini)
{
  {
    std::ofstream out(config_path(), std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  config::MapEnvironment env({{"OCI_CLI_CONFIG_FILE", config_path()}, {"HOME", "/nonexistent-home"}});
  std::vector<std::optional<std::string>> profiles = {std::nullopt};
  if (ini != nullptr && !ini->sections.empty()) {
    profiles.push_back(ini->sections.back().name);
  }
  for (const auto& profile : profiles) {
    config::ConfigFlags flags;
    flags.profile = profile;
    const auto loaded = config::load_config(flags, env);
    if (ini == nullptr) {
      OVL_FUZZ_CHECK(!loaded.ok(), "load_config accepted a file parse_ini rejects");
    }
    if (!loaded.ok()) {
      OVL_FUZZ_CHECK(!loaded.error().message.empty(), "empty error message");
      continue;
    }
    OVL_FUZZ_CHECK(!loaded->tenancy.empty() && !loaded->fingerprint.empty() && !loaded->key_file.empty() &&
                     !loaded->region.empty(),
                   "a profile was accepted without tenancy, fingerprint, key_file or region");
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  const auto ini = config::parse_ini(text, "fuzz-config");
  if (ini.ok()) {
    check_ini_shape(*ini, text);
  } else {
    const std::string& message = ini.error().message;
    OVL_FUZZ_CHECK(message.rfind("fuzz-config:", 0) == 0, message);
  }
  check_load_config(text, ini.ok() ? &*ini : nullptr);
  const auto endpoint = config::validate_endpoint(text);
  if (endpoint.ok()) {
    OVL_FUZZ_CHECK(config::validate_endpoint(*endpoint).ok(), *endpoint);
  }
  return 0;
}
