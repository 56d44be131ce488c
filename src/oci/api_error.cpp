#include "ocivanilla/oci/api_error.hpp"

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/text.hpp"

#include <nlohmann/json.hpp>

#include <cmath>

namespace ocivanilla::oci {

namespace {

constexpr std::size_t k_max_body_excerpt = 200;
constexpr std::string_view k_capacity_text = "Out of host capacity";

// Path and query of an absolute URL ("/" when there is none).
std::string target_of(std::string_view url)
{
  const auto scheme_end = url.find("://");
  const auto from = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto slash = url.find_first_of("/?", from);
  return slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
}

std::string body_excerpt(std::string_view body)
{
  auto line = core::trim(body.substr(0, body.find('\n')));
  if (line.size() > k_max_body_excerpt) {
    return std::string(line.substr(0, k_max_body_excerpt)) + "...";
  }
  return std::string(line);
}

core::ErrorKind kind_for(int status, std::string_view text)
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
  if (status == 500 && text.find(k_capacity_text) != std::string_view::npos) {
    return core::ErrorKind::capacity;
  }
  if (status >= 500 && status <= 599) {
    return core::ErrorKind::server;
  }
  return core::ErrorKind::api;
}

// The text between the quotes following `label` ("Date '...'" -> "...").
std::string_view quoted_after(std::string_view text, std::string_view label)
{
  const auto at = text.find(label);
  if (at == std::string_view::npos) {
    return {};
  }
  const auto open = at + label.size();
  const auto close = text.find('\'', open);
  return close == std::string_view::npos ? std::string_view{} : text.substr(open, close - open);
}

// IMF-fixdate; the service writes its dates with "UTC" where HTTP has "GMT".
bool parse_service_date(std::string_view text, core::TimePoint& out)
{
  std::string normalised(core::trim(text));
  constexpr std::string_view k_utc = " UTC";
  if (normalised.size() > k_utc.size() &&
      std::string_view(normalised).substr(normalised.size() - k_utc.size()) == k_utc) {
    normalised.replace(normalised.size() - k_utc.size(), k_utc.size(), " GMT");
  }
  return core::parse_http_date(normalised, out);
}

long rounded_minutes(core::TimePoint a, core::TimePoint b)
{
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(a - b).count();
  return std::lround(std::fabs(static_cast<double>(seconds)) / 60.0);
}

} // namespace

ApiErrorBody parse_error_body(std::string_view body)
{
  ApiErrorBody result;
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (!json.is_object()) {
    return result;
  }
  if (const auto code = json.find("code"); code != json.end() && code->is_string()) {
    result.code = code->get<std::string>();
  }
  if (const auto message = json.find("message"); message != json.end() && message->is_string()) {
    result.message = std::string(core::trim(message->get_ref<const std::string&>()));
  }
  return result;
}

std::optional<long> clock_skew_minutes(const HttpRequest& request, const HttpResponse& response,
                                       std::string_view message)
{
  if (message.find("clock skew") == std::string_view::npos) {
    return std::nullopt;
  }
  core::TimePoint client;
  core::TimePoint server;
  if (parse_service_date(quoted_after(message, "Date '"), client) &&
      parse_service_date(quoted_after(message, "Current '"), server)) {
    return rounded_minutes(server, client);
  }
  auto sent = find_header(request.headers, "date");
  if (sent.empty()) {
    sent = find_header(request.headers, "x-date");
  }
  if (parse_service_date(sent, client) && parse_service_date(response.header("date"), server)) {
    return rounded_minutes(server, client);
  }
  return std::nullopt;
}

core::Error error_from_response(const HttpRequest& request, const HttpResponse& response)
{
  const auto body = parse_error_body(response.body);
  const std::string code = body.code.empty() ? "HTTP " + std::to_string(response.status) : body.code;
  const std::string detail = body.message.empty() ? body_excerpt(response.body) : body.message;

  core::Error error;
  error.http_status = response.status;
  error.code = body.code;
  error.kind = kind_for(response.status, detail);
  error.message = request.method + " " + target_of(request.url) + ": " + code;
  if (!detail.empty()) {
    error.message += ": " + detail;
  }
  if (response.status == 401 && detail.find("clock skew") != std::string::npos) {
    const auto minutes = clock_skew_minutes(request, response, detail);
    if (minutes) {
      error.message += ": your clock is off by about " + std::to_string(*minutes) +
                       (*minutes == 1 ? " minute" : " minutes") + " (sync it with NTP)";
    } else {
      error.message += ": your clock is off (sync it with NTP)";
    }
  }
  const auto response_id = response.header("opc-request-id");
  error.opc_request_id = std::string(response_id.empty() ? find_header(request.headers, "opc-request-id")
                                                         : response_id);
  return error;
}

} // namespace ocivanilla::oci
