#pragma once

#include "plan/diagnostics.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::plan::detail {

Location location_of(const YAML::Node& node);
// "'text'", "nothing", "a list", "a mapping": what a node is, for "expected X, got Y".
std::string describe_node(const YAML::Node& node);

// Reads one YAML mapping whose keys are known in advance. Construction reports unknown keys
// (with a "did you mean" hint), duplicate keys and non-string keys. Every typed getter reports a
// wrong type or a missing required key and returns nullopt then; no getter throws.
class YamlMap {
 public:
  // `path` is the dotted path of the mapping ("servers.lab-manager"; "" for the top level).
  // `owner` is where the key naming this mapping is written (missing keys are reported there);
  // line 0 means the mapping's own position.
  YamlMap(const YAML::Node& node, std::string path, const std::vector<std::string_view>& known_keys,
          Diagnostics& diagnostics, Location owner = {});

  bool has(std::string_view key) const { return find(key) != nullptr; }
  const YAML::Node* find(std::string_view key) const;
  // Where the key is written (the mapping itself when the key is absent).
  Location key_location(std::string_view key) const;
  Location location() const { return m_location; }
  std::string field_path(std::string_view key) const;

  std::optional<std::string> string(std::string_view key, bool required = false);
  std::optional<double> number(std::string_view key, bool required = false);
  std::optional<int> whole_number(std::string_view key, bool required = false);
  struct ListItem {
    std::string text;
    Location where;
  };
  // A list of strings; a missing key gives nullopt (an error when required).
  std::optional<std::vector<ListItem>> string_list(std::string_view key, bool required = false);
  // The value when it is a mapping; nullopt for an absent or empty (null) optional value, else
  // nullopt and an error.
  std::optional<YAML::Node> mapping(std::string_view key, bool required = false);

  void error(std::string_view key, std::string_view message);

 private:
  struct Entry {
    std::string key;
    Location key_location;
    YAML::Node value;
  };
  const Entry* entry(std::string_view key, bool required);
  void type_error(const Entry& entry, std::string_view expected);

  std::string m_path;
  Location m_location;
  Location m_owner;
  std::vector<Entry> m_entries;
  Diagnostics& m_diagnostics;
};

} // namespace ocivanilla::plan::detail
