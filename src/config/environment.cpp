#include "ocivanilla/config/environment.hpp"

#include <cstdlib>

namespace ocivanilla::config {

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const
{
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) {
    return std::nullopt;
  }
  return std::string(value);
}

void MapEnvironment::unset(std::string_view name)
{
  const auto it = m_vars.find(name);
  if (it != m_vars.end()) {
    m_vars.erase(it);
  }
}

std::optional<std::string> MapEnvironment::get(std::string_view name) const
{
  const auto it = m_vars.find(name);
  if (it == m_vars.end()) {
    return std::nullopt;
  }
  return it->second;
}

} // namespace ocivanilla::config
