#pragma once

#include "ocivanilla/core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::config {

// The ~/.oci/config dialect of INI, limited to what every OCI SDK reads the same way
// (SIGNING.md §4.3):
//   - "[NAME]" starts a section (profile); the name is case-sensitive and trimmed.
//   - "key = value" splits at the first '='; key and value are trimmed; keys are
//     lower-cased; the value may itself contain '='.
//   - Blank lines and lines whose first non-blank character is '#' or ';' are skipped.
//   - CRLF line ends and a UTF-8 BOM are accepted.
// Errors ("source:line: message"): a line that is neither of the above, a key/value line
// before any section, an empty key or section name, a repeated key in one section, a
// repeated section.
struct IniEntry {
  std::string key;
  std::string value;
  int line = 0;
  bool trailing_whitespace = false; // spaces or tabs followed the value on its line
};

struct IniSection {
  std::string name;
  int line = 0;
  std::vector<IniEntry> entries;

  const IniEntry* find(std::string_view key) const; // null when absent
};

struct IniFile {
  std::string source;
  std::vector<IniSection> sections;

  const IniSection* find(std::string_view name) const; // null when absent
};

core::Result<IniFile> parse_ini(std::string_view text, std::string_view source);

} // namespace ocivanilla::config
