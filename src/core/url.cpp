#include "ocivanilla/core/url.hpp"

#include "ocivanilla/core/encoding.hpp"

#include <cctype>
#include <charconv>

namespace ocivanilla::core {

namespace {

bool is_unreserved(unsigned char c)
{
  return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

std::string lower(std::string_view text)
{
  std::string out(text);
  for (auto& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

Error url_error(std::string_view text, std::string_view why)
{
  return make_error(ErrorKind::usage, "invalid URL '" + std::string(text) + "': " + std::string(why));
}

} // namespace

std::string percent_encode(std::string_view text)
{
  static constexpr char k_hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c)) {
      out += ch;
    } else {
      out += '%';
      out += k_hex[c >> 4];
      out += k_hex[c & 0x0F];
    }
  }
  return out;
}

std::string percent_decode(std::string_view text)
{
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

QueryBuilder& QueryBuilder::add(std::string_view key, std::string_view value)
{
  m_params.emplace_back(std::string(key), std::string(value));
  return *this;
}

std::string QueryBuilder::str() const
{
  std::string out;
  for (const auto& [key, value] : m_params) {
    out += out.empty() ? '?' : '&';
    out += percent_encode(key);
    out += '=';
    out += percent_encode(value);
  }
  return out;
}

std::string Url::host_header() const
{
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string out;
  out.reserve(host.size() + 8);
  if (ipv6) {
    out += '[';
  }
  out += host;
  if (ipv6) {
    out += ']';
  }
  if (port != 0) {
    out += ':';
    out += std::to_string(port);
  }
  return out;
}

std::string Url::origin() const
{
  return scheme + "://" + host_header();
}

Result<Url> parse_url(std::string_view text)
{
  Url url;
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos) {
    return url_error(text, "expected scheme://host");
  }
  url.scheme = lower(text.substr(0, scheme_end));
  if (url.scheme != "http" && url.scheme != "https") {
    return url_error(text, "scheme must be http or https");
  }
  std::string_view rest = text.substr(scheme_end + 3);
  const auto target_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, target_start);
  url.target = target_start == std::string_view::npos ? "/" : std::string(rest.substr(target_start));
  if (!url.target.empty() && url.target[0] == '?') {
    url.target = "/" + url.target;
  }
  if (url.target.find('#') != std::string::npos) {
    return url_error(text, "fragments are not allowed");
  }
  if (authority.find('@') != std::string_view::npos) {
    return url_error(text, "user information is not allowed");
  }
  std::string_view port_text;
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      return url_error(text, "unterminated IPv6 address");
    }
    url.host = lower(authority.substr(1, close - 1));
    if (url.host.find(':') == std::string::npos) {
      return url_error(text, "brackets are only for IPv6 addresses");
    }
    const auto after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after[0] != ':') {
        return url_error(text, "unexpected text after IPv6 address");
      }
      port_text = after.substr(1);
    }
  } else {
    const auto colon = authority.rfind(':');
    url.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
    }
  }
  if (url.host.empty()) {
    return url_error(text, "missing host");
  }
  for (const char c : url.host) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '-' && c != ':' && c != '_') {
      return url_error(text, "invalid character in host");
    }
  }
  if (!port_text.empty()) {
    int port = 0;
    const auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || ptr != port_text.data() + port_text.size() || port < 1 || port > 65535) {
      return url_error(text, "invalid port '" + std::string(port_text) + "'");
    }
    const int default_port = url.scheme == "https" ? 443 : 80;
    url.port = port == default_port ? 0 : port;
  }
  return url;
}

bool is_loopback_host(std::string_view host)
{
  if (host == "localhost" || host == "::1" || host == "[::1]") {
    return true;
  }
  // 127.0.0.0/8 as a dotted quad.
  int parts = 0;
  std::size_t pos = 0;
  int first = -1;
  while (pos <= host.size()) {
    const auto dot = host.find('.', pos);
    const auto piece = host.substr(pos, dot == std::string_view::npos ? std::string_view::npos : dot - pos);
    int value = -1;
    const auto [ptr, ec] = std::from_chars(piece.data(), piece.data() + piece.size(), value);
    if (piece.empty() || ec != std::errc{} || ptr != piece.data() + piece.size() || value < 0 || value > 255) {
      return false;
    }
    if (parts == 0) {
      first = value;
    }
    ++parts;
    if (dot == std::string_view::npos) {
      break;
    }
    pos = dot + 1;
  }
  return parts == 4 && first == 127;
}

} // namespace ocivanilla::core
