#include "api/rest.hpp"

#include "ocivanilla/api/error_mapping.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/url.hpp"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>

namespace ocivanilla::api::detail {

namespace {

constexpr std::string_view k_api_version = "/20160918";

std::string compact(const nlohmann::json& body)
{
  // replace: invalid UTF-8 in user text must not throw.
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The read-ahead of one paging loop: a single thread that sends the next page's request while
// the caller handles the current page. One thread for the whole loop, not one per page: a new
// thread costs its start-up and its per-thread state (random generator seeding, malloc arena) on
// the path between two pages, where the server waits.
class ReadAhead {
 public:
  using Send = std::function<core::Result<oci::HttpResponse>(const oci::HttpRequest&)>;

  explicit ReadAhead(Send send) : m_send(std::move(send)) {}
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  // Waits for a request in flight (an early stop leaves that request made), then ends the thread.
  ~ReadAhead()
  {
    {
      const std::lock_guard lock(m_mutex);
      m_stop = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable()) {
      m_thread.join();
    }
  }

  // Sends `request` on the thread; false, with nothing sent, when no thread can be started.
  bool start(oci::HttpRequest request)
  {
    if (!m_thread.joinable()) {
      try {
        m_thread = std::thread([this] { run(); });
      } catch (const std::system_error&) {
        return false;
      }
    }
    {
      const std::lock_guard lock(m_mutex);
      m_request = std::move(request);
      m_result.reset();
    }
    m_changed.notify_all();
    return true;
  }

  // The answer to the request of the last start(), once it is there.
  core::Result<oci::HttpResponse> take()
  {
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return m_result.has_value(); });
    auto out = std::move(*m_result);
    m_result.reset();
    return out;
  }

 private:
  void run()
  {
    std::unique_lock lock(m_mutex);
    while (true) {
      m_changed.wait(lock, [this] { return m_stop || m_request.has_value(); });
      if (!m_request.has_value()) {
        return; // stopped, nothing pending
      }
      const oci::HttpRequest request = std::move(*m_request);
      m_request.reset();
      lock.unlock();
      auto result = m_send(request);
      lock.lock();
      m_result = std::move(result);
      m_changed.notify_all();
    }
  }

  Send m_send;
  std::thread m_thread;
  std::mutex m_mutex;
  std::condition_variable m_changed;
  std::optional<oci::HttpRequest> m_request;
  std::optional<core::Result<oci::HttpResponse>> m_result;
  bool m_stop = false;
};

} // namespace

RestClient::RestClient(oci::HttpTransport& transport, std::string_view base_url) : m_transport(transport)
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

oci::HttpRequest RestClient::request(std::string method, std::string_view path, const QueryParams& query,
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

core::Result<nlohmann::json> RestClient::send_json(const oci::HttpRequest& request, std::string_view operation)
{
  auto response = send(request);
  if (!response.ok()) {
    return std::move(response).error();
  }
  return parse_json(response->body, std::string(operation) + " response");
}

core::Status RestClient::for_each_page(std::string_view path, const QueryParams& query, int limit,
                                       std::string_view operation,
                                       const std::function<core::Status(nlohmann::json&)>& on_page, bool read_ahead)
{
  return for_each_page_text(
    path, query, limit, operation,
    [&](std::string& text, const std::string& source) -> core::Status {
      auto body = parse_json(text, source);
      std::string().swap(text); // only the parsed form is kept
      if (!body.ok()) {
        return std::move(body).error();
      }
      return on_page(*body);
    },
    read_ahead);
}

core::Status RestClient::for_each_page_text(std::string_view path, const QueryParams& query, int limit,
                                            std::string_view operation, const PageTextHandler& on_page, bool read_ahead)
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
  ReadAhead ahead([this](const oci::HttpRequest& r) { return send(r); });
  std::string page;
  auto response = send(page_request(page));
  for (int page_number = 1;; ++page_number) {
    if (!response.ok()) {
      return std::move(response).error();
    }
    std::string next(response->header("opc-next-page"));
    if (!next.empty() && next == page) {
      return core::make_error(core::ErrorKind::api, std::string(operation) + ": page " + std::to_string(page_number) +
                                                      " returned its own token as opc-next-page");
    }
    // Read ahead: the next page is on its way while this one is parsed (ReadAhead's destructor
    // waits for it on every early return). Without a thread to spare, it is fetched in turn below.
    const bool ahead_started = read_ahead && !next.empty() && ahead.start(page_request(next));
    const auto source = std::string(operation) + " response (page " + std::to_string(page_number) + ")";
    OVL_TRY(on_page(response->body, source));
    if (next.empty()) {
      return core::Ok{};
    }
    page = std::move(next);
    response = ahead_started ? ahead.take() : send(page_request(page));
  }
}

std::string resource_path(std::string_view collection, std::string_view id)
{
  return "/" + std::string(collection) + "/" + core::percent_encode(id);
}

} // namespace ocivanilla::api::detail
