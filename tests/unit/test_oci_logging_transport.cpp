#include "ocivanilla/auth/private_key.hpp"
#include "ocivanilla/oci/logging_transport.hpp"
#include "ocivanilla/oci/retry.hpp"
#include "ocivanilla/oci/signing_transport.hpp"

#include "support/fake_clock.hpp"
#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <regex>
#include <sstream>

using ocivanilla::oci::find_header;
using ocivanilla::oci::HttpRequest;
using ocivanilla::oci::LoggingTransport;
using ocivanilla::testing::FakeTransport;

namespace {

// Sends the default logger to a string for the test's lifetime.
class CapturedLog {
 public:
  CapturedLog() : m_previous(spdlog::default_logger())
  {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(m_stream);
    sink->set_pattern("%l: %v");
    auto logger = std::make_shared<spdlog::logger>("test", sink);
    logger->set_level(spdlog::level::debug);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(m_previous); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  std::string text() const { return m_stream.str(); }

 private:
  std::ostringstream m_stream;
  std::shared_ptr<spdlog::logger> m_previous;
};

class FileKeys final : public ocivanilla::auth::KeyProvider {
 public:
  FileKeys()
  {
    const auto pem = ocivanilla::testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/signing-vectors/key.pem");
    auto key = ocivanilla::auth::PrivateKey::from_pem(pem, std::nullopt, "key.pem");
    REQUIRE(key.ok());
    m_key = std::make_shared<const ocivanilla::auth::PrivateKey>(std::move(key).value());
  }
  ocivanilla::core::Result<ocivanilla::auth::SigningCredentials> credentials() override
  {
    return ocivanilla::auth::SigningCredentials{"ST$secret-session-token", m_key};
  }

 private:
  std::shared_ptr<const ocivanilla::auth::PrivateKey> m_key;
};

} // namespace

TEST_CASE("one debug line per call with method, URL, status, duration, attempt and request id")
{
  CapturedLog log;
  FakeTransport inner;
  LoggingTransport logging(inner);
  inner.reply(200, "[]", {{"opc-request-id", "SERVER/ID"}});
  HttpRequest request{"GET", "https://iaas.example.com/20160918/instances?limit=2", {}, {}, 3};
  REQUIRE(logging.send(request).ok());
  const auto sent_id = find_header(inner.requests().at(0).headers, "opc-request-id");
  CHECK(sent_id.size() == 32);
  const std::regex line(R"(debug: GET https://iaas\.example\.com/20160918/instances\?limit=2 -> 200 in \d+ ms )"
                        R"(\(attempt 3, opc-request-id SERVER/ID\)\n)");
  CHECK(std::regex_match(log.text(), line));
}

TEST_CASE("a failed call is logged with the error and the request id that was sent")
{
  CapturedLog log;
  FakeTransport inner;
  LoggingTransport logging(inner);
  inner.fail(ocivanilla::core::ErrorKind::network, "GET https://h/x: cannot connect: refused");
  HttpRequest request{"GET", "https://h/x", {{"opc-request-id", "ABC123"}}, {}, 1};
  REQUIRE_FALSE(logging.send(request).ok());
  const std::regex line(R"(debug: GET https://h/x -> failed in \d+ ms: GET https://h/x: cannot )"
                        R"(connect: refused \(attempt 1, opc-request-id ABC123\)\n)");
  CHECK(std::regex_match(log.text(), line));
}

TEST_CASE("error answers log the redacted request headers and body")
{
  CapturedLog log;
  FakeTransport inner;
  LoggingTransport logging(inner);
  inner.reply(409, R"({"code":"Conflict","message":"no"})");
  HttpRequest request{"PUT",
                      "https://h/x",
                      {{"opc-request-id", "ID1"}, {"if-match", "etag-1"}, {"Authorization", "Signature x"}},
                      "{}",
                      1};
  REQUIRE(logging.send(request)->status == 409);
  const auto text = log.text();
  CHECK(text.find("debug:   request headers: opc-request-id: ID1; if-match: etag-1; "
                  "Authorization: <redacted>\n") != std::string::npos);
  CHECK(text.find(R"(debug:   response body: {"code":"Conflict","message":"no"})") != std::string::npos);
  CHECK(text.find("Signature x") == std::string::npos);
}

TEST_CASE("the signature and key material never reach the log, whole stack")
{
  CapturedLog log;
  ocivanilla::testing::FakeClock clock;
  ocivanilla::testing::RecordingSleeper sleeper(clock);
  FakeTransport wire;
  std::vector<std::string> authorizations;
  // A hostile server echoing the Authorization header and a key back in its error body.
  wire.set_handler([&authorizations](const HttpRequest& sent) {
    authorizations.emplace_back(find_header(sent.headers, "authorization"));
    ocivanilla::oci::HttpResponse response;
    response.status = 503;
    response.body = "{\"echo\":\"" + authorizations.back() +
                    "\",\"key\":\"-----BEGIN RSA PRIVATE KEY-----\\nMIIC\\n-----END RSA PRIVATE KEY-----\"}";
    return ocivanilla::core::Result<ocivanilla::oci::HttpResponse>(response);
  });
  FileKeys keys;
  ocivanilla::oci::SigningTransport signing(wire, keys, clock);
  LoggingTransport logging(signing);
  ocivanilla::oci::RetryingTransport retrying(logging, clock, sleeper, {2, std::chrono::seconds(60)});
  REQUIRE(retrying.send({"GET", "https://iaas.example.com/20160918/instances", {}, {}, 1})->status == 503);
  REQUIRE(authorizations.size() == 2);
  const auto text = log.text();
  for (const auto& authorization : authorizations) {
    const auto signature = authorization.substr(authorization.find("signature=\"") + 11, 40);
    CHECK(text.find(signature) == std::string::npos);
  }
  CHECK(text.find("secret-session-token") == std::string::npos);
  CHECK(text.find("MIIC") == std::string::npos);
  CHECK(text.find("<redacted PEM>") != std::string::npos);
  CHECK(text.find("(attempt 2, opc-request-id ") != std::string::npos);
}

TEST_CASE("redact_headers hides secret header values only")
{
  const ocivanilla::oci::Headers headers{{"AUTHORIZATION", "Signature a"},
                                         {"opc-obo-token", "t"},
                                         {"x-subject-token", "s"},
                                         {"date", "Fri, 04 Dec 2026 19:00:00 GMT"}};
  const ocivanilla::oci::Headers expected{{"AUTHORIZATION", "<redacted>"},
                                          {"opc-obo-token", "<redacted>"},
                                          {"x-subject-token", "<redacted>"},
                                          {"date", "Fri, 04 Dec 2026 19:00:00 GMT"}};
  CHECK(ocivanilla::oci::redact_headers(headers) == expected);
}

TEST_CASE("redact_text hides PEM blocks, signatures and session-token key ids")
{
  using ocivanilla::oci::redact_text;
  CHECK(redact_text("a -----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY----- b") == "a <redacted PEM> b");
  CHECK(redact_text("x -----BEGIN CERTIFICATE-----\nMII") == "x <redacted PEM>");
  CHECK(redact_text(R"(Signature version="1",keyId="ST$eyJ",signature="QmFzZTY0")") ==
        R"(Signature version="1",keyId="ST$<redacted>",signature="<redacted>")");
  CHECK(redact_text(R"({"h":"keyId=\"t/u/f\",signature=\"QmFz\""})") ==
        R"({"h":"keyId=\"t/u/f\",signature=\"<redacted>\""})");
  CHECK(redact_text("plain text") == "plain text");
}
