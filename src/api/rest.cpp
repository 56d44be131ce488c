#include "api/rest.hpp"

#include "ocivanilla/api/error_mapping.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/url.hpp"

#include <future>
#include <system_error>

namespace ocivanilla::api::detail {

namespace {

constexpr std::string_view k_api_version = "/20160918";

std::string compact(const nlohmann::json& body)
{
  // replace: invalid UTF-8 in user text must not throw.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace

RestClient::RestClient(oci::HttpTransport& transport, std::string_view base_url)
  : m_transport(transport)
{
  while (!base_url.empty() && base_url.back() == '/') {
    base_url.remove_suffix(1);
  }
  m_endpoint = std::string(base_url) + std::string(k_api_version);
}

std::string RestClient::url(std::string_view path, const QueryParams& query) const
{
  core::QueryBuilder builder;
  for (const auto& [key, value] : query) {
    builder.add(key, value);
  }
  return m_endpoint + std::string(path) + builder.str();
}

oci::HttpRequest RestClient::request(std::string method, std::string_view path,
                                     const QueryParams& query,
                                     const std::optional<nlohmann::json>& body) const
{
  oci::HttpRequest out;
  out.url = url(path, query);
  if (body.has_value()) {
    out.body = compact(*body);
  }
  if (method == "POST" || method == "PUT") {
    oci::set_header(out.headers, "Content-Type", "application/json");
  }
  out.method = std::move(method);
  return out;
}

core::Result<oci::HttpResponse> RestClient::send(const oci::HttpRequest& request)
{
  auto response = m_transport.send(request);
  if (!response.ok()) {
    return std::move(response).error();
  }
  if (!is_success(response->status)) {
    return error_from(request, *response);
  }
  return response;
}

core::Result<nlohmann::json> RestClient::send_json(const oci::HttpRequest& request,
                                                   std::string_view operation)
{
  auto response = send(request);
  if (!response.ok()) {
    return std::move(response).error();
  }
  return parse_json(response->body, std::string(operation) + " response");
}

core::Status RestClient::for_each_page(std::string_view path, const QueryParams& query, int limit,
                                       std::string_view operation,
                                       const std::function<core::Status(nlohmann::json&)>& on_page,
                                       bool read_ahead)
{
  return for_each_page_text(
    path, query, limit, operation,
    [&](std::string& text, const std::string& source) -> core::Status {
      auto body = parse_json(text, source);
      std::string().swap(text);  // only the parsed form is kept
      if (!body.ok()) {
        return std::move(body).error();
      }
      return on_page(*body);
    },
    read_ahead);
}

core::Status RestClient::for_each_page_text(std::string_view path, const QueryParams& query, int limit,
                                            std::string_view operation, const PageTextHandler& on_page,
                                            bool read_ahead)
{
  const auto page_request = [&](const std::string& token) {
    QueryParams params = query;
    if (limit > 0) {
      params.emplace_back("limit", std::to_string(limit));
    }
    if (!token.empty()) {
      params.emplace_back("page", token);
    }
    return request("GET", path, params);
  };
  std::string page;
  auto response = send(page_request(page));
  for (int page_number = 1;; ++page_number) {
    if (!response.ok()) {
      return std::move(response).error();
    }
    std::string next(response->header("opc-next-page"));
    if (!next.empty() && next == page) {
      return core::make_error(core::ErrorKind::api, std::string(operation) + ": page " +
                                                        std::to_string(page_number) +
                                                        " returned its own token as opc-next-page");
    }
    // Read ahead: the next page is on its way while this one is parsed (the future's
    // destructor waits for it on every early return).
    std::future<core::Result<oci::HttpResponse>> ahead;
    if (read_ahead && !next.empty()) {
      try {
        ahead = std::async(std::launch::async, [this, ahead_request = page_request(next)] {
          return send(ahead_request);
        });
      } catch (const std::system_error&) {
        // No thread to spare: the page is fetched in turn below.
      }
    }
    const auto source = std::string(operation) + " response (page " + std::to_string(page_number) + ")";
    OVL_TRY(on_page(response->body, source));
    if (next.empty()) {
      return core::Ok{};
    }
    page = std::move(next);
    response = ahead.valid() ? ahead.get() : send(page_request(page));
  }
}

std::string resource_path(std::string_view collection, std::string_view id)
{
  return "/" + std::string(collection) + "/" + core::percent_encode(id);
}

} // namespace ocivanilla::api::detail
