#include "ocivanilla/oci/logging_transport.hpp"

#include "ocivanilla/oci/request_id.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <chrono>

namespace ocivanilla::oci {

namespace {

constexpr std::string_view k_redacted = "<redacted>";
constexpr std::size_t k_max_logged_body = 300;
constexpr std::array<std::string_view, 7> k_secret_headers = {
  "authorization", "proxy-authorization", "opc-obo-token", "x-subject-token", "cookie", "set-cookie", "x-auth-token"};

bool is_secret_header(std::string_view name)
{
  for (const auto secret : k_secret_headers) {
    if (header_name_equals(name, secret)) {
      return true;
    }
  }
  return false;
}

// Replaces every PEM block ("-----BEGIN ...-----" to the end of "-----END ...-----").
std::string redact_pem(std::string_view text)
{
  constexpr std::string_view k_begin = "-----BEGIN ";
  constexpr std::string_view k_end = "-----END ";
  std::string out;
  std::size_t from = 0;
  while (true) {
    const auto begin = text.find(k_begin, from);
    if (begin == std::string_view::npos) {
      out.append(text.substr(from));
      return out;
    }
    out.append(text.substr(from, begin - from));
    out.append("<redacted PEM>");
    const auto end = text.find(k_end, begin);
    const auto close = end == std::string_view::npos ? end : text.find("-----", end + k_end.size());
    if (close == std::string_view::npos) {
      return out;
    }
    from = close + 5;
  }
}

// key="value" and key=\"value\" (inside JSON) -> key="<redacted>" keeping `keep` leading chars.
std::string redact_quoted(std::string text, std::string_view key, std::string_view keep_prefix)
{
  for (const std::string_view quote : {std::string_view("\""), std::string_view("\\\"")}) {
    const std::string opener = std::string(key) + "=" + std::string(quote) + std::string(keep_prefix);
    std::size_t at = 0;
    while ((at = text.find(opener, at)) != std::string::npos) {
      const auto start = at + opener.size();
      const auto stop = text.find(quote, start);
      const auto length = stop == std::string::npos ? std::string::npos : stop - start;
      text.replace(start, length, k_redacted);
      at = start + k_redacted.size();
    }
  }
  return text;
}

std::string joined_headers(const Headers& headers)
{
  std::string out;
  for (const auto& [name, value] : redact_headers(headers)) {
    if (!out.empty()) {
      out += "; ";
    }
    out += name + ": " + value;
  }
  return out;
}

} // namespace

Headers redact_headers(const Headers& headers)
{
  Headers out = headers;
  for (auto& [name, value] : out) {
    if (is_secret_header(name)) {
      value = std::string(k_redacted);
    }
  }
  return out;
}

std::string redact_text(std::string_view text)
{
  auto out = redact_pem(text);
  out = redact_quoted(std::move(out), "signature", "");
  return redact_quoted(std::move(out), "keyId", "ST$");
}

LoggingTransport::LoggingTransport(HttpTransport& inner) : m_inner(inner) {}

core::Result<HttpResponse> LoggingTransport::send(const HttpRequest& request)
{
  HttpRequest sent = request;
  const auto sent_id = ensure_request_id(sent);
  const auto started = std::chrono::steady_clock::now();
  auto outcome = m_inner.send(sent);
  const auto elapsed_ms =
    std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  const auto url = redact_text(request.url);
  if (!outcome.ok()) {
    spdlog::debug("{} {} -> failed in {} ms: {} (attempt {}, opc-request-id {})", request.method, url, elapsed_ms,
                  redact_text(outcome.error().message), request.attempt, sent_id);
    return outcome;
  }
  const auto& response = *outcome;
  const auto answered_id = response.header("opc-request-id");
  spdlog::debug("{} {} -> {} in {} ms (attempt {}, opc-request-id {})", request.method, url, response.status,
                elapsed_ms, request.attempt, answered_id.empty() ? std::string_view(sent_id) : answered_id);
  if (response.status >= 400) {
    spdlog::debug("  request headers: {}", redact_text(joined_headers(sent.headers)));
    // Redact before cutting, so a cut cannot leave half a secret unrecognised.
    const auto body = redact_text(response.body);
    spdlog::debug("  response body: {}{}", std::string_view(body).substr(0, k_max_logged_body),
                  body.size() > k_max_logged_body ? "..." : "");
  }
  return outcome;
}

} // namespace ocivanilla::oci
