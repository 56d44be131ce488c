#include "ocivanilla/auth/signer.hpp"
#include "ocivanilla/core/url.hpp"

#include "support/temp_dir.hpp"
#include "support/test_keys.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <string>

using namespace ocivanilla;
using ocivanilla::testing::read_text_file;

namespace {

using ocivanilla::testing::k_vectors;
const std::filesystem::path k_golden = std::filesystem::path(OVL_SOURCE_DIR) / "tests/data/signing";
constexpr const char* k_vector_date = "Thu, 05 Jan 2014 21:31:40 GMT";
constexpr const char* k_vector_host = "iaas.us-phoenix-1.oraclecloud.com";

auth::PrivateKey load_key(const std::filesystem::path& path, std::optional<std::string> passphrase)
{
  auto key = auth::PrivateKey::from_pem(read_text_file(path), passphrase, path.string());
  INFO(path.string());
  REQUIRE(key.ok());
  return key.value();
}

// The official key in each of its five encodings (SIGNING.md §2, signing-vectors/keys).
auth::PrivateKey vector_key(const std::string& file)
{
  const bool encrypted = file.find("aes") != std::string::npos;
  return load_key(k_vectors / file, encrypted ? std::optional<std::string>("oci-test-passphrase") : std::nullopt);
}

// The target of get.request.txt: the text after "GET https://host" on its first line.
std::string get_vector_target()
{
  const std::string request = read_text_file(k_vectors / "get.request.txt");
  const std::string line = request.substr(0, request.find('\n'));
  const std::string prefix = std::string("GET https://") + k_vector_host;
  REQUIRE(line.rfind(prefix, 0) == 0);
  return line.substr(prefix.size());
}

} // namespace

TEST_CASE("official GET vector is reproduced byte for byte with every key encoding", "[signer]")
{
  const std::string file = GENERATE("key.pem", "keys/key.pkcs8.pem", "keys/key.pkcs8-with-label.pem",
                                    "keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  INFO(file);
  const auto key = vector_key(file);
  const std::string target = get_vector_target();
  auth::SignInput input{"GET", target, k_vector_host, k_vector_date, ""};
  auto out = auth::sign_request(input, read_text_file(k_vectors / "key-id.txt"), key);
  REQUIRE(out.ok());
  CHECK(out->signing_string == read_text_file(k_vectors / "get.signing-string.txt"));
  CHECK(out->signature == read_text_file(k_vectors / "get.expected-signature.txt"));
  CHECK(out->authorization == read_text_file(k_vectors / "get.expected-authorization.txt"));
  const oci::Headers expected{{"date", k_vector_date}, {"authorization", out->authorization}};
  CHECK(out->headers == expected);
}

TEST_CASE("official POST vector is reproduced byte for byte with every key encoding", "[signer]")
{
  const std::string file = GENERATE("key.pem", "keys/key.pkcs8.pem", "keys/key.pkcs8-with-label.pem",
                                    "keys/key.pkcs1-aes128.pem", "keys/key.pkcs8-aes256.pem");
  INFO(file);
  const auto key = vector_key(file);
  const std::string body = read_text_file(k_vectors / "post.body.json");
  REQUIRE(body.size() == 316);
  auth::SignInput input{"POST", "/20160918/volumeAttachments", k_vector_host, k_vector_date, body};
  auto out = auth::sign_request(input, read_text_file(k_vectors / "key-id.txt"), key);
  REQUIRE(out.ok());
  CHECK(out->signing_string == read_text_file(k_vectors / "post.signing-string.txt"));
  CHECK(out->signature == read_text_file(k_vectors / "post.expected-signature.txt"));
  CHECK(out->authorization == read_text_file(k_vectors / "post.expected-authorization.txt"));
  const std::string sha = read_text_file(k_vectors / "post.x-content-sha256.txt");
  const oci::Headers expected{{"date", k_vector_date},
                              {"content-type", "application/json"},
                              {"content-length", "316"},
                              {"x-content-sha256", sha},
                              {"authorization", out->authorization}};
  CHECK(out->headers == expected);
}

namespace {

// One golden case: tests/data/signing/<name>/{context.json, signing-string.txt,
// authorization.txt}, produced by make-golden.sh with the openssl CLI.
void check_golden_case(const std::string& name)
{
  const auto dir = k_golden / name;
  const auto context = nlohmann::json::parse(read_text_file(dir / "context.json"));
  const auto key = load_key(std::filesystem::path(OVL_SOURCE_DIR) / context.at("key_file").get<std::string>(),
                            std::nullopt);
  const auto method = context.at("method").get<std::string>();
  const auto target = context.at("target").get<std::string>();
  const auto host = context.at("host").get<std::string>();
  const auto date = context.at("date").get<std::string>();
  const auto body = context.at("body").get<std::string>();
  const auto content_type = context.at("content_type").get<std::string>();
  auth::SignInput input{method, target, host, date, body, content_type};
  input.use_x_date = context.at("use_x_date").get<bool>();
  input.sign_host = context.at("sign_host").get<bool>();
  auto out = auth::sign_request(input, context.at("key_id").get<std::string>(), key);
  REQUIRE(out.ok());
  CHECK(out->signing_string == read_text_file(dir / "signing-string.txt"));
  CHECK(out->authorization == read_text_file(dir / "authorization.txt"));
  CHECK(oci::find_header(out->headers, "authorization") == out->authorization);
  CHECK(oci::find_header(out->headers, input.use_x_date ? "x-date" : "date") == date);
  CHECK(oci::find_header(out->headers, input.use_x_date ? "date" : "x-date").empty());
}

} // namespace

TEST_CASE("golden: POST with an empty body signs content-length 0 and the empty SHA-256", "[signer]")
{
  check_golden_case("post-empty-body");
  const auto key = load_key(std::filesystem::path(OVL_SOURCE_DIR) / "tests/data/keys/test-rsa2048.pem", std::nullopt);
  auto out = auth::sign_request({"POST", "/x", "h", "d", ""}, "k", key);
  REQUIRE(out.ok());
  CHECK(oci::find_header(out->headers, "content-length") == "0");
  CHECK(oci::find_header(out->headers, "x-content-sha256") == "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}

TEST_CASE("golden: DELETE signs no body headers", "[signer]")
{
  check_golden_case("delete");
}

TEST_CASE("golden: a host with a port is signed as host:port", "[signer]")
{
  check_golden_case("host-with-port");
}

TEST_CASE("golden: x-date replaces date, with a session-token keyId", "[signer]")
{
  check_golden_case("x-date");
}

TEST_CASE("golden: PUT with a non-ASCII JSON body", "[signer]")
{
  check_golden_case("put-json-body");
}

TEST_CASE("golden: the federation call signs no host", "[signer]")
{
  check_golden_case("federation-no-host");
}

TEST_CASE("golden: query values with spaces, colons and non-ASCII, encoded by percent_encode", "[signer]")
{
  check_golden_case("query-encoding");
  const auto context = nlohmann::json::parse(read_text_file(k_golden / "query-encoding/context.json"));
  const auto& query = context.at("query");
  std::string target = query.at("path").get<std::string>();
  char sep = '?';
  for (const auto& param : query.at("params")) {
    target += sep + core::percent_encode(param.at(0).get<std::string>()) + "=" +
              core::percent_encode(param.at(1).get<std::string>());
    sep = '&';
  }
  CHECK(target == context.at("target").get<std::string>());
}

TEST_CASE("every golden folder has its own test case", "[signer]")
{
  const std::set<std::string> tested{"post-empty-body",    "delete",        "host-with-port", "x-date", "put-json-body",
                                     "federation-no-host", "query-encoding"};
  std::set<std::string> found;
  for (const auto& entry : std::filesystem::directory_iterator(k_golden)) {
    if (entry.is_directory()) {
      found.insert(entry.path().filename().string());
    }
  }
  CHECK(found == tested);
}

TEST_CASE("PATCH is signed like POST and the method is lower-cased in (request-target)", "[signer]")
{
  const auto key = vector_key("key.pem");
  auto out = auth::sign_request({"patch", "/a?b=c", "h.example", "D", "{}"}, "kid", key);
  REQUIRE(out.ok());
  CHECK(out->signing_string == "date: D\n(request-target): patch /a?b=c\nhost: h.example\n"
                               "content-length: 2\ncontent-type: application/json\n"
                               "x-content-sha256: RBNvo1WzZ4oRRq0W9+hknpT7T8If536DEMBg9hyq/4o=");
  CHECK(out->authorization.rfind("Signature version=\"1\",headers=\"date (request-target) host "
                                 "content-length content-type x-content-sha256\",keyId=\"kid\"",
                                 0) == 0);
}

TEST_CASE("sign_request refuses inputs that would corrupt the signing string", "[signer]")
{
  const auto key = vector_key("key.pem");
  auto no_slash = auth::sign_request({"GET", "x", "h", "D", ""}, "kid", key);
  REQUIRE_FALSE(no_slash.ok());
  CHECK(no_slash.error().message == "cannot sign request target 'x': it must start with '/'");
  auto newline = auth::sign_request({"GET", "/x", "h\nx: y", "D", ""}, "kid", key);
  REQUIRE_FALSE(newline.ok());
  CHECK(newline.error().message == "cannot sign a header value that contains a line break");
  auto quote = auth::sign_request({"GET", "/x", "h", "D", ""}, "a\"b", key);
  REQUIRE_FALSE(quote.ok());
  CHECK(quote.error().kind == core::ErrorKind::internal);
}
