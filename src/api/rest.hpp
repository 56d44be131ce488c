#pragma once

#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocivanilla::api::detail {

using QueryParams = std::vector<std::pair<std::string, std::string>>;

// What the Compute and Identity clients share: the versioned endpoint, request building, the
// non-2xx -> Error mapping and the opc-next-page loop.
class RestClient {
 public:
  // base_url: scheme://host[:port] (a trailing '/' is ignored); "/20160918" is appended.
  RestClient(oci::HttpTransport& transport, std::string_view base_url);

  const std::string& endpoint() const { return m_endpoint; }

  // endpoint + path + encoded query. `path` starts with '/' and is already encoded.
  std::string url(std::string_view path, const QueryParams& query = {}) const;

  // A request; a non-empty `body` (POST/PUT) is sent compact with Content-Type: application/json,
  // as is every POST/PUT (the signer needs the header even for an empty body).
  oci::HttpRequest request(std::string method, std::string_view path, const QueryParams& query,
                           const std::optional<nlohmann::json>& body = std::nullopt) const;

  // Sends; a non-2xx answer becomes error_from(...).
  core::Result<oci::HttpResponse> send(const oci::HttpRequest& request);

  // Sends and parses the body as JSON; `operation` ("GetInstance") names it in errors.
  core::Result<nlohmann::json> send_json(const oci::HttpRequest& request, std::string_view operation);

  // GET path?query[&limit=N]&page=... until no opc-next-page; on_page gets each body (a JSON
  // array; it may move elements out). limit 0 sends no limit. A repeated page token is an error
  // (the loop would not end). read_ahead: the request for page N+1 is sent, on another thread,
  // as soon as page N's headers name it, so the server works on it while page N is parsed and
  // handled (the transport must be thread-safe; CurlTransport and its decorators are); an
  // early stop then leaves that request made.
  core::Status for_each_page(std::string_view path, const QueryParams& query, int limit, std::string_view operation,
                             const std::function<core::Status(nlohmann::json&)>& on_page, bool read_ahead = false);
  // As for_each_page, but on_page gets each page's body text (it may modify or take it) and the
  // name of the page for messages ("ListInstances response (page 3)"); the caller parses.
  using PageTextHandler = std::function<core::Status(std::string& body, const std::string& source)>;
  core::Status for_each_page_text(std::string_view path, const QueryParams& query, int limit,
                                  std::string_view operation, const PageTextHandler& on_page, bool read_ahead = false);

 private:
  oci::HttpTransport& m_transport;
  std::string m_endpoint;
};

// "/instances/" + percent_encode(id)
std::string resource_path(std::string_view collection, std::string_view id);

} // namespace ocivanilla::api::detail
