#include "test_sim_harness.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace sim_test;

namespace {

const std::string k_list = "/20160918/instances?compartmentId=" + k_tenancy;

// Sends raw bytes, half-closes, and returns whatever the server answers before closing.
std::string raw_exchange(int port, const std::string& bytes)
{
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{15, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
  REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  ::shutdown(fd, SHUT_WR);
  std::string answer;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buffer, sizeof buffer, 0)) > 0) {
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

} // namespace

TEST_CASE("sim robustness: concurrent signed requests are all served and all recorded")
{
  Harness h;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&h, &ok, t] {
      auto key = auth::PrivateKey::from_pem(testing::read_text_file(k_vectors + "key.pem"), std::nullopt, "key.pem");
      httplib::Client client("127.0.0.1", h.port());
      for (int i = 0; i < 10; ++i) {
        const std::string date = core::format_http_date(std::chrono::system_clock::now());
        const std::string target = k_list + "&displayName=t" + std::to_string(t);
        const std::string host = "127.0.0.1:" + std::to_string(h.port());
        auth::SignInput input{"GET", target, host, date, ""};
        auto signed_request = auth::sign_request(input, key_id(), *key);
        httplib::Headers headers(signed_request->headers.begin(), signed_request->headers.end());
        auto res = client.Get(target.c_str(), headers);
        if (res && res->status == 200) {
          ++ok;
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  CHECK(ok == 60);
  CHECK(h.admin_json("/_sim/requests").size() == 60);
}

TEST_CASE("sim robustness: malformed HTTP never crashes or hangs the server")
{
  Harness h;
  SECTION("body shorter than content-length")
  {
    const std::string answer = raw_exchange(
      h.port(), "POST /20160918/instances HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{}");
    CHECK((answer.empty() || answer.rfind("HTTP/1.1 400", 0) == 0));
  }
  SECTION("garbage request line")
  {
    const std::string answer = raw_exchange(h.port(), "HELLO\r\n\r\n");
    CHECK((answer.empty() || answer.rfind("HTTP/1.1 400", 0) == 0));
  }
  SECTION("huge header")
  {
    auto res = h.raw("GET", k_list, "", {{"X-Big", std::string(64 * 1024, 'a')}});
    if (res) {
      CHECK(res->status == 400);
    }
  }
  SECTION("invalid JSON content on PUT")
  {
    CHECK(error_code(h.send("PUT", "/20160918/instances/ocid1.instance.oc1.phx.alpha", "[1,2")) ==
          "CannotParseRequest");
  }
  CHECK(h.send("GET", k_list)->status == 200);
}

TEST_CASE("sim robustness: generated instances are spread over the ADs offering the shape")
{
  Harness h("generate: {count: 4, prefix: gen-, shape: VM.Standard.E2.1.Micro}\n");
  const auto page = h.get_json(k_list + "&sortBy=DISPLAYNAME&displayName=gen-1");
  REQUIRE(page.size() == 1);
  CHECK(page[0]["availabilityDomain"] == k_ad1);
  CHECK(h.get_json(k_list + "&displayName=gen-2")[0]["availabilityDomain"] == k_ad2);
  CHECK(h.get_json(k_list + "&availabilityDomain=Uocm%3APHX-AD-2").size() == 2);
}
