#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ocivanilla::config {

// Environment variables, behind an interface so tests can supply their own.
class Environment {
 public:
  virtual ~Environment() = default;
  // The variable's value, or nullopt when it is not set. An empty value is returned as is;
  // callers decide what an empty value means (load_config treats it as not set).
  virtual std::optional<std::string> get(std::string_view name) const = 0;
};

// The real process environment (getenv).
class ProcessEnvironment final : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
};

// A fixed set of variables, for tests.
class MapEnvironment final : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> vars) : m_vars(std::move(vars)) {}
  void set(std::string name, std::string value) { m_vars[std::move(name)] = std::move(value); }
  void unset(std::string_view name);
  std::optional<std::string> get(std::string_view name) const override;

 private:
  std::map<std::string, std::string, std::less<>> m_vars;
};

} // namespace ocivanilla::config
