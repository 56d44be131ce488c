#include "ocivanilla/config/ini_reader.hpp"

#include <cctype>

namespace ocivanilla::config {

namespace {

using core::ErrorKind;
using core::make_error;

constexpr std::string_view k_blanks = " \t";

std::string_view trim(std::string_view text)
{
  const auto first = text.find_first_not_of(k_blanks);
  if (first == std::string_view::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(k_blanks);
  return text.substr(first, last - first + 1);
}

std::string lower(std::string_view text)
{
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

class Parser {
 public:
  explicit Parser(std::string_view source) { m_file.source = std::string(source); }

  core::Status line(std::string_view raw, int number)
  {
    if (!raw.empty() && raw.back() == '\r') {
      raw.remove_suffix(1);
    }
    const std::string_view text = trim(raw);
    if (text.empty() || text.front() == '#' || text.front() == ';') {
      return core::Ok{};
    }
    if (text.front() == '[') {
      return section(text, number);
    }
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
      return fail(number, "expected 'key = value' or '[PROFILE]', got '" + std::string(text) + "'");
    }
    return entry(text, raw, eq, number);
  }

  IniFile take() { return std::move(m_file); }

 private:
  core::Error fail(int number, const std::string& message) const
  {
    return make_error(ErrorKind::config, m_file.source + ":" + std::to_string(number) + ": " + message);
  }

  core::Status section(std::string_view text, int number)
  {
    if (text.back() != ']') {
      return fail(number, "malformed section header '" + std::string(text) + "' (expected [NAME])");
    }
    const std::string name(trim(text.substr(1, text.size() - 2)));
    if (name.empty()) {
      return fail(number, "empty section name");
    }
    if (const IniSection* seen = m_file.find(name)) {
      return fail(number, "duplicate section [" + name + "] (first at line " + std::to_string(seen->line) + ")");
    }
    m_file.sections.push_back(IniSection{name, number, {}});
    return core::Ok{};
  }

  core::Status entry(std::string_view text, std::string_view raw, std::size_t eq, int number)
  {
    const std::string key = lower(trim(text.substr(0, eq)));
    if (key.empty()) {
      return fail(number, "missing key before '='");
    }
    if (m_file.sections.empty()) {
      return fail(number, "'" + key + "' appears before any [PROFILE] section");
    }
    IniSection& current = m_file.sections.back();
    if (const IniEntry* seen = current.find(key)) {
      return fail(number, "duplicate key '" + key + "' in [" + current.name + "] (first at line " +
                            std::to_string(seen->line) + ")");
    }
    const std::string value(trim(text.substr(eq + 1)));
    const bool trailing = !raw.empty() && k_blanks.find(raw.back()) != std::string_view::npos && !value.empty();
    current.entries.push_back(IniEntry{key, value, number, trailing});
    return core::Ok{};
  }

  IniFile m_file;
};

} // namespace

const IniEntry* IniSection::find(std::string_view key) const
{
  for (const auto& entry : entries) {
    if (entry.key == key) {
      return &entry;
    }
  }
  return nullptr;
}

const IniSection* IniFile::find(std::string_view name) const
{
  for (const auto& section : sections) {
    if (section.name == name) {
      return &section;
    }
  }
  return nullptr;
}

core::Result<IniFile> parse_ini(std::string_view text, std::string_view source)
{
  constexpr std::string_view k_bom = "\xEF\xBB\xBF";
  if (text.substr(0, k_bom.size()) == k_bom) {
    text.remove_prefix(k_bom.size());
  }
  Parser parser(source);
  int number = 0;
  while (!text.empty()) {
    ++number;
    const auto nl = text.find('\n');
    const std::string_view raw = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    OVL_TRY(parser.line(raw, number));
  }
  return parser.take();
}

} // namespace ocivanilla::config
