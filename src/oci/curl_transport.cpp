#include "ocivanilla/oci/curl_transport.hpp"

#include "ocivanilla/core/text.hpp"
#include "ocivanilla/core/version.hpp"

#include <curl/curl.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <system_error>
#include <utility>

namespace ocivanilla::oci {

namespace {

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

} // namespace

struct CurlTransport::Handle {
  Easy curl;
};

// One CURLSH for the transport: a TLS session negotiated by one pooled handle is resumed by the
// others (cleanup runs several at once), and a host is resolved once. Connections stay per
// handle. libcurl calls the lock functions from every thread that uses a handle.
struct CurlTransport::Shared {
  CURLSH* share = nullptr;
  std::mutex locks[CURL_LOCK_DATA_LAST];

  Shared()
  {
    share = curl_share_init();
    if (share == nullptr) {
      return;
    }
    curl_share_setopt(share, CURLSHOPT_LOCKFUNC, &Shared::lock);
    curl_share_setopt(share, CURLSHOPT_UNLOCKFUNC, &Shared::unlock);
    curl_share_setopt(share, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    curl_share_setopt(share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  }
  ~Shared()
  {
    if (share != nullptr) {
      curl_share_cleanup(share);
    }
  }
  Shared(const Shared&) = delete;
  Shared& operator=(const Shared&) = delete;

  static void lock(CURL*, curl_lock_data data, curl_lock_access, void* user)
  {
    static_cast<Shared*>(user)->locks[data].lock();
  }
  static void unlock(CURL*, curl_lock_data data, void* user) { static_cast<Shared*>(user)->locks[data].unlock(); }
};

namespace {

constexpr const char* k_fallback_ca_bundle = "/etc/ssl/certs/ca-certificates.crt";
constexpr std::size_t k_max_idle_handles = 8;
constexpr const char* k_loopback = "localhost,127.0.0.0/8,::1";

// The user's no_proxy plus loopback: a proxy never reaches a local endpoint (the simulator).
std::string no_proxy_list()
{
  const char* user = std::getenv("no_proxy");
  if (user == nullptr || *user == '\0') {
    user = std::getenv("NO_PROXY");
  }
  if (user == nullptr || *user == '\0') {
    return k_loopback;
  }
  return std::string(user) + "," + k_loopback;
}

constexpr long k_receive_buffer_bytes = 128L * 1024;

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void global_init()
{
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Reads a whole file; on failure returns the reason.
std::optional<std::string> read_file(const std::string& path, std::string& out)
{
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return std::generic_category().message(errno);
  }
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) {
    out.append(buffer, n);
  }
  const bool failed = std::ferror(file) != 0;
  std::fclose(file);
  if (failed) {
    return std::string("read error");
  }
  return std::nullopt;
}

std::string default_ca_bundle()
{
  Easy curl(curl_easy_init());
  char* path = nullptr;
  if (curl && curl_easy_getinfo(curl.get(), CURLINFO_CAINFO, &path) == CURLE_OK && path != nullptr) {
    return path;
  }
  return k_fallback_ca_bundle;
}

std::string origin_of(const std::string& url)
{
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    return url;
  }
  return url.substr(0, url.find_first_of("/?#", scheme_end + 3));
}

constexpr curl_off_t k_max_reserve = 16 * 1024 * 1024;

struct BodySink {
  CURL* curl;
  std::string& body;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* sink = static_cast<BodySink*>(user);
  if (sink->body.empty()) {
    // One allocation of the announced size instead of doubling (list pages are ~200 KB);
    // bounded, since the length comes from the peer.
    curl_off_t length = -1;
    if (curl_easy_getinfo(sink->curl, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) == CURLE_OK && length > 0 &&
        length <= k_max_reserve) {
      sink->body.reserve(static_cast<std::size_t>(length));
    }
  }
  sink->body.append(data, size * count);
  return size * count;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user)
{
  auto* headers = static_cast<Headers*>(user);
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") {
    headers->clear(); // a new response: after "100 Continue" or a proxy's CONNECT answer
    return size * count;
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) {
    return size * count;
  }
  std::string name(core::trim(line.substr(0, colon)));
  for (auto& c : name) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  headers->emplace_back(std::move(name), std::string(core::trim(line.substr(colon + 1))));
  return size * count;
}

bool is_body_method(std::string_view method)
{
  return method == "POST" || method == "PUT" || method == "PATCH";
}

Slist header_list(const HttpRequest& request)
{
  curl_slist* list = nullptr;
  const auto add = [&list](const std::string& line) { list = curl_slist_append(list, line.c_str()); };
  for (const auto& [name, value] : request.headers) {
    // "Name;" is libcurl's way to send a header with an empty value.
    add(value.empty() ? name + ";" : name + ": " + value);
  }
  add("Expect:");
  if (is_body_method(request.method) || !request.body.empty()) {
    if (find_header(request.headers, "content-length").empty()) {
      add("Content-Length: " + std::to_string(request.body.size()));
    }
    if (find_header(request.headers, "content-type").empty()) {
      add("Content-Type: application/json");
    }
  }
  return Slist(list);
}

void set_method(CURL* curl, const HttpRequest& request)
{
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else if (is_body_method(request.method) || !request.body.empty()) {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    if (request.method != "POST") {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    }
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
}

struct CallSetup {
  CURLSH* share;
  BodySink& sink;
  const CurlOptions& options;
  std::string& ca_blob;
  const std::string& no_proxy;
  curl_slist* headers;
  char* detail;
  HttpResponse& response;
};

void apply_options(CURL* curl, const CallSetup& setup)
{
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_NOPROXY, setup.no_proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!setup.ca_blob.empty()) {
    // libcurl copies the struct; the bytes stay owned by the transport (NOCOPY).
    curl_blob blob{setup.ca_blob.data(), setup.ca_blob.size(), CURL_BLOB_NOCOPY};
    curl_easy_setopt(curl, CURLOPT_CAINFO_BLOB, &blob);
  }
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(setup.options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(setup.options.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_USERAGENT, setup.options.user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, setup.headers);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, setup.detail);
  // Bodies of list pages are ~150 KB: read them in a few large reads instead of ten 16 KB ones.
  curl_easy_setopt(curl, CURLOPT_BUFFERSIZE, k_receive_buffer_bytes);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &setup.sink);
  if (setup.share != nullptr) {
    curl_easy_setopt(curl, CURLOPT_SHARE, setup.share);
  }
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &setup.response.headers);
}

struct Failure {
  const char* code;
  const char* what;
};

Failure classify(CURLcode code)
{
  switch (code) {
  case CURLE_OPERATION_TIMEDOUT: return {"Timeout", "timed out"};
  case CURLE_COULDNT_CONNECT: return {"ConnectFailed", "cannot connect"};
  case CURLE_COULDNT_RESOLVE_HOST:
  case CURLE_COULDNT_RESOLVE_PROXY: return {"ResolveFailed", "cannot resolve the host"};
  case CURLE_SSL_CONNECT_ERROR: return {"TlsHandshake", "TLS handshake failed"};
  case CURLE_SSL_CACERT_BADFILE: return {"TlsVerification", "cannot load the CA certificates"};
  case CURLE_SEND_ERROR: return {"SendFailed", "sending failed"};
  case CURLE_RECV_ERROR:
  case CURLE_GOT_NOTHING:
  case CURLE_PARTIAL_FILE: return {"ReceiveFailed", "connection lost while receiving"};
  default: return {"Curl", "request failed"};
  }
}

core::Error transport_error(const HttpRequest& request, CURLcode code, const char* detail_buffer)
{
  const std::string detail = detail_buffer[0] != '\0' ? detail_buffer : curl_easy_strerror(code);
  core::Error error;
  error.kind = core::ErrorKind::network;
  error.opc_request_id = std::string(find_header(request.headers, "opc-request-id"));
  if (code == CURLE_PEER_FAILED_VERIFICATION) {
    error.code = "TlsVerification";
    error.message = "TLS certificate verification failed for " + origin_of(request.url) + ": " + detail +
                    "; pass --cert-bundle with the CA that signed it";
    return error;
  }
  const auto failure = classify(code);
  error.code = failure.code;
  error.message = request.method + " " + request.url + ": " + failure.what + ": " + detail;
  return error;
}

} // namespace

CurlTransport::CurlTransport(CurlOptions options) : m_options(std::move(options)), m_no_proxy(no_proxy_list())
{
  global_init();
  m_shared = std::make_unique<Shared>();
  if (m_options.user_agent.empty()) {
    m_options.user_agent = std::string("ocivanilla/") + k_version;
  }
  if (m_options.cert_bundle.empty()) {
    return;
  }
  std::string extra;
  if (auto failure = read_file(m_options.cert_bundle, extra)) {
    m_status = core::make_error(core::ErrorKind::config,
                                "cannot read --cert-bundle " + m_options.cert_bundle + ": " + *failure);
    return;
  }
  if (extra.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    m_status = core::make_error(core::ErrorKind::config,
                                "--cert-bundle " + m_options.cert_bundle + ": no PEM certificate in the file");
    return;
  }
  // CAINFO replaces the default bundle, so the blob carries both. A missing system bundle
  // leaves the extra certificates as the only trust anchors.
  const auto system_path = m_options.system_ca_bundle.empty() ? default_ca_bundle() : m_options.system_ca_bundle;
  const bool have_system = !read_file(system_path, m_ca_blob).has_value();
  if (!have_system) {
    m_ca_blob.clear();
  }
  m_ca_blob += "\n" + extra;
}

CurlTransport::~CurlTransport() = default;

core::Result<std::unique_ptr<CurlTransport>> CurlTransport::create(CurlOptions options)
{
  auto transport = std::make_unique<CurlTransport>(std::move(options));
  if (!transport->status().ok()) {
    return transport->status().error();
  }
  return transport;
}

std::unique_ptr<CurlTransport::Handle> CurlTransport::acquire()
{
  {
    const std::lock_guard lock(m_mutex);
    if (!m_idle.empty()) {
      auto handle = std::move(m_idle.back());
      m_idle.pop_back();
      return handle;
    }
  }
  auto handle = std::make_unique<Handle>();
  handle->curl.reset(curl_easy_init());
  return handle;
}

void CurlTransport::release(std::unique_ptr<Handle> handle)
{
  const std::lock_guard lock(m_mutex);
  if (m_idle.size() < k_max_idle_handles) {
    m_idle.push_back(std::move(handle));
  }
}

core::Result<HttpResponse> CurlTransport::send(const HttpRequest& request)
{
  if (!m_status.ok()) {
    return m_status.error();
  }
  auto handle = acquire();
  CURL* curl = handle->curl.get();
  if (curl == nullptr) {
    return core::make_error(core::ErrorKind::internal, "cannot create a libcurl handle");
  }
  // reset() keeps the live connections and the TLS session cache of the handle.
  curl_easy_reset(curl);
  const Slist headers = header_list(request);
  HttpResponse response;
  char detail[CURL_ERROR_SIZE] = {};
  BodySink sink{curl, response.body};
  apply_options(curl,
                CallSetup{m_shared->share, sink, m_options, m_ca_blob, m_no_proxy, headers.get(), detail, response});
  set_method(curl, request);
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  // libcurl silently resends a request whose reused connection died before any answer; that
  // is only safe when the service can deduplicate it. A POST without opc-retry-token therefore
  // never rides on a reused connection.
  const bool non_replayable = request.method == "POST" && find_header(request.headers, "opc-retry-token").empty();
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, non_replayable ? 1L : 0L);

  const auto started = std::chrono::steady_clock::now();
  const CURLcode code = curl_easy_perform(curl);
  response.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  // The error buffer and header list die with this frame: unhook them before pooling.
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
  release(std::move(handle));
  if (code != CURLE_OK) {
    return transport_error(request, code, detail);
  }
  response.status = static_cast<int>(status);
  return response;
}

} // namespace ocivanilla::oci
