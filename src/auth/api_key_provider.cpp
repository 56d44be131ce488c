#include "ocivanilla/auth/api_key_provider.hpp"
#include "ocivanilla/core/text.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace ocivanilla::auth {

namespace {

using core::ErrorKind;
using core::make_error;
namespace fs = std::filesystem;

// Whole file as bytes. `what` ("key file", "security token file") starts the error message.
core::Result<std::string> read_whole_file(const std::string& path, std::string_view what)
{
  const std::string prefix = std::string(what) + " " + path;
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) {
    return make_error(ErrorKind::config, prefix + " not found");
  }
  if (status.type() == fs::file_type::directory) {
    return make_error(ErrorKind::config, prefix + " cannot be read: it is a directory");
  }
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return make_error(ErrorKind::config, prefix + " cannot be read: " + std::strerror(errno));
  }
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, file)) > 0) {
    out.append(buf, n);
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) {
    return make_error(ErrorKind::config, prefix + " cannot be read: I/O error");
  }
  return out;
}

std::string to_lower(std::string text)
{
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return text;
}

void warn_if_shared(const std::string& path, const WarnSink& warn)
{
  std::error_code ec;
  const auto perms = fs::status(path, ec).permissions();
  if (ec || !warn) {
    return;
  }
  if ((perms & (fs::perms::group_read | fs::perms::others_read)) != fs::perms::none) {
    warn(path + ": key file is readable by others; run chmod 600 " + path);
  }
}

core::Result<std::string> read_token(const std::string& path)
{
  auto text = read_whole_file(path, "security token file");
  if (!text.ok()) {
    return std::move(text).error();
  }
  std::string token(core::trim(*text));
  if (token.empty()) {
    return make_error(ErrorKind::config, "security token file " + path + " is empty");
  }
  return token;
}

class ApiKeyProvider final : public KeyProvider {
 public:
  ApiKeyProvider(std::string key_id, std::shared_ptr<const PrivateKey> key, std::optional<std::string> token_file)
      : m_key_id(std::move(key_id)), m_key(std::move(key)), m_token_file(std::move(token_file))
  {}

  core::Result<SigningCredentials> credentials() override { return SigningCredentials{m_key_id, m_key}; }

  bool refresh() override
  {
    if (!m_token_file) {
      return false;
    }
    auto token = read_token(*m_token_file);
    if (!token.ok() || "ST$" + *token == m_key_id) {
      return false;
    }
    m_key_id = "ST$" + *token;
    return true;
  }

 private:
  std::string m_key_id;
  std::shared_ptr<const PrivateKey> m_key;
  std::optional<std::string> m_token_file;
};

} // namespace

core::Result<std::shared_ptr<KeyProvider>> make_api_key_provider(const ApiKeySettings& settings, const WarnSink& warn)
{
  auto pem = read_whole_file(settings.key_file, "key file");
  if (!pem.ok()) {
    return std::move(pem).error();
  }
  warn_if_shared(settings.key_file, warn);
  auto key = PrivateKey::from_pem(*pem, settings.passphrase, settings.key_file);
  if (!key.ok()) {
    return std::move(key).error();
  }
  const std::string actual = key->fingerprint();
  const std::string configured = to_lower(std::string(core::trim(settings.fingerprint)));
  if (!configured.empty() && configured != actual) {
    return make_error(ErrorKind::config, "fingerprint mismatch: the config says " + configured + " but key file " +
                                           settings.key_file + " has " + actual);
  }
  std::string key_id = settings.tenancy + "/" + settings.user + "/" + actual;
  if (settings.security_token_file) {
    auto token = read_token(*settings.security_token_file);
    if (!token.ok()) {
      return std::move(token).error();
    }
    key_id = "ST$" + *token;
  }
  auto shared_key = std::make_shared<const PrivateKey>(std::move(key).value());
  return std::shared_ptr<KeyProvider>(
    std::make_shared<ApiKeyProvider>(std::move(key_id), std::move(shared_key), settings.security_token_file));
}

} // namespace ocivanilla::auth
