#include "ocivanilla/auth/signer.hpp"
#include "ocivanilla/oci/retry.hpp"
#include "ocivanilla/oci/signing_transport.hpp"

#include "support/fake_clock.hpp"
#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <memory>

using namespace std::chrono_literals;
using ocivanilla::auth::PrivateKey;
using ocivanilla::oci::find_header;
using ocivanilla::oci::HttpRequest;
using ocivanilla::oci::SigningTransport;
using ocivanilla::testing::FakeClock;
using ocivanilla::testing::FakeTransport;

namespace {

std::shared_ptr<const PrivateKey> test_key()
{
  const auto pem = ocivanilla::testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/signing-vectors/key.pem");
  auto key = PrivateKey::from_pem(pem, std::nullopt, "key.pem");
  REQUIRE(key.ok());
  return std::make_shared<const PrivateKey>(std::move(key).value());
}

class TestKeys final : public ocivanilla::auth::KeyProvider {
 public:
  explicit TestKeys(bool refreshable = false) : m_refreshable(refreshable) {}
  ocivanilla::core::Result<ocivanilla::auth::SigningCredentials> credentials() override
  {
    return ocivanilla::auth::SigningCredentials{m_key_id, m_key};
  }
  bool refresh() override
  {
    ++refreshes;
    if (!m_refreshable) {
      return false;
    }
    m_key_id = "ST$fresh-token";
    return true;
  }
  int refreshes = 0;

 private:
  bool m_refreshable;
  std::string m_key_id = "ocid1.tenancy.oc1..t/ocid1.user.oc1..u/73:61:a2:21";
  std::shared_ptr<const PrivateKey> m_key = test_key();
};

// What the signer must produce for these inputs (RSA PKCS#1 v1.5 is deterministic).
std::string expected_authorization(const HttpRequest& sent, std::string_view key_id, std::string_view target,
                                   std::string_view host)
{
  ocivanilla::auth::SignInput input;
  input.method = sent.method;
  input.target = target;
  input.host = host;
  const auto date = std::string(find_header(sent.headers, "date"));
  input.date = date;
  input.body = sent.body;
  auto output = ocivanilla::auth::sign_request(input, key_id, *test_key());
  REQUIRE(output.ok());
  return output->authorization;
}

bool is_upper_hex_id(std::string_view id)
{
  if (id.size() != 32) {
    return false;
  }
  for (const char c : id) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

} // namespace

TEST_CASE("a GET is signed with the clock's date, the host with its port and a new request id")
{
  FakeClock clock;
  FakeTransport inner;
  TestKeys keys;
  SigningTransport signing(inner, keys, clock);
  inner.reply(200, "[]");
  const HttpRequest request{"GET", "http://127.0.0.1:8443/20160918/instances?limit=5", {}, {}, 1};
  REQUIRE(signing.send(request).ok());
  REQUIRE(inner.requests().size() == 1);
  const auto& sent = inner.requests()[0];
  CHECK(find_header(sent.headers, "date") == ocivanilla::core::format_http_date(clock.now()));
  CHECK(find_header(sent.headers, "host") == "127.0.0.1:8443");
  CHECK(is_upper_hex_id(find_header(sent.headers, "opc-request-id")));
  CHECK(find_header(sent.headers, "content-length").empty());
  CHECK(find_header(sent.headers, "authorization") ==
        expected_authorization(sent, "ocid1.tenancy.oc1..t/ocid1.user.oc1..u/73:61:a2:21",
                               "/20160918/instances?limit=5", "127.0.0.1:8443"));
  CHECK(keys.refreshes == 0);
}

TEST_CASE("a POST carries the body headers and keeps a caller's request id and retry token")
{
  FakeClock clock;
  FakeTransport inner;
  TestKeys keys;
  SigningTransport signing(inner, keys, clock);
  inner.reply(200, "{}");
  const HttpRequest request{"POST",
                            "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances",
                            {{"opc-request-id", "MYID"}, {"opc-retry-token", "tok"}},
                            R"({"shape":"VM.Standard.A1.Flex"})",
                            1};
  REQUIRE(signing.send(request).ok());
  const auto& sent = inner.requests().at(0);
  CHECK(find_header(sent.headers, "opc-request-id") == "MYID");
  CHECK(find_header(sent.headers, "opc-retry-token") == "tok");
  CHECK(find_header(sent.headers, "host") == "iaas.eu-frankfurt-1.oraclecloud.com");
  CHECK(find_header(sent.headers, "content-length") == "31");
  CHECK(find_header(sent.headers, "content-type") == "application/json");
  CHECK(find_header(sent.headers, "x-content-sha256") == ocivanilla::auth::sha256_base64(request.body));
  CHECK(find_header(sent.headers, "authorization") ==
        expected_authorization(sent, "ocid1.tenancy.oc1..t/ocid1.user.oc1..u/73:61:a2:21", "/20160918/instances",
                               "iaas.eu-frankfurt-1.oraclecloud.com"));
}

TEST_CASE("every retry is re-signed with a fresh date")
{
  FakeClock clock;
  ocivanilla::testing::RecordingSleeper sleeper(clock);
  FakeTransport inner;
  TestKeys keys;
  SigningTransport signing(inner, keys, clock);
  ocivanilla::oci::RetryingTransport retrying(signing, clock, sleeper, {}, [](std::uint64_t bound) { return bound; });
  inner.reply(503, "").reply(503, "").reply(200, "[]");
  const HttpRequest request{"GET", "https://iaas.example.com/20160918/instances", {}, {}, 1};
  REQUIRE(retrying.send(request)->status == 200);
  REQUIRE(inner.requests().size() == 3);
  const auto start = FakeClock().now();
  const std::vector<std::chrono::seconds> offsets{0s, 1s, 3s};
  for (std::size_t i = 0; i < 3; ++i) {
    const auto& sent = inner.requests()[i];
    CHECK(find_header(sent.headers, "date") == ocivanilla::core::format_http_date(start + offsets[i]));
    CHECK(find_header(sent.headers, "authorization") ==
          expected_authorization(sent, "ocid1.tenancy.oc1..t/ocid1.user.oc1..u/73:61:a2:21", "/20160918/instances",
                                 "iaas.example.com"));
  }
  CHECK(find_header(inner.requests()[0].headers, "authorization") !=
        find_header(inner.requests()[1].headers, "authorization"));
}

TEST_CASE("a 401 refreshes the credentials once and retries once when they changed")
{
  FakeClock clock;
  FakeTransport inner;
  TestKeys keys(true);
  SigningTransport signing(inner, keys, clock);
  inner.reply(401, "").reply(401, "").reply(200, "");
  const HttpRequest request{"GET", "https://iaas.example.com/20160918/instances", {}, {}, 1};
  auto result = signing.send(request);
  REQUIRE(result.ok());
  CHECK(result->status == 401);
  CHECK(keys.refreshes == 1);
  REQUIRE(inner.requests().size() == 2);
  const auto& again = inner.requests()[1];
  CHECK(find_header(again.headers, "authorization").find(R"(keyId="ST$fresh-token")") != std::string_view::npos);
  CHECK(find_header(again.headers, "opc-request-id") == find_header(inner.requests()[0].headers, "opc-request-id"));
}

TEST_CASE("a 401 with credentials that cannot refresh is returned as is")
{
  FakeClock clock;
  FakeTransport inner;
  TestKeys keys(false);
  SigningTransport signing(inner, keys, clock);
  inner.reply(401, "denied").reply(200, "");
  auto result = signing.send({"GET", "https://iaas.example.com/x", {}, {}, 1});
  REQUIRE(result.ok());
  CHECK(result->body == "denied");
  CHECK(keys.refreshes == 1);
  CHECK(inner.requests().size() == 1);
}

TEST_CASE("an unparseable URL is an internal error and nothing is sent")
{
  FakeClock clock;
  FakeTransport inner;
  TestKeys keys;
  SigningTransport signing(inner, keys, clock);
  auto result = signing.send({"GET", "iaas.example.com/x", {}, {}, 1});
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().kind == ocivanilla::core::ErrorKind::internal);
  CHECK(result.error().message.rfind("GET iaas.example.com/x: cannot sign: ", 0) == 0);
  CHECK(inner.requests().empty());
}
