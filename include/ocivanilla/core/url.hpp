#pragma once

#include "ocivanilla/core/result.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocivanilla::core {

// RFC 3986 percent-encoding: A-Z a-z 0-9 - . _ ~ stay, every other byte becomes %XX
// (upper-case hex); a space is %20. Used for path segments and query keys/values.
std::string percent_encode(std::string_view text);
// Inverse of percent_encode; '+' stays '+'. Invalid escapes are kept as they are.
std::string percent_decode(std::string_view text);

// Builds "?a=1&b=x%20y" in insertion order; empty values are kept, absent ones are not added.
class QueryBuilder {
 public:
  QueryBuilder& add(std::string_view key, std::string_view value);
  std::string str() const; // "" when empty, else "?..."
 private:
  std::vector<std::pair<std::string, std::string>> m_params;
};

struct Url {
  std::string scheme; // "https" or "http", lower case
  std::string host; // without brackets for IPv6
  int port = 0; // 0 = the scheme's default
  std::string target; // path and query, "/" when empty

  // host[:port] as the Host header and the signature carry it (port only when non-default).
  std::string host_header() const;
  // scheme://host[:port]
  std::string origin() const;
};

// Parses an absolute http(s) URL. Errors say what is wrong with the text.
Result<Url> parse_url(std::string_view text);

// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);

} // namespace ocivanilla::core
