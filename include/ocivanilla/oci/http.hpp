#pragma once

#include "ocivanilla/core/result.hpp"

#include <cctype>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocivanilla::oci {

using Header = std::pair<std::string, std::string>;
using Headers = std::vector<Header>;

inline bool header_name_equals(std::string_view a, std::string_view b)
{
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto ca = static_cast<unsigned char>(a[i]);
    const auto cb = static_cast<unsigned char>(b[i]);
    if (std::tolower(ca) != std::tolower(cb)) {
      return false;
    }
  }
  return true;
}

// Case-insensitive lookup; empty string when absent.
inline std::string_view find_header(const Headers& headers, std::string_view name)
{
  for (const auto& [key, value] : headers) {
    if (header_name_equals(key, name)) {
      return value;
    }
  }
  return {};
}

// Replaces (case-insensitively) or appends.
inline void set_header(Headers& headers, std::string_view name, std::string value)
{
  for (auto& [key, existing] : headers) {
    if (header_name_equals(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

struct HttpRequest {
  std::string method; // "GET", "POST", "PUT", "DELETE", "HEAD", "PATCH"
  std::string url; // scheme://host[:port]/path?query, path and query already RFC 3986 encoded
  Headers headers; // extra headers (opc-retry-token, if-match, opc-request-id, ...)
  std::string body; // exact bytes to send (empty for GET/DELETE)
  int attempt = 1; // set by the retry loop; for logs only
};

struct HttpResponse {
  int status = 0;
  Headers headers; // names as received
  std::string body;
  std::chrono::milliseconds elapsed{0};

  std::string_view header(std::string_view name) const { return find_header(headers, name); }
};

// Sends one request. Any HTTP answer is success (the status is data); only a failure to
// get an answer (DNS, connect, TLS, timeout, reset) is an Error of kind network.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual core::Result<HttpResponse> send(const HttpRequest& request) = 0;
};

} // namespace ocivanilla::oci
