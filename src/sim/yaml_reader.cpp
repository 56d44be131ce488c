#include "yaml_reader.hpp"

#include <algorithm>
#include <cstdlib>

namespace ocivanilla::sim {

int line_of(const YAML::Node& node)
{
  if (!node.IsDefined()) { // a missing key: the caller falls back to the enclosing map
    return 0;
  }
  const int line = node.Mark().line;
  return line >= 0 ? line + 1 : 0;
}

MapReader::MapReader(const YAML::Node& node, std::string where) : m_node(node), m_where(std::move(where))
{
  if (!m_node.IsMap()) {
    throw YamlError(line_of(m_node), (m_where.empty() ? std::string("the document") : m_where) + " must be a mapping");
  }
}

void MapReader::fail(const YAML::Node& at, const std::string& message) const
{
  const int line = line_of(at);
  throw YamlError(line != 0 ? line : line_of(m_node), message);
}

std::string MapReader::path(std::string_view key) const
{
  return m_where.empty() ? std::string(key) : m_where + "." + std::string(key);
}

void MapReader::allow_only(std::initializer_list<std::string_view> allowed) const
{
  for (const auto& entry : m_node) {
    const std::string key = entry.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      fail(entry.first, "unknown key '" + key + "'" + (m_where.empty() ? "" : " in " + m_where));
    }
  }
}

bool MapReader::has(std::string_view key) const
{
  return static_cast<bool>(m_node[std::string(key)]);
}

YAML::Node MapReader::child(std::string_view key) const
{
  return m_node[std::string(key)];
}

std::optional<std::string> MapReader::optional_string(std::string_view key) const
{
  const YAML::Node value = child(key);
  if (!value || value.IsNull()) {
    return std::nullopt;
  }
  if (!value.IsScalar()) {
    fail(value, path(key) + " must be a string");
  }
  return value.Scalar();
}

std::string MapReader::required_string(std::string_view key) const
{
  auto value = optional_string(key);
  if (!value || value->empty()) {
    fail(m_node, path(key) + " is required");
  }
  return *value;
}

std::optional<double> MapReader::optional_number(std::string_view key) const
{
  auto text = optional_string(key);
  if (!text) {
    return std::nullopt;
  }
  char* end = nullptr;
  const double value = std::strtod(text->c_str(), &end);
  if (text->empty() || end != text->c_str() + text->size()) {
    fail(child(key), path(key) + " must be a number, got '" + *text + "'");
  }
  return value;
}

std::optional<long long> MapReader::optional_integer(std::string_view key) const
{
  auto text = optional_string(key);
  if (!text) {
    return std::nullopt;
  }
  char* end = nullptr;
  const long long value = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || end != text->c_str() + text->size()) {
    fail(child(key), path(key) + " must be an integer, got '" + *text + "'");
  }
  return value;
}

std::optional<bool> MapReader::optional_bool(std::string_view key) const
{
  auto text = optional_string(key);
  if (!text) {
    return std::nullopt;
  }
  if (*text == "true") {
    return true;
  }
  if (*text == "false") {
    return false;
  }
  fail(child(key), path(key) + " must be true or false, got '" + *text + "'");
}

std::optional<core::TimePoint> MapReader::optional_time(std::string_view key) const
{
  auto text = optional_string(key);
  if (!text) {
    return std::nullopt;
  }
  core::TimePoint t;
  if (!core::parse_rfc3339(*text, t)) {
    fail(child(key), path(key) + " must be an RFC 3339 time, got '" + *text + "'");
  }
  return t;
}

nlohmann::json MapReader::string_map(std::string_view key) const
{
  const YAML::Node value = child(key);
  nlohmann::json out = nlohmann::json::object();
  if (!value || value.IsNull()) {
    return out;
  }
  if (!value.IsMap()) {
    fail(value, path(key) + " must be a mapping of strings");
  }
  for (const auto& entry : value) {
    if (!entry.second.IsScalar()) {
      fail(entry.second, path(key) + "." + entry.first.Scalar() + " must be a string");
    }
    out[entry.first.Scalar()] = entry.second.Scalar();
  }
  return out;
}

nlohmann::json MapReader::as_json(std::string_view key) const
{
  const YAML::Node value = child(key);
  return value ? yaml_to_json(value) : nlohmann::json();
}

nlohmann::json yaml_to_json(const YAML::Node& node)
{
  switch (node.Type()) {
  case YAML::NodeType::Map: {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& entry : node) {
      out[entry.first.Scalar()] = yaml_to_json(entry.second);
    }
    return out;
  }
  case YAML::NodeType::Sequence: {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node) {
      out.push_back(yaml_to_json(item));
    }
    return out;
  }
  case YAML::NodeType::Scalar: {
    const std::string& text = node.Scalar();
    if (node.Tag() == "!") { // quoted in the source: always a string
      return text;
    }
    if (text == "true" || text == "false") {
      return text == "true";
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (!text.empty() && end == text.c_str() + text.size()) {
      return value;
    }
    return text;
  }
  default: return nullptr;
  }
}

} // namespace ocivanilla::sim
