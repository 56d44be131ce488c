#pragma once

// An in-process cpp-httplib server on 127.0.0.1 for the curl transport tests.

#include <httplib.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

namespace ocivanilla::testing {

class LocalServer {
 public:
  // Takes a configured server (routes set); binds an ephemeral port and serves until destroyed.
  explicit LocalServer(std::unique_ptr<httplib::Server> server) : m_server(std::move(server))
  {
    m_server->set_keep_alive_max_count(1000);
    m_port = m_server->bind_to_any_port("127.0.0.1");
    if (m_port <= 0) {
      throw std::runtime_error("cannot bind 127.0.0.1");
    }
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    // stop() is a no-op before the accept loop runs: wait for it.
    for (int i = 0; i < 500 && !m_server->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  ~LocalServer()
  {
    m_server->stop();
    m_thread.join();
  }
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;

  int port() const { return m_port; }
  std::string url(const std::string& scheme, const std::string& target) const
  {
    return scheme + "://127.0.0.1:" + std::to_string(m_port) + target;
  }

 private:
  std::unique_ptr<httplib::Server> m_server;
  int m_port = 0;
  std::thread m_thread;
};

} // namespace ocivanilla::testing
