#include "signature_verifier.hpp"

#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace ocivanilla;
using sim::ReceivedRequest;

namespace {

const std::string k_vectors = std::string(OVL_SHARED_DIR) + "/oci/signing-vectors/";

std::string vector_file(const std::string& name)
{
  std::string text = testing::read_text_file(k_vectors + name);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

core::TimePoint vector_date()
{
  core::TimePoint t;
  REQUIRE(core::parse_http_date("Thu, 05 Jan 2014 21:31:40 GMT", t));
  return t;
}

sim::PublicKey vector_key()
{
  auto key = sim::PublicKey::from_pem(testing::read_text_file(k_vectors + "public.pem"), "public.pem");
  REQUIRE(key.ok());
  return *key;
}

std::string target_of(const std::string& request_file)
{
  const std::string first_line = vector_file(request_file).substr(0, vector_file(request_file).find('\n'));
  const std::string url = first_line.substr(first_line.find(' ') + 1);
  return url.substr(url.find('/', std::string("https://").size()));
}

ReceivedRequest get_vector()
{
  return ReceivedRequest{"GET",
                         target_of("get.request.txt"),
                         {{"Date", "Thu, 05 Jan 2014 21:31:40 GMT"},
                          {"Host", "iaas.us-phoenix-1.oraclecloud.com"},
                          {"Authorization", vector_file("get.expected-authorization.txt")}},
                         ""};
}

ReceivedRequest post_vector()
{
  const std::string body = testing::read_text_file(k_vectors + "post.body.json");
  return ReceivedRequest{"POST",
                         "/20160918/volumeAttachments",
                         {{"Date", "Thu, 05 Jan 2014 21:31:40 GMT"},
                          {"Host", "iaas.us-phoenix-1.oraclecloud.com"},
                          {"Content-Type", "application/json"},
                          {"Content-Length", std::to_string(body.size())},
                          {"x-content-sha256", vector_file("post.x-content-sha256.txt")},
                          {"Authorization", vector_file("post.expected-authorization.txt")}},
                         body};
}

struct Keys {
  sim::PublicKey key = vector_key();
  std::string key_id = vector_file("key-id.txt");
  sim::KeyLookup lookup()
  {
    return [this](std::string_view id) -> const sim::PublicKey* { return id == key_id ? &key : nullptr; };
  }
};

void set_header(ReceivedRequest& request, const std::string& name, const std::string& value)
{
  for (auto& [key, existing] : request.headers) {
    if (key == name) {
      existing = value;
      return;
    }
  }
  request.headers.emplace_back(name, value);
}

} // namespace

TEST_CASE("sim verifier: Oracle's GET and POST vectors verify with public.pem")
{
  Keys keys;
  const auto get = sim::verify_signature(get_vector(), keys.lookup(), vector_date());
  CHECK(get.reason == "");
  CHECK(get.ok);
  CHECK(get.key_id == keys.key_id);
  const auto post = sim::verify_signature(post_vector(), keys.lookup(), vector_date());
  CHECK(post.reason == "");
  CHECK(post.ok);
  CHECK(sim::sha256_base64(post_vector().body) == vector_file("post.x-content-sha256.txt"));
}

TEST_CASE("sim verifier: parameters in any order and header names in any case")
{
  Keys keys;
  ReceivedRequest request = get_vector();
  const auto params = sim::parse_signature_header(vector_file("get.expected-authorization.txt"));
  REQUIRE(params.ok());
  set_header(request, "Authorization",
             "Signature signature=\"" + params->signature +
               "\",algorithm=\"rsa-sha256\",headers=\"DATE (request-target) "
               "Host\",keyId=\"" +
               params->key_id + "\"");
  const auto outcome = sim::verify_signature(request, keys.lookup(), vector_date());
  CHECK(outcome.reason == "");
  CHECK(outcome.ok);
}

TEST_CASE("sim verifier: a tampered signature, target or unknown key is rejected")
{
  Keys keys;
  SECTION("signature")
  {
    ReceivedRequest request = get_vector();
    std::string auth = vector_file("get.expected-authorization.txt");
    auth[auth.size() - 10] = auth[auth.size() - 10] == 'A' ? 'B' : 'A';
    set_header(request, "Authorization", auth);
    const auto outcome = sim::verify_signature(request, keys.lookup(), vector_date());
    CHECK_FALSE(outcome.ok);
    CHECK(outcome.reason == "signature does not verify");
    CHECK(outcome.message == sim::k_not_authenticated_message);
  }
  SECTION("target")
  {
    ReceivedRequest request = get_vector();
    request.target += "&limit=1";
    CHECK(sim::verify_signature(request, keys.lookup(), vector_date()).reason == "signature does not verify");
  }
  SECTION("key")
  {
    keys.key_id = "someone-else";
    const auto outcome = sim::verify_signature(get_vector(), keys.lookup(), vector_date());
    CHECK(outcome.reason == "unknown keyId");
    CHECK(outcome.key_id == vector_file("key-id.txt"));
  }
}

TEST_CASE("sim verifier: body headers must be signed and match the body on POST")
{
  Keys keys;
  SECTION("wrong body hash")
  {
    ReceivedRequest request = post_vector();
    request.body[10] = 'X';
    CHECK(sim::verify_signature(request, keys.lookup(), vector_date()).reason ==
          "x-content-sha256 does not match the SHA-256 of the body");
  }
  SECTION("wrong content-length")
  {
    ReceivedRequest request = post_vector();
    set_header(request, "Content-Length", "315");
    CHECK(sim::verify_signature(request, keys.lookup(), vector_date()).reason ==
          "content-length does not match the body size 316");
  }
  SECTION("body headers not signed")
  {
    ReceivedRequest request = post_vector();
    set_header(request, "Authorization", vector_file("get.expected-authorization.txt"));
    CHECK(sim::verify_signature(request, keys.lookup(), vector_date()).reason ==
          "header 'content-length' is required in the signature but is not signed");
  }
  SECTION("no authorization")
  {
    ReceivedRequest request = post_vector();
    request.headers.pop_back();
    CHECK(sim::verify_signature(request, keys.lookup(), vector_date()).reason == "no Authorization header");
  }
}

TEST_CASE("sim verifier: x-date wins over date and must be signed")
{
  Keys keys;
  ReceivedRequest request = get_vector();
  request.headers.emplace_back("x-date", "Thu, 05 Jan 2014 21:31:40 GMT");
  CHECK(sim::verify_signature(request, keys.lookup(), vector_date()).reason ==
        "header 'x-date' is required in the signature but is not signed");
}

TEST_CASE("sim verifier: clock skew beyond five minutes gets OCI's message")
{
  Keys keys;
  const auto late = vector_date() + std::chrono::seconds{302};
  const auto outcome = sim::verify_signature(get_vector(), keys.lookup(), late);
  CHECK_FALSE(outcome.ok);
  CHECK(outcome.reason == "clock skew");
  // 5 Jan 2014 really was a Sunday: the message shows the parsed date, not the header text.
  CHECK(outcome.message == "Date 'Sun, 05 Jan 2014 21:31:40 UTC' is not within allowed clock skew. Current 'Sun, 05 "
                           "Jan 2014 21:36:42 UTC', valid datetime range: ['Sun, 05 Jan 2014 21:31:42 UTC', 'Sun, 05 "
                           "Jan 2014 21:41:43 UTC']");
  CHECK(sim::verify_signature(get_vector(), keys.lookup(), vector_date() + std::chrono::seconds{300}).ok);
  CHECK(sim::verify_signature(get_vector(), keys.lookup(), vector_date() - std::chrono::seconds{301}).ok);
  CHECK_FALSE(sim::verify_signature(get_vector(), keys.lookup(), vector_date() - std::chrono::seconds{302}).ok);
}

TEST_CASE("sim verifier: the skew message reproduces OCI's example")
{
  core::TimePoint date;
  core::TimePoint now;
  REQUIRE(core::parse_http_date("Sun, 11 Mar 2018 16:32:46 GMT", date));
  REQUIRE(core::parse_http_date("Sun, 11 Mar 2018 16:39:04 GMT", now));
  CHECK(sim::clock_skew_message(date, now) ==
        "Date 'Sun, 11 Mar 2018 16:32:46 UTC' is not within allowed clock skew. Current 'Sun, 11 Mar 2018 16:39:04 "
        "UTC', valid datetime range: ['Sun, 11 Mar 2018 16:34:04 UTC', 'Sun, 11 Mar 2018 16:44:05 UTC']");
}

TEST_CASE("sim verifier: malformed Authorization headers are named")
{
  CHECK(sim::parse_signature_header("Basic abc").error().message == "Authorization does not use the Signature scheme");
  CHECK(sim::parse_signature_header("Signature keyId=abc").error().message ==
        "malformed Authorization parameter at offset 10");
  CHECK(sim::parse_signature_header("Signature keyId=\"a\",colour=\"b\"").error().message ==
        "unknown Authorization parameter 'colour'");
  CHECK(sim::parse_signature_header("Signature keyId=\"a\"").error().message ==
        "Authorization must carry keyId, algorithm, headers and signature");
}

TEST_CASE("sim crypto: PEM errors name the source")
{
  CHECK(sim::PublicKey::from_pem("hello", "k.pem").error().message ==
        "k.pem: not a PEM public key (expected BEGIN PUBLIC KEY)");
  std::string decoded;
  CHECK(sim::base64_decode("aGk=", decoded));
  CHECK(decoded == "hi");
  CHECK_FALSE(sim::base64_decode("aGk", decoded));
}
