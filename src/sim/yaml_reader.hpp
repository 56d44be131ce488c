#pragma once

#include "ocivanilla/core/clock.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ocivanilla::sim {

// Thrown inside the scenario parser only; parse_scenario turns it into "source:line: message".
struct YamlError : std::runtime_error {
  YamlError(int at_line, const std::string& message) : std::runtime_error(message), line(at_line) {}
  int line; // 1-based, 0 when unknown
};

// Typed access to one YAML mapping, with errors that name the entry ("images[1].arch").
class MapReader {
 public:
  MapReader(const YAML::Node& node, std::string where);

  // Fails on any key not in `allowed`.
  void allow_only(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view key) const;
  const YAML::Node& node() const { return m_node; }
  YAML::Node child(std::string_view key) const;
  std::string path(std::string_view key) const;

  std::string required_string(std::string_view key) const;
  std::optional<std::string> optional_string(std::string_view key) const;
  std::optional<double> optional_number(std::string_view key) const;
  std::optional<long long> optional_integer(std::string_view key) const;
  std::optional<bool> optional_bool(std::string_view key) const;
  std::optional<core::TimePoint> optional_time(std::string_view key) const;
  // A mapping of string to string; {} when absent.
  nlohmann::json string_map(std::string_view key) const;
  // Any YAML value as JSON; null when absent.
  nlohmann::json as_json(std::string_view key) const;

  [[noreturn]] void fail(const YAML::Node& at, const std::string& message) const;

 private:
  YAML::Node m_node;
  std::string m_where;
};

int line_of(const YAML::Node& node);
nlohmann::json yaml_to_json(const YAML::Node& node);

} // namespace ocivanilla::sim
