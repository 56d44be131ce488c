#include "ocivanilla/config/config.hpp"

#include "ocivanilla/config/file.hpp"
#include "ocivanilla/config/ini_reader.hpp"
#include "ocivanilla/core/text.hpp"

#include <array>

namespace ocivanilla::config {

namespace {

using core::ErrorKind;
using core::make_error;

constexpr std::string_view k_default_config = "~/.oci/config";
constexpr std::string_view k_default_profile = "DEFAULT";

// A profile key and the environment variable that overrides it.
struct Setting {
  std::string_view key;
  std::string_view env;
};
constexpr Setting k_user{"user", "OCI_CLI_USER"};
constexpr Setting k_tenancy{"tenancy", "OCI_CLI_TENANCY"};
constexpr Setting k_fingerprint{"fingerprint", "OCI_CLI_FINGERPRINT"};
constexpr Setting k_key_file{"key_file", "OCI_CLI_KEY_FILE"};
constexpr Setting k_pass_phrase{"pass_phrase", "OCI_CLI_PASSPHRASE"};
constexpr Setting k_token_file{"security_token_file", "OCI_CLI_SECURITY_TOKEN_FILE"};
constexpr Setting k_region{"region", "OCI_CLI_REGION"};

// Reads settings from the flags, the environment and (when there is one) the file.
class Resolver {
 public:
  Resolver(const ConfigFlags& flags, const Environment& env, std::vector<std::string>& warnings)
      : m_flags(flags), m_env(env), m_warnings(warnings)
  {}

  void use_file(const IniFile* file, const IniSection* profile)
  {
    m_file = file;
    m_profile = profile;
    m_default = file != nullptr ? file->find(k_default_profile) : nullptr;
  }

  // An environment variable, trimmed; nullopt when unset or blank. `keep_raw` keeps the
  // value exactly as set (passphrases).
  std::optional<std::string> env(std::string_view name, bool keep_raw = false) const
  {
    auto raw = m_env.get(name);
    if (!raw || core::trim(*raw).empty()) {
      return std::nullopt;
    }
    if (keep_raw) {
      return raw;
    }
    const std::string value(core::trim(*raw));
    if (value != *raw) {
      m_warnings.push_back(std::string(name) + ": stray whitespace removed from the value");
    }
    return value;
  }

  // Whether an environment variable is set to something other than blanks (no warning).
  bool env_set(std::string_view name) const
  {
    const auto raw = m_env.get(name);
    return raw && !core::trim(*raw).empty();
  }

  std::optional<std::string> get(const Setting& setting) const
  {
    if (auto value = env(setting.env, setting.key == k_pass_phrase.key)) {
      return value;
    }
    for (const IniSection* section : {m_profile, m_default}) {
      if (const IniEntry* entry = section != nullptr ? section->find(setting.key) : nullptr) {
        if (entry->value.empty()) {
          continue;
        }
        if (entry->trailing_whitespace) {
          m_warnings.push_back(m_file->source + ":" + std::to_string(entry->line) +
                               ": stray whitespace removed from the value of '" + std::string(setting.key) + "'");
        }
        return entry->value;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> region() const
  {
    if (m_flags.region && !core::trim(*m_flags.region).empty()) {
      return std::string(core::trim(*m_flags.region));
    }
    return get(k_region);
  }

  // True when the environment alone gives everything a profile must have.
  bool environment_complete() const
  {
    const bool who = env_set(k_user.env) || env_set(k_token_file.env);
    const bool region = (m_flags.region && !core::trim(*m_flags.region).empty()) || env_set(k_region.env);
    return who && region && env_set(k_tenancy.env) && env_set(k_fingerprint.env) && env_set(k_key_file.env);
  }

 private:
  const ConfigFlags& m_flags;
  const Environment& m_env;
  std::vector<std::string>& m_warnings;
  const IniFile* m_file = nullptr;
  const IniSection* m_profile = nullptr;
  const IniSection* m_default = nullptr;
};

core::Error profile_not_found(const IniFile& file, const std::string& profile)
{
  std::string available;
  for (const auto& section : file.sections) {
    available += (available.empty() ? "" : ", ") + section.name;
  }
  return make_error(ErrorKind::config, "profile '" + profile + "' not found in " + file.source +
                                         " (available: " + (available.empty() ? "none" : available) + ")");
}

core::Error config_file_not_found(const std::string& path, bool from_flag, bool from_env)
{
  if (from_flag) {
    return make_error(ErrorKind::config, "config file " + path + " not found (--config-file)");
  }
  if (from_env) {
    return make_error(ErrorKind::config, "config file " + path + " not found (OCI_CLI_CONFIG_FILE)");
  }
  return make_error(ErrorKind::config, "config file " + path + " not found (set --config-file or OCI_CLI_CONFIG_FILE)");
}

// Fills `out` from the resolver and checks that every required key is there. `where`
// is "profile 'X' of FILE" (or "the environment") for error messages.
core::Status fill(OciConfig& out, const Resolver& resolver, const Environment& env, const std::string& where)
{
  auto required = [&](const Setting& setting, std::string& field) -> core::Status {
    auto value = setting.key == k_region.key ? resolver.region() : resolver.get(setting);
    if (!value) {
      const std::string hint = setting.key == k_region.key ? "give --region or set " : "set ";
      return make_error(ErrorKind::config, "missing '" + std::string(setting.key) + "' in " + where + " (or " + hint +
                                             std::string(setting.env) + ")");
    }
    field = std::move(*value);
    return core::Ok{};
  };
  if (auto token_file = resolver.get(k_token_file)) {
    auto expanded = expand_home(*token_file, env);
    OVL_TRY(expanded);
    out.security_token_file = std::move(expanded).value();
    out.user = resolver.get(k_user).value_or(std::string());
  } else {
    OVL_TRY(required(k_user, out.user));
  }
  OVL_TRY(required(k_tenancy, out.tenancy));
  OVL_TRY(required(k_fingerprint, out.fingerprint));
  OVL_TRY(required(k_key_file, out.key_file));
  OVL_TRY(required(k_region, out.region));
  auto key_file = expand_home(out.key_file, env);
  OVL_TRY(key_file);
  out.key_file = std::move(key_file).value();
  out.passphrase = resolver.get(k_pass_phrase);
  if (!out.passphrase) {
    out.passphrase = resolver.get(Setting{"passphrase", k_pass_phrase.env});
  }
  return core::Ok{};
}

} // namespace

core::Result<std::string> expand_home(std::string_view path, const Environment& env)
{
  if (path != "~" && path.substr(0, 2) != "~/") {
    return std::string(path);
  }
  const auto home = env.get("HOME");
  if (!home || home->empty()) {
    return make_error(ErrorKind::config, "cannot expand '" + std::string(path) + "': HOME is not set");
  }
  std::string base = *home;
  while (base.size() > 1 && base.back() == '/') {
    base.pop_back();
  }
  return base + std::string(path.substr(1));
}

core::Result<OciConfig> load_config(const ConfigFlags& flags, const Environment& env)
{
  OciConfig out;
  Resolver resolver(flags, env, out.warnings);
  const auto env_path = resolver.env("OCI_CLI_CONFIG_FILE");
  const std::string raw_path = flags.config_file ? *flags.config_file
                                                 : env_path.value_or(std::string(k_default_config));
  const auto env_profile = resolver.env("OCI_CLI_PROFILE");
  out.profile = flags.profile ? *flags.profile : env_profile.value_or(std::string(k_default_profile));

  const bool default_path = !flags.config_file && !env_path;
  auto path = expand_home(raw_path, env);
  if (default_path && (!path.ok() || !path_exists(*path)) && resolver.environment_complete()) {
    OVL_TRY(fill(out, resolver, env, "the environment"));
    return out;
  }
  OVL_TRY(path);
  if (!path_exists(*path)) {
    return config_file_not_found(raw_path, flags.config_file.has_value(), env_path.has_value());
  }
  auto text = read_file(*path, "config file");
  OVL_TRY(text);
  auto file = parse_ini(*text, *path);
  OVL_TRY(file);
  const IniSection* profile = file->find(out.profile);
  if (profile == nullptr) {
    return profile_not_found(*file, out.profile);
  }
  resolver.use_file(&file.value(), profile);
  out.config_file = *path;
  OVL_TRY(fill(out, resolver, env, "profile '" + out.profile + "' of " + *path));
  return out;
}

} // namespace ocivanilla::config
