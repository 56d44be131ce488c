#include "ocivanilla/core/version.hpp"
#include "ocivanilla/oci/curl_transport.hpp"

#include "support/temp_dir.hpp"
#include "test_oci_local_server.hpp"

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <mutex>
#include <set>
#include <thread>

using namespace std::chrono_literals;
using ocivanilla::oci::CurlOptions;
using ocivanilla::oci::CurlTransport;
using ocivanilla::oci::HttpRequest;
using ocivanilla::testing::LocalServer;

namespace {

// What the server saw of the requests it got.
struct Seen {
  std::mutex mutex;
  std::set<int> remote_ports;
  std::vector<httplib::Request> requests;
};

std::unique_ptr<httplib::Server> recording_server(Seen& seen)
{
  auto server = std::make_unique<httplib::Server>();
  const auto record = [&seen](const httplib::Request& request, httplib::Response& response) {
    const std::lock_guard lock(seen.mutex);
    seen.remote_ports.insert(request.remote_port);
    seen.requests.push_back(request);
    response.set_header("opc-request-id", "SERVER-ID");
    response.set_header("X-Echo-Method", request.method);
    response.set_content("answer " + std::to_string(seen.requests.size()), "text/plain");
  };
  // First match wins: the special routes come first.
  server->Get("/redirect",
              [](const httplib::Request&, httplib::Response& response) { response.set_redirect("/elsewhere"); });
  server->Get("/slow", [](const httplib::Request&, httplib::Response& response) {
    std::this_thread::sleep_for(600ms);
    response.set_content("late", "text/plain");
  });
  server->Get(".*", record);
  server->Post(".*", record);
  server->Put(".*", record);
  server->Delete(".*", record);
  return server;
}

// A loopback port with nothing listening on it.
int closed_port()
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), length) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

} // namespace

TEST_CASE("sequential calls share one connection")
{
  Seen seen;
  const LocalServer server(recording_server(seen));
  CurlTransport transport(CurlOptions{});
  for (int i = 1; i <= 6; ++i) {
    auto response = transport.send({"GET", server.url("http", "/n/" + std::to_string(i)), {}, {}, 1});
    REQUIRE(response.ok());
    CHECK(response->status == 200);
    CHECK(response->body == "answer " + std::to_string(i));
  }
  CHECK(seen.requests.size() == 6);
  CHECK(seen.remote_ports.size() == 1);
}

TEST_CASE("calls from several threads all succeed")
{
  Seen seen;
  const LocalServer server(recording_server(seen));
  CurlTransport transport(CurlOptions{});
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        auto response = transport.send({"GET", server.url("http", "/t"), {}, {}, 1});
        if (response.ok() && response->status == 200) {
          ++ok;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(ok == 20);
  CHECK(seen.requests.size() == 20);
  CHECK(seen.remote_ports.size() <= 4);
}

TEST_CASE("a large POST goes out with its headers, the user agent and no Expect")
{
  Seen seen;
  const LocalServer server(recording_server(seen));
  CurlTransport transport(CurlOptions{});
  const std::string body(2 * 1024 * 1024, 'b');
  auto response = transport.send({"POST",
                                  server.url("http", "/20160918/instances"),
                                  {{"opc-retry-token", "tok"}, {"content-type", "application/json"}},
                                  body,
                                  1});
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  REQUIRE(seen.requests.size() == 1);
  const auto& got = seen.requests[0];
  CHECK(got.method == "POST");
  CHECK(got.body == body);
  CHECK(got.get_header_value("User-Agent") == std::string("ocivanilla/") + ocivanilla::k_version);
  CHECK(got.get_header_value("Content-Length") == std::to_string(body.size()));
  CHECK(got.get_header_value("Content-Type") == "application/json");
  CHECK(got.get_header_value("opc-retry-token") == "tok");
  CHECK_FALSE(got.has_header("Expect"));
}

TEST_CASE("methods, empty bodies and the raw target are sent as given")
{
  Seen seen;
  const LocalServer server(recording_server(seen));
  CurlTransport transport(CurlOptions{});
  REQUIRE(transport.send({"POST", server.url("http", "/empty"), {}, {}, 1}).ok());
  REQUIRE(transport.send({"PUT", server.url("http", "/put"), {}, R"({"a":1})", 1}).ok());
  REQUIRE(transport.send({"DELETE", server.url("http", "/del"), {{"if-match", "e1"}}, {}, 1}).ok());
  REQUIRE(transport.send({"GET", server.url("http", "/a/../b%2Fc?x=%20y"), {}, {}, 1}).ok());
  REQUIRE(seen.requests.size() == 4);
  CHECK(seen.requests[0].method == "POST");
  CHECK(seen.requests[0].get_header_value("Content-Length") == "0");
  CHECK(seen.requests[0].get_header_value("Content-Type") == "application/json");
  CHECK(seen.requests[1].method == "PUT");
  CHECK(seen.requests[1].body == R"({"a":1})");
  CHECK(seen.requests[2].method == "DELETE");
  CHECK(seen.requests[2].get_header_value("if-match") == "e1");
  CHECK_FALSE(seen.requests[2].has_header("Content-Type"));
  CHECK(seen.requests[3].target == "/a/../b%2Fc?x=%20y");
}

TEST_CASE("response headers are collected with lower-case names, redirects are not followed")
{
  Seen seen;
  const LocalServer server(recording_server(seen));
  CurlTransport transport(CurlOptions{});
  auto response = transport.send({"DELETE", server.url("http", "/x"), {}, {}, 1});
  REQUIRE(response.ok());
  CHECK(response->header("opc-request-id") == "SERVER-ID");
  CHECK(response->header("x-echo-method") == "DELETE");
  bool lower_case = true;
  for (const auto& [name, value] : response->headers) {
    for (const char c : name) {
      lower_case = lower_case && !(c >= 'A' && c <= 'Z');
    }
  }
  CHECK(lower_case);

  auto redirect = transport.send({"GET", server.url("http", "/redirect"), {}, {}, 1});
  REQUIRE(redirect.ok());
  CHECK(redirect->status == 302);
  CHECK(redirect->header("location") == "/elsewhere");
}

TEST_CASE("the total timeout ends a slow call with code Timeout")
{
  Seen seen;
  const LocalServer server(recording_server(seen));
  CurlOptions options;
  options.total_timeout = 150ms;
  CurlTransport transport(options);
  const auto url = server.url("http", "/slow");
  auto result = transport.send({"GET", url, {{"opc-request-id", "REQ1"}}, {}, 1});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ocivanilla::core::ErrorKind::network);
  CHECK(result.error().code == "Timeout");
  CHECK(result.error().opc_request_id == "REQ1");
  CHECK(result.error().message.rfind("GET " + url + ": timed out: ", 0) == 0);
}

TEST_CASE("a refused connection is a network error naming the call")
{
  CurlTransport transport(CurlOptions{});
  const auto url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/x";
  auto result = transport.send({"GET", url, {{"opc-request-id", "REQ2"}}, {}, 1});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ocivanilla::core::ErrorKind::network);
  CHECK(result.error().code == "ConnectFailed");
  CHECK(result.error().message.rfind("GET " + url + ": cannot connect: ", 0) == 0);
  CHECK(result.error().describe().find("(opc-request-id: REQ2)") != std::string::npos);
}

TEST_CASE("an unusable --cert-bundle is a config error")
{
  const ocivanilla::testing::TempDir dir;
  CurlOptions missing;
  missing.cert_bundle = (dir.path() / "nope.pem").string();
  auto created = CurlTransport::create(missing);
  REQUIRE_FALSE(created.ok());
  CHECK(created.error().kind == ocivanilla::core::ErrorKind::config);
  CHECK(created.error().message == "cannot read --cert-bundle " + missing.cert_bundle + ": No such file or directory");

  CurlOptions not_pem;
  not_pem.cert_bundle = dir.write("ca.txt", "hello").string();
  CurlTransport transport(not_pem);
  auto sent = transport.send({"GET", "http://127.0.0.1:1/x", {}, {}, 1});
  REQUIRE_FALSE(sent.ok());
  CHECK(sent.error().kind == ocivanilla::core::ErrorKind::config);
  CHECK(sent.error().message == "--cert-bundle " + not_pem.cert_bundle + ": no PEM certificate in the file");
}

TEST_CASE("http_proxy is honoured, except for loopback hosts")
{
  Seen at_proxy;
  const LocalServer proxy(recording_server(at_proxy));
  Seen direct;
  const LocalServer server(recording_server(direct));
  struct ProxyEnv {
    explicit ProxyEnv(const std::string& url) { ::setenv("http_proxy", url.c_str(), 1); }
    ~ProxyEnv() { ::unsetenv("http_proxy"); }
    ProxyEnv(const ProxyEnv&) = delete;
    ProxyEnv& operator=(const ProxyEnv&) = delete;
  } env(proxy.url("http", ""));
  CurlTransport transport(CurlOptions{});
  // The proxy answers for the remote host; nothing leaves the machine.
  auto remote = transport.send({"GET", "http://iaas.example.invalid/20160918/x", {}, {}, 1});
  REQUIRE(remote.ok());
  CHECK(remote->status == 200);
  auto local = transport.send({"GET", server.url("http", "/direct"), {}, {}, 1});
  REQUIRE(local.ok());
  REQUIRE(at_proxy.requests.size() == 1);
  CHECK(at_proxy.requests[0].target == "http://iaas.example.invalid/20160918/x");
  REQUIRE(direct.requests.size() == 1);
  CHECK(direct.requests[0].target == "/direct");
}
