#pragma once

// The text form of an HTTP request used by the simulator fuzz targets and their corpora:
//   METHOD SP TARGET LF
//   Name: value LF        (any number of header lines; a CR before LF is dropped)
//   LF
//   body                  (the rest, byte for byte)
// Anything malformed is read as far as it goes (a missing target is "", a header line without
// ':' has an empty value), so every input gives a request.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocivanilla::fuzz {

struct RequestText {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

inline std::string_view take_line(std::string_view& text, bool& had_newline)
{
  const std::size_t end = text.find('\n');
  had_newline = end != std::string_view::npos;
  std::string_view line = text.substr(0, end);
  text.remove_prefix(had_newline ? end + 1 : text.size());
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  return line;
}

inline RequestText parse_request_text(std::string_view text)
{
  RequestText out;
  bool had_newline = false;
  const std::string_view request_line = take_line(text, had_newline);
  const std::size_t space = request_line.find(' ');
  out.method = std::string(request_line.substr(0, space));
  if (space != std::string_view::npos) {
    out.target = std::string(request_line.substr(space + 1));
  }
  while (had_newline) {
    const std::string_view line = take_line(text, had_newline);
    if (line.empty()) {
      break;
    }
    const std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    out.headers.emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  out.body = std::string(text);
  return out;
}

} // namespace ocivanilla::fuzz
