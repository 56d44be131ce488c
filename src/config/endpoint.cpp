#include "ocivanilla/config/endpoint.hpp"

#include "ocivanilla/core/url.hpp"

#include <cctype>

namespace ocivanilla::config {

namespace {

using core::ErrorKind;
using core::make_error;

core::Error invalid(std::string_view text, std::string_view reason)
{
  return make_error(ErrorKind::usage, "invalid endpoint '" + std::string(text) + "': " + std::string(reason));
}

bool starts_with_nocase(std::string_view text, std::string_view prefix)
{
  if (text.size() < prefix.size()) {
    return false;
  }
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

core::Result<std::string> validate_endpoint(std::string_view text)
{
  if (!starts_with_nocase(text, "http://") && !starts_with_nocase(text, "https://")) {
    return invalid(text, "expected http://HOST[:PORT] or https://HOST[:PORT]");
  }
  auto url = core::parse_url(text);
  if (!url.ok()) {
    // parse_url says "invalid URL '<text>': <reason>"; keep the reason only.
    const std::string& message = url.error().message;
    const std::string prefix = "invalid URL '" + std::string(text) + "': ";
    return invalid(text, message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message);
  }
  if (url->host.empty()) {
    return invalid(text, "no host");
  }
  if (url->target != "/" || text.find_first_of("?#") != std::string_view::npos) {
    return invalid(text, "it must not have a path or query (calls go to <URL>/20160918/...)");
  }
  if (url->scheme == "http" && !core::is_loopback_host(url->host)) {
    return make_error(ErrorKind::usage, "http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); "
                                        "use https:// for " +
                                          url->host);
  }
  return url->origin();
}

core::Result<ServiceEndpoints> resolve_endpoints(std::string_view region,
                                                 const std::optional<std::string>& endpoint_override)
{
  if (endpoint_override) {
    auto base = validate_endpoint(*endpoint_override);
    OVL_TRY(base);
    return ServiceEndpoints{*base, *base, *base};
  }
  return regional_endpoints(region);
}

} // namespace ocivanilla::config
