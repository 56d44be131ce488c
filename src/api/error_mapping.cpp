#include "ocivanilla/api/error_mapping.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ocivanilla::api {

namespace {

constexpr std::size_t k_max_body_excerpt = 200;

std::string trim_right(std::string text)
{
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.pop_back();
  }
  return text;
}

// "https://host:port/20160918/instances?x=1" -> "/20160918/instances".
std::string_view path_of(std::string_view url)
{
  const auto scheme_end = url.find("://");
  const auto path_start = url.find('/', scheme_end == std::string_view::npos ? 0 : scheme_end + 3);
  if (path_start == std::string_view::npos) {
    return "/";
  }
  const auto path = url.substr(path_start);
  return path.substr(0, path.find('?'));
}

core::ErrorKind kind_for(int status, std::string_view message)
{
  if (status == 401) {
    return core::ErrorKind::auth;
  }
  if (status == 404) {
    return core::ErrorKind::not_found;
  }
  if (status == 429) {
    return core::ErrorKind::throttled;
  }
  if (status == 500 && message.find("Out of host capacity") != std::string_view::npos) {
    return core::ErrorKind::capacity;
  }
  if (status >= 500 && status < 600) {
    return core::ErrorKind::server;
  }
  return core::ErrorKind::api;
}

// {"code": "...", "message": "..."} -> true with both set; anything else -> false.
bool service_error(std::string_view body, std::string& code, std::string& message)
{
  const auto j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (!j.is_object()) {
    return false;
  }
  const auto c = j.find("code");
  const auto m = j.find("message");
  if (c == j.end() || m == j.end() || !c->is_string() || !m->is_string()) {
    return false;
  }
  code = c->get<std::string>();
  message = trim_right(m->get<std::string>());
  return true;
}

std::string first_line(std::string_view body)
{
  auto line = trim_right(std::string(body.substr(0, body.find('\n'))));
  if (line.size() > k_max_body_excerpt) {
    line = line.substr(0, k_max_body_excerpt) + "...";
  }
  return line;
}

} // namespace

core::Error error_from(const oci::HttpRequest& request, const oci::HttpResponse& response)
{
  std::string code;
  std::string message;
  std::string text;
  if (service_error(response.body, code, message)) {
    text = code + ": " + message;
  } else {
    text = "HTTP " + std::to_string(response.status) + " from " + request.method + " " +
           std::string(path_of(request.url));
    const auto excerpt = first_line(response.body);
    if (!excerpt.empty()) {
      text += ": " + excerpt;
    }
    message = text;
  }
  auto error = core::make_error(kind_for(response.status, message), std::move(text));
  error.http_status = response.status;
  error.code = std::move(code);
  error.opc_request_id = std::string(response.header("opc-request-id"));
  return error;
}

} // namespace ocivanilla::api
