#include "plan/yaml_map.hpp"

#include <charconv>
#include <cmath>

namespace ocivanilla::plan::detail {

Location location_of(const YAML::Node& node)
{
  YAML::Mark mark = node.Mark();
  if (mark.is_null()) {
    return {};
  }
  return {mark.line + 1, mark.column + 1};
}

std::string describe_node(const YAML::Node& node)
{
  switch (node.Type()) {
  case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
  case YAML::NodeType::Sequence: return "a list";
  case YAML::NodeType::Map: return "a mapping";
  case YAML::NodeType::Null:
  case YAML::NodeType::Undefined: break;
  }
  return "nothing";
}

namespace {

std::optional<double> parse_double(const std::string& text)
{
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

} // namespace

YamlMap::YamlMap(const YAML::Node& node, std::string path, const std::vector<std::string_view>& known_keys,
                 Diagnostics& diagnostics, Location owner)
    : m_path(std::move(path)), m_location(location_of(node)), m_owner(owner.line > 0 ? owner : m_location),
      m_diagnostics(diagnostics)
{
  for (auto it = node.begin(); it != node.end(); ++it) {
    // Copies: the iterator hands out a temporary pair.
    YAML::Node key = it->first;
    YAML::Node value = it->second;
    Location where = location_of(key);
    if (!key.IsScalar()) {
      m_diagnostics.error(where, m_path, "expected a key name, got " + describe_node(key));
      continue;
    }
    const std::string& name = key.Scalar();
    if (find(name) != nullptr) {
      m_diagnostics.error(where, field_path(name), "duplicate key");
      continue;
    }
    bool known = false;
    for (std::string_view candidate : known_keys) {
      known = known || candidate == name;
    }
    if (!known) {
      std::string message = "unknown key '" + name + "'";
      std::string_view hint = closest_match(name, known_keys);
      if (!hint.empty()) {
        message += " (did you mean '" + std::string(hint) + "'?)";
      }
      m_diagnostics.error(where, m_path, message);
      continue;
    }
    m_entries.push_back({name, where, value});
  }
}

const YAML::Node* YamlMap::find(std::string_view key) const
{
  for (const Entry& e : m_entries) {
    if (e.key == key) {
      return &e.value;
    }
  }
  return nullptr;
}

Location YamlMap::key_location(std::string_view key) const
{
  for (const Entry& e : m_entries) {
    if (e.key == key) {
      return e.key_location;
    }
  }
  return m_location;
}

std::string YamlMap::field_path(std::string_view key) const
{
  return m_path.empty() ? std::string(key) : m_path + "." + std::string(key);
}

void YamlMap::error(std::string_view key, std::string_view message)
{
  m_diagnostics.error(key_location(key), field_path(key), message);
}

const YamlMap::Entry* YamlMap::entry(std::string_view key, bool required)
{
  for (const Entry& e : m_entries) {
    if (e.key == key) {
      return &e;
    }
  }
  if (required) {
    m_diagnostics.error(m_owner, m_path.empty() ? std::string(key) : m_path,
                        m_path.empty() ? "required key missing" : "missing required key '" + std::string(key) + "'");
  }
  return nullptr;
}

void YamlMap::type_error(const Entry& e, std::string_view expected)
{
  m_diagnostics.error(e.key_location, field_path(e.key),
                      "expected " + std::string(expected) + ", got " + describe_node(e.value));
}

std::optional<std::string> YamlMap::string(std::string_view key, bool required)
{
  const Entry* e = entry(key, required);
  if (e == nullptr) {
    return std::nullopt;
  }
  if (!e->value.IsScalar()) {
    type_error(*e, "a string");
    return std::nullopt;
  }
  return e->value.Scalar();
}

std::optional<double> YamlMap::number(std::string_view key, bool required)
{
  const Entry* e = entry(key, required);
  if (e == nullptr) {
    return std::nullopt;
  }
  std::optional<double> value;
  if (e->value.IsScalar()) {
    value = parse_double(e->value.Scalar());
  }
  if (!value) {
    type_error(*e, "a number");
  }
  return value;
}

std::optional<int> YamlMap::whole_number(std::string_view key, bool required)
{
  const Entry* e = entry(key, required);
  if (e == nullptr) {
    return std::nullopt;
  }
  if (e->value.IsScalar()) {
    const std::string& text = e->value.Scalar();
    int value = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec == std::errc{} && ptr == end) {
      return value;
    }
  }
  type_error(*e, "a whole number");
  return std::nullopt;
}

std::optional<std::vector<YamlMap::ListItem>> YamlMap::string_list(std::string_view key, bool required)
{
  const Entry* e = entry(key, required);
  if (e == nullptr) {
    return std::nullopt;
  }
  if (!e->value.IsSequence()) {
    type_error(*e, "a list of strings");
    return std::nullopt;
  }
  std::vector<ListItem> items;
  bool ok = true;
  for (const YAML::Node& item : e->value) {
    if (!item.IsScalar()) {
      m_diagnostics.error(location_of(item), field_path(e->key), "expected a string, got " + describe_node(item));
      ok = false;
      continue;
    }
    items.push_back({item.Scalar(), location_of(item)});
  }
  if (!ok) {
    return std::nullopt;
  }
  return items;
}

std::optional<YAML::Node> YamlMap::mapping(std::string_view key, bool required)
{
  const Entry* e = entry(key, required);
  if (e == nullptr || (e->value.IsNull() && !required)) {
    return std::nullopt;
  }
  if (!e->value.IsMap()) {
    type_error(*e, "a mapping");
    return std::nullopt;
  }
  return e->value;
}

} // namespace ocivanilla::plan::detail
