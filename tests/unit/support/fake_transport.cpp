#include "support/fake_transport.hpp"

namespace ocivanilla::testing {

core::Result<oci::HttpResponse> FakeTransport::send(const oci::HttpRequest& request)
{
  m_requests.push_back(request);
  if (!m_script.empty()) {
    auto next = std::move(m_script.front());
    m_script.pop_front();
    return next;
  }
  if (m_handler) {
    return m_handler(request);
  }
  return core::make_error(core::ErrorKind::network,
                          "FakeTransport: no scripted reply for " + request.method + " " + request.url);
}

FakeTransport& FakeTransport::reply(int status, std::string body, oci::Headers headers)
{
  oci::HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  m_script.emplace_back(std::move(response));
  return *this;
}

FakeTransport& FakeTransport::fail(core::ErrorKind kind, std::string message)
{
  m_script.emplace_back(core::make_error(kind, std::move(message)));
  return *this;
}

} // namespace ocivanilla::testing
