#pragma once

#include "simulator.hpp"

#include "ocivanilla/core/result.hpp"

#include <memory>
#include <string>
#include <thread>

namespace httplib {
class Server;
} // namespace httplib

namespace ocivanilla::sim {

struct ServerOptions {
  std::string host = "127.0.0.1"; // must be loopback
  int port = 0; // 0 = any free port
  std::string tls_cert_file; // both set = HTTPS
  std::string tls_key_file;
};

// Serves a Simulator over HTTP(S) with cpp-httplib: the API, the admin API under /_sim/, and the
// reply faults that need the socket (drop, truncate, delay).
class SimServer {
 public:
  SimServer(Simulator& simulator, ServerOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  // Binds the socket; returns the port. Errors: non-loopback host, bad TLS files, bind failure.
  core::Result<int> bind();
  // "http://127.0.0.1:PORT" (https with TLS; "[::1]" for IPv6). Valid after bind().
  std::string base_url() const;
  // Serves until stop(); call after bind().
  void run();
  // Serves on a background thread; stop() (or the destructor) joins it.
  void start();
  void stop();

 private:
  void install_handlers();

  Simulator& m_simulator;
  ServerOptions m_options;
  std::unique_ptr<httplib::Server> m_server;
  std::thread m_thread;
  int m_port = 0;
};

} // namespace ocivanilla::sim
