#pragma once

#include "ocivanilla/oci/http.hpp"

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ocivanilla::oci {

struct CurlOptions {
  // Extra CA certificates (PEM file, --cert-bundle) trusted in addition to the system bundle.
  // Empty: the system bundle only. TLS verification is never switched off.
  std::string cert_bundle;
  // The system bundle the extra file is added to. Empty: libcurl's built-in default
  // (falling back to /etc/ssl/certs/ca-certificates.crt).
  std::string system_ca_bundle;
  std::chrono::milliseconds connect_timeout{std::chrono::seconds(10)};
  std::chrono::milliseconds total_timeout{std::chrono::seconds(60)};
  // Empty: "ocivanilla/<version>".
  std::string user_agent;
};

// The real HttpTransport: libcurl, keep-alive connections and TLS sessions reused across
// calls. Thread-safe: each call borrows an easy handle from a small pool (one per thread
// that is sending at the same time), so sequential calls share one connection.
// Requests go out exactly as given (CURLOPT_PATH_AS_IS, no redirects followed, no
// "Expect: 100-continue"); the standard proxy variables (https_proxy, no_proxy, ...) apply,
// except that loopback hosts (localhost, 127.0.0.0/8, ::1) are always reached directly.
// Failures are Errors of kind network naming the method and URL, with `code`:
//   "TlsVerification" - the server certificate could not be verified (never worth a retry)
//   "Timeout"         - connect or total timeout
//   "ConnectFailed", "ResolveFailed", "TlsHandshake", "SendFailed", "ReceiveFailed", "Curl"
// and opc_request_id taken from the request. An unreadable --cert-bundle is a config error,
// returned by create() and by every send().
class CurlTransport final : public HttpTransport {
 public:
  explicit CurlTransport(CurlOptions options);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  // Like the constructor, but reports a bad --cert-bundle right away.
  static core::Result<std::unique_ptr<CurlTransport>> create(CurlOptions options);

  core::Result<HttpResponse> send(const HttpRequest& request) override;

  // The error found while loading the CA bundle, if any.
  const core::Status& status() const { return m_status; }

 private:
  struct Handle;
  struct Shared; // TLS session and DNS caches shared by the pooled handles
  std::unique_ptr<Handle> acquire();
  void release(std::unique_ptr<Handle> handle);

  CurlOptions m_options;
  std::string m_no_proxy; // no_proxy from the environment plus loopback
  std::string m_ca_blob; // system bundle + cert_bundle, when cert_bundle is set
  core::Status m_status;
  std::unique_ptr<Shared> m_shared; // before m_idle: handles are cleaned up first
  std::mutex m_mutex;
  std::vector<std::unique_ptr<Handle>> m_idle;
};

} // namespace ocivanilla::oci
