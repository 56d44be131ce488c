#pragma once

#include "ocivanilla/oci/http.hpp"

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace ocivanilla::testing {

// An HttpTransport that records every request and answers from a script.
// Scripted replies are used in order; with none left, the handler (if set) answers,
// else the call fails with a network error naming the request.
class FakeTransport final : public oci::HttpTransport {
 public:
  using Handler = std::function<core::Result<oci::HttpResponse>(const oci::HttpRequest&)>;

  core::Result<oci::HttpResponse> send(const oci::HttpRequest& request) override;

  // Queue an HTTP answer.
  FakeTransport& reply(int status, std::string body, oci::Headers headers = {});
  // Queue a transport failure (no HTTP answer).
  FakeTransport& fail(core::ErrorKind kind, std::string message);
  void set_handler(Handler handler) { m_handler = std::move(handler); }

  const std::vector<oci::HttpRequest>& requests() const { return m_requests; }
  std::size_t remaining() const { return m_script.size(); }

 private:
  std::deque<core::Result<oci::HttpResponse>> m_script;
  Handler m_handler;
  std::vector<oci::HttpRequest> m_requests;
};

} // namespace ocivanilla::testing
