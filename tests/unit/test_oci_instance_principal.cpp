#include "ocivanilla/oci/instance_principal.hpp"

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/auth/signer.hpp"
#include "ocivanilla/auth/x509.hpp"
#include "ocivanilla/core/encoding.hpp"
#include "ocivanilla/oci/signing_transport.hpp"

#include "support/fake_clock.hpp"
#include "support/fake_transport.hpp"
#include "support/test_keys.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <memory>

using namespace std::chrono_literals;
using namespace ocivanilla;
using oci::find_header;
using oci::HttpRequest;
using oci::HttpResponse;
using testing::FakeClock;
using testing::FakeTransport;

namespace {

// tests/data/certs, made with the openssl CLI: an intermediate and a leaf it signed with the
// subject of an OCI instance certificate (OU opc-tenant:ocid1.tenancy.oc1..aaaatest). The fingerprint below is
// `openssl x509 -in leaf.pem -noout -fingerprint -sha256`, lower-cased.
const std::string k_leaf_pem = ocivanilla::testing::read_test_cert("instance-leaf.pem");

const std::string k_leaf_key_pem = ocivanilla::testing::read_test_cert("instance-leaf-key.pem");

const std::string k_intermediate_pem = ocivanilla::testing::read_test_cert("instance-intermediate.pem");

constexpr std::string_view k_tenancy = "ocid1.tenancy.oc1..aaaatest";
constexpr std::string_view k_leaf_fingerprint =
  "00:f1:47:71:79:74:58:ac:4a:34:8a:f5:80:a7:0f:91:a1:1a:3f:cd:2a:3f:07:83:76:11:24:da:85:54:aa:84";
constexpr std::string_view k_metadata = "http://127.0.0.1:9/opc/v2";
constexpr std::string_view k_federation = "http://127.0.0.1:9/v1/x509";

std::string make_jwt(const nlohmann::json& claims)
{
  return core::base64url_encode(R"({"alg":"RS256","typ":"JWT"})") + "." + core::base64url_encode(claims.dump()) +
         ".c2lnbmF0dXJl";
}

long long epoch_seconds(core::TimePoint t)
{
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

HttpResponse answer(int status, std::string body)
{
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

// The metadata service and the federation endpoint: tokens live `lifetime`; `federation_status`
// other than 200 makes the federation call fail with that status.
struct FakeInstance {
  FakeClock& clock;
  std::chrono::seconds lifetime{3600};
  int federation_status = 200;
  int metadata_status = 200;
  std::string key_pem = k_leaf_key_pem;
  int tokens_issued = 0;

  core::Result<HttpResponse> operator()(const HttpRequest& request)
  {
    const std::map<std::string, std::string> files = {
      {std::string(k_metadata) + "/instance/region", "fra\n"},
      {std::string(k_metadata) + "/identity/cert.pem", k_leaf_pem},
      {std::string(k_metadata) + "/identity/key.pem", key_pem},
      {std::string(k_metadata) + "/identity/intermediate.pem", k_intermediate_pem}};
    if (auto it = files.find(request.url); it != files.end() && request.method == "GET") {
      return metadata_status == 200 ? answer(200, it->second) : answer(metadata_status, "");
    }
    if (request.url == k_federation && request.method == "POST") {
      if (federation_status != 200) {
        return answer(federation_status, R"({"code":"NotAuthenticated","message":"Bad certificate."})");
      }
      ++tokens_issued;
      const auto exp = epoch_seconds(clock.now() + lifetime);
      return answer(200, nlohmann::json{{"token", make_jwt({{"exp", exp}, {"jti", tokens_issued}})}}.dump());
    }
    return answer(404, "");
  }
};

oci::InstancePrincipalSettings settings()
{
  oci::InstancePrincipalSettings s;
  s.metadata_base = std::string(k_metadata);
  s.federation_url = std::string(k_federation);
  return s;
}

std::vector<HttpRequest> federation_calls(const FakeTransport& transport)
{
  std::vector<HttpRequest> out;
  for (const auto& request : transport.requests()) {
    if (request.url == k_federation) {
      out.push_back(request);
    }
  }
  return out;
}

// A value of the Authorization header: keyId="..." -> ...
std::string auth_param(std::string_view authorization, const std::string& name)
{
  const auto start = authorization.find(name + "=\"");
  REQUIRE(start != std::string_view::npos);
  const auto value = start + name.size() + 2;
  return std::string(authorization.substr(value, authorization.find('"', value) - value));
}

} // namespace

TEST_CASE("instance principal: metadata, then a signed federation call, then ST$ credentials", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport transport;
  FakeInstance instance{clock};
  transport.set_handler(std::ref(instance));
  oci::InstancePrincipalKeyProvider provider(transport, clock, settings());

  auto credentials = provider.credentials();
  REQUIRE(credentials.ok());
  const auto& requests = transport.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].url == std::string(k_metadata) + "/identity/cert.pem");
  CHECK(requests[1].url == std::string(k_metadata) + "/identity/key.pem");
  CHECK(requests[2].url == std::string(k_metadata) + "/identity/intermediate.pem");
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(requests[i].method == "GET");
    CHECK(find_header(requests[i].headers, "authorization") == "Bearer Oracle");
  }

  const HttpRequest& federation = requests[3];
  CHECK(federation.method == "POST");
  CHECK(federation.url == k_federation);
  const auto authorization = find_header(federation.headers, "authorization");
  CHECK(auth_param(authorization, "keyId") ==
        std::string(k_tenancy) + "/fed-x509-sha256/" + std::string(k_leaf_fingerprint));
  CHECK(auth_param(authorization, "headers") == "date (request-target) content-length content-type x-content-sha256");
  CHECK(find_header(federation.headers, "host").empty());
  CHECK(find_header(federation.headers, "x-content-sha256") == auth::sha256_base64(federation.body));

  const auto body = nlohmann::json::parse(federation.body);
  CHECK(body["certificate"] == auth::pem_body(k_leaf_pem));
  CHECK(body["intermediateCertificates"] == nlohmann::json::array({auth::pem_body(k_intermediate_pem)}));
  CHECK(body["fingerprintAlgorithm"] == "SHA256");
  CHECK(body.size() == 4);

  // The signature is the leaf key's over the received headers (RSA PKCS#1 v1.5 is deterministic).
  auto leaf_key = auth::PrivateKey::from_pem(k_leaf_key_pem, std::nullopt, "leaf");
  REQUIRE(leaf_key.ok());
  auth::SignInput input;
  input.method = "POST";
  input.target = "/v1/x509";
  input.date = find_header(federation.headers, "date");
  input.body = federation.body;
  input.sign_host = false;
  auto expected = auth::sign_request(input, "any", *leaf_key);
  REQUIRE(expected.ok());
  CHECK(auth_param(authorization, "signature") == expected->signature);

  // The token is the keyId; the session key is the one whose public half was sent.
  CHECK(credentials->key_id.rfind("ST$", 0) == 0);
  CHECK(oci::jwt_expiry(credentials->key_id.substr(3)).ok());
  REQUIRE(credentials->key);
  CHECK(auth::pem_body(credentials->key->public_key_pem()) == body["publicKey"]);
  CHECK(credentials->key->public_key_pem() != leaf_key->public_key_pem());
  CHECK(provider.token_expiry() == clock.now() + 3600s);
  CHECK(provider.tenancy().value() == k_tenancy);
}

TEST_CASE("instance principal: the token is reused until 60 s before exp, then refreshed", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport transport;
  FakeInstance instance{clock, 600s};
  transport.set_handler(std::ref(instance));
  oci::InstancePrincipalKeyProvider provider(transport, clock, settings());

  auto first = provider.credentials();
  REQUIRE(first.ok());
  clock.advance(539s);
  auto second = provider.credentials();
  REQUIRE(second.ok());
  CHECK(second->key_id == first->key_id);
  CHECK(second->key == first->key);
  CHECK(federation_calls(transport).size() == 1);

  clock.advance(1s); // exp - 60 s
  auto third = provider.credentials();
  REQUIRE(third.ok());
  CHECK(third->key_id != first->key_id);
  CHECK(third->key->public_key_pem() != first->key->public_key_pem());
  REQUIRE(federation_calls(transport).size() == 2);
  CHECK(transport.requests().size() == 8); // the certificates are read again
  CHECK(provider.token_expiry() == clock.now() + 600s);
}

TEST_CASE("instance principal: a 401 from the API refreshes the token and the call is retried once", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport metadata;
  FakeInstance instance{clock};
  metadata.set_handler(std::ref(instance));
  oci::InstancePrincipalKeyProvider provider(metadata, clock, settings());
  FakeTransport api;
  api.reply(401, R"({"code":"NotAuthenticated","message":"x"})").reply(200, "[]");
  oci::SigningTransport signing(api, provider, clock);

  HttpRequest request;
  request.method = "GET";
  request.url = "http://127.0.0.1:9/20160918/instances?compartmentId=c";
  auto response = signing.send(request);
  REQUIRE(response.ok());
  CHECK(response->status == 200);
  REQUIRE(api.requests().size() == 2);
  REQUIRE(federation_calls(metadata).size() == 2);
  const auto first_key = auth_param(find_header(api.requests()[0].headers, "authorization"), "keyId");
  const auto second_key = auth_param(find_header(api.requests()[1].headers, "authorization"), "keyId");
  CHECK(first_key.rfind("ST$", 0) == 0);
  CHECK(second_key.rfind("ST$", 0) == 0);
  CHECK(first_key != second_key);
  CHECK(second_key == "ST$" + make_jwt({{"exp", epoch_seconds(clock.now() + 3600s)}, {"jti", 2}}));
}

TEST_CASE("instance principal: refresh() is false when federation fails", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport transport;
  FakeInstance instance{clock};
  transport.set_handler(std::ref(instance));
  oci::InstancePrincipalKeyProvider provider(transport, clock, settings());
  REQUIRE(provider.credentials().ok());
  instance.federation_status = 401;
  CHECK_FALSE(provider.refresh());
}

TEST_CASE("instance principal: errors say what failed", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport transport;
  FakeInstance instance{clock};
  transport.set_handler(std::ref(instance));
  oci::InstancePrincipalKeyProvider provider(transport, clock, settings());

  SECTION("federation refused")
  {
    instance.federation_status = 401;
    auto credentials = provider.credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == core::ErrorKind::auth);
    CHECK(credentials.error().http_status == 401);
    CHECK(credentials.error().message ==
          "instance principal federation: POST /v1/x509: NotAuthenticated: Bad certificate.");
  }
  SECTION("metadata refused")
  {
    instance.metadata_status = 401;
    auto tenancy = provider.tenancy();
    REQUIRE_FALSE(tenancy.ok());
    CHECK(tenancy.error().kind == core::ErrorKind::auth);
    CHECK(tenancy.error().message == "instance metadata " + std::string(k_metadata) + "/identity/cert.pem: HTTP 401");
  }
  SECTION("metadata unreachable")
  {
    FakeTransport down;
    down.fail(core::ErrorKind::network, "GET x: connection refused");
    oci::InstancePrincipalKeyProvider offline(down, clock, settings());
    auto credentials = offline.credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == core::ErrorKind::network);
    CHECK(credentials.error().message ==
          "cannot reach the instance metadata service (is this an OCI instance? set OCI_METADATA_BASE_URL to "
          "override): GET x: connection refused");
  }
  SECTION("key.pem of another key")
  {
    auto other = auth::PrivateKey::generate_rsa(2048);
    REQUIRE(other.ok());
    instance.key_pem = other->private_key_pem();
    auto credentials = provider.credentials();
    REQUIRE_FALSE(credentials.ok());
    CHECK(credentials.error().kind == core::ErrorKind::config);
    CHECK(credentials.error().message == std::string(k_metadata) + "/identity/key.pem is not the key of " +
                                           std::string(k_metadata) + "/identity/cert.pem");
    CHECK(federation_calls(transport).empty());
  }
}

TEST_CASE("fetch_instance_region trims the answer and sends Bearer Oracle", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport transport;
  FakeInstance instance{clock};
  transport.set_handler(std::ref(instance));
  auto region = oci::fetch_instance_region(transport, k_metadata);
  REQUIRE(region.ok());
  CHECK(*region == "fra");
  REQUIRE(transport.requests().size() == 1);
  CHECK(find_header(transport.requests()[0].headers, "Authorization") == "Bearer Oracle");
}

TEST_CASE("jwt_expiry reads exp from the base64url payload", "[oci][ip]")
{
  auto exp = oci::jwt_expiry(make_jwt({{"exp", 1765000300}, {"sub", "ocid1.instance.oc1..x?>"}}));
  REQUIRE(exp.ok());
  CHECK(epoch_seconds(*exp) == 1765000300);

  auto no_exp = oci::jwt_expiry(make_jwt({{"iat", 1}}));
  REQUIRE_FALSE(no_exp.ok());
  CHECK(no_exp.error().message == "security token payload has no numeric 'exp' claim");
  CHECK(oci::jwt_expiry("abc.def").error().message == "security token is not a JWT (header.payload.signature)");
  CHECK(oci::jwt_expiry("a.b.c.d").error().message == "security token is not a JWT (header.payload.signature)");
  CHECK(oci::jwt_expiry("a.b*c.d").error().message == "security token payload is not base64url");
}

TEST_CASE("instance principal: tenancy() reads the certificates once for the first token", "[oci][ip]")
{
  FakeClock clock;
  FakeTransport transport;
  FakeInstance instance{clock};
  transport.set_handler(std::ref(instance));
  oci::InstancePrincipalKeyProvider provider(transport, clock, settings());
  REQUIRE(provider.tenancy().value() == k_tenancy);
  CHECK(transport.requests().size() == 3);
  CHECK_FALSE(provider.token_expiry().has_value());
  REQUIRE(provider.credentials().ok());
  CHECK(transport.requests().size() == 4);
  REQUIRE(provider.refresh());
  CHECK(transport.requests().size() == 8); // a refresh reads them again
}
