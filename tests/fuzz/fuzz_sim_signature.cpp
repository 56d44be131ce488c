// Fuzz target "sim_signature": the simulator's Authorization parsing (parse_signature_header) and
// signature verification (verify_signature) on a request in the text form of request_text.hpp.
// Differential property: the same method, target, host and body signed by the client's signer
// (src/auth, test key tests/data/keys/test-rsa2048.pem, keyId taken from the input when usable)
// must verify in the simulator, under that keyId.
#include "fuzz_support.hpp"
#include "request_text.hpp"

#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/auth/signer.hpp"
#include "ocivanilla/core/clock.hpp"
#include "signature_verifier.hpp"

#include <fstream>
#include <iterator>
#include <string>

namespace {

using namespace ocivanilla;

constexpr std::string_view k_date = "Thu, 05 Jan 2014 21:31:40 GMT";
constexpr std::string_view k_key_id = "ocid1.tenancy.oc1..fuzz/ocid1.user.oc1..fuzz/20:3b:97:13:55";

std::string read_key_file(const char* name)
{
  std::ifstream in(std::string(OVL_FUZZ_SOURCE_DIR) + "/tests/data/keys/" + name, std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty()) {
    fuzz::property_failed(__FILE__, __LINE__, "test key readable", name);
  }
  return text;
}

struct Keys {
  sim::PublicKey public_key;
  auth::PrivateKey private_key;
};

const Keys& keys()
{
  static const Keys k = [] {
    auto pub = sim::PublicKey::from_pem(read_key_file("test-rsa2048.public.pem"), "test public key");
    auto priv = auth::PrivateKey::from_pem(read_key_file("test-rsa2048.pem"), std::nullopt, "test key");
    if (!pub.ok() || !priv.ok()) {
      fuzz::property_failed(__FILE__, __LINE__, "test keys load", "tests/data/keys/test-rsa2048*");
    }
    return Keys{std::move(pub).value(), std::move(priv).value()};
  }();
  return k;
}

core::TimePoint fixed_now()
{
  core::TimePoint t;
  (void)core::parse_http_date(k_date, t);
  return t;
}

std::string header_of(const sim::ReceivedRequest& request, std::string_view name)
{
  for (const auto& [key, value] : request.headers) {
    if (oci::header_name_equals(key, name)) {
      return value;
    }
  }
  return {};
}

// The keyId the client signer would be given: the input's, when the signer accepts it.
std::string key_id_for(const sim::ReceivedRequest& request)
{
  const auto params = sim::parse_signature_header(header_of(request, "authorization"));
  if (params.ok() && !params->key_id.empty() && params->key_id.find_first_of("\"\r\n") == std::string::npos) {
    return params->key_id;
  }
  return std::string(k_key_id);
}

void check_resigned(const sim::ReceivedRequest& request)
{
  std::string host = header_of(request, "host");
  if (host.empty()) {
    host = "127.0.0.1:8443";
  }
  const std::string key_id = key_id_for(request);
  auth::SignInput input{request.method, request.target, host, k_date, request.body};
  const auto signed_request = auth::sign_request(input, key_id, keys().private_key);
  if (!signed_request.ok()) {
    return; // the signer refuses (line breaks, a target not starting with '/', ...)
  }
  sim::ReceivedRequest resigned{request.method, request.target, {{"Host", host}}, request.body};
  for (const auto& header : signed_request->headers) {
    resigned.headers.push_back(header);
  }
  resigned.headers.emplace_back("Authorization", signed_request->authorization);
  const sim::KeyLookup lookup = [](std::string_view) { return &keys().public_key; };
  const sim::VerifyOutcome outcome = sim::verify_signature(resigned, lookup, fixed_now());
  OVL_FUZZ_CHECK(outcome.ok && outcome.key_id == key_id, outcome.reason + " | " + signed_request->authorization);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const fuzz::RequestText text = fuzz::parse_request_text(fuzz::as_text(data, size));
  const sim::ReceivedRequest request{text.method, text.target, text.headers, text.body};
  const auto params = sim::parse_signature_header(header_of(request, "authorization"));
  if (params.ok()) {
    OVL_FUZZ_CHECK(!params->key_id.empty() && !params->signature.empty() && !params->headers.empty(),
                   "parse_signature_header accepted a header without keyId, signature or headers");
  }
  const sim::KeyLookup lookup = [](std::string_view key_id) {
    return key_id == k_key_id ? &keys().public_key : nullptr;
  };
  const sim::VerifyOutcome outcome = sim::verify_signature(request, lookup, fixed_now());
  OVL_FUZZ_CHECK(outcome.ok == outcome.reason.empty(), outcome.reason);
  check_resigned(request);
  return 0;
}
