#include "server.hpp"

#include "ocivanilla/core/url.hpp"

#include <httplib.h>

#include <arpa/inet.h>
#include <csignal>
#include <filesystem>
#include <netinet/in.h>
#include <sys/socket.h>

namespace ocivanilla::sim {

namespace {

constexpr std::size_t k_payload_max = 1024 * 1024;

int port_of(const sockaddr_storage& address)
{
  if (address.ss_family == AF_INET) {
    return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  }
  if (address.ss_family == AF_INET6) {
    return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  }
  return -1;
}

// The server-side socket of the connection a request came in on: its local and peer ports
// match the request's. cpp-httplib 0.11 does not hand the socket to handlers, so look for it.
int find_connection_socket(const httplib::Request& request)
{
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    const int fd = std::atoi(entry.path().filename().c_str());
    sockaddr_storage local{};
    sockaddr_storage peer{};
    socklen_t local_length = sizeof local;
    socklen_t peer_length = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
        getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_length) != 0) {
      continue;
    }
    if (port_of(local) == request.local_port && port_of(peer) == request.remote_port) {
      return fd;
    }
  }
  return -1;
}

ApiRequest to_api_request(const httplib::Request& req)
{
  ApiRequest out;
  out.method = req.method;
  out.target = req.target;
  out.path = req.path;
  const auto question = req.target.find('?');
  out.query = question == std::string::npos ? "" : req.target.substr(question + 1);
  out.params.insert(req.params.begin(), req.params.end());
  out.headers.assign(req.headers.begin(), req.headers.end());
  out.body = req.body;
  return out;
}

void send_response(const ApiResponse& api, httplib::Response& res)
{
  res.status = api.status;
  std::string content_type = "application/json"; // unless the reply names its own (metadata: text/plain)
  for (const auto& [name, value] : api.headers) {
    if (name == "Content-Type") {
      content_type = value;
    } else {
      res.set_header(name, value);
    }
  }
  if (api.status == 204) {
    res.set_header("Content-Type", content_type);
  } else {
    res.set_content(api.body, content_type);
  }
}

std::string error_body(std::string_view code, std::string_view message)
{
  return nlohmann::json{{"code", code}, {"message", message}}.dump();
}

} // namespace

SimServer::SimServer(Simulator& simulator, ServerOptions options)
    : m_simulator(simulator), m_options(std::move(options))
{}

SimServer::~SimServer()
{
  stop();
}

core::Result<int> SimServer::bind()
{
  if (!core::is_loopback_host(m_options.host)) {
    return core::make_error(core::ErrorKind::usage,
                            "--host '" + m_options.host + "' is not a loopback address (127.0.0.0/8, ::1, localhost)");
  }
  const bool tls = !m_options.tls_cert_file.empty() || !m_options.tls_key_file.empty();
  if (tls) {
    auto server = std::make_unique<httplib::SSLServer>(m_options.tls_cert_file.c_str(), m_options.tls_key_file.c_str());
    if (!server->is_valid()) {
      return core::make_error(core::ErrorKind::usage, "cannot use the TLS certificate '" + m_options.tls_cert_file +
                                                        "' with the key '" + m_options.tls_key_file + "'");
    }
    m_server = std::move(server);
  } else {
    m_server = std::make_unique<httplib::Server>();
  }
  std::signal(SIGPIPE, SIG_IGN); // a dropped connection must not kill the process
  // Small replies on a kept-alive connection must not wait for Nagle's delayed ACK (~40 ms),
  // and a client may reuse one connection for a whole listing or cleanup run.
  m_server->set_tcp_nodelay(true);
  m_server->set_keep_alive_max_count(1000);
  install_handlers();
  if (m_options.port == 0) {
    m_port = m_server->bind_to_any_port(m_options.host);
  } else {
    m_port = m_server->bind_to_port(m_options.host, m_options.port) ? m_options.port : -1;
  }
  if (m_port <= 0) {
    return core::make_error(core::ErrorKind::usage,
                            "cannot bind " + m_options.host + ":" + std::to_string(m_options.port));
  }
  return m_port;
}

std::string SimServer::base_url() const
{
  const bool tls = !m_options.tls_cert_file.empty();
  const bool v6 = m_options.host.find(':') != std::string::npos;
  const std::string host = v6 ? "[" + m_options.host + "]" : m_options.host;
  return std::string(tls ? "https" : "http") + "://" + host + ":" + std::to_string(m_port);
}

void SimServer::install_handlers()
{
  m_server->set_payload_max_length(k_payload_max);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    const ApiRequest request = to_api_request(req);
    if (req.path.rfind("/_sim/", 0) == 0) {
      send_response(m_simulator.handle_admin(request), res);
      return;
    }
    Reply reply = m_simulator.handle_api(request);
    if (reply.delay.count() > 0) {
      std::this_thread::sleep_for(reply.delay);
    }
    if (reply.drop_connection) {
      const int fd = find_connection_socket(req);
      if (fd >= 0) {
        ::shutdown(fd, SHUT_RDWR);
      }
      res.status = 500;
      return;
    }
    send_response(reply.response, res);
    if (reply.truncate) {
      const std::string body = reply.response.body;
      res.body.clear();
      res.headers.erase("Content-Type");
      res.set_content_provider(body.size(), "application/json",
                               [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset == 0) {
                                   sink.write(body.data(), body.size() / 2);
                                 }
                                 return false;
                               });
    }
  };
  m_server->Get(".*", handler);
  m_server->Post(".*", handler);
  m_server->Put(".*", handler);
  m_server->Delete(".*", handler);
  m_server->Patch(".*", handler);
  m_server->Options(".*", handler);
  const httplib::Server::HandlerWithResponse on_error = [](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty() || res.content_length_ > 0) { // our own answer (or a truncated one)
      return httplib::Server::HandlerResponse::Unhandled;
    }
    const bool too_large = res.status == 413;
    res.set_content(error_body(too_large ? "RequestEntityTooLarge" : "InvalidParameter",
                               too_large ? "The request body exceeds 1048576 bytes." : "The request is malformed."),
                    "application/json");
    return httplib::Server::HandlerResponse::Handled;
  };
  m_server->set_error_handler(on_error);
  m_server->set_exception_handler([](const httplib::Request&, httplib::Response& res, const std::exception_ptr&) {
    res.status = 500;
    res.set_content(error_body("InternalServerError", "Internal server error."), "application/json");
  });
}

void SimServer::run()
{
  m_server->listen_after_bind();
}

void SimServer::start()
{
  m_thread = std::thread([this] { run(); });
  while (!m_server->is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds{1});
  }
}

void SimServer::stop()
{
  if (m_server) {
    m_server->stop();
  }
  if (m_thread.joinable()) {
    m_thread.join();
  }
}

} // namespace ocivanilla::sim
