#pragma once

#include <sstream>
#include <string>
#include <vector>

// Small text helpers shared by the integration tests.
namespace ocivanilla::testing {

inline bool has(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

inline std::vector<std::string> lines_of(const std::string& text)
{
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    lines.push_back(line);
  }
  return lines;
}

} // namespace ocivanilla::testing
