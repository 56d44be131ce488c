// Issue 2 through the binary: the endpoint override, TLS, the debug log and the log file,
// errors carrying the opc-request-id, and retries of 429/503 answers.
#include "support/sim_fixture.hpp"
#include "support/text.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>

using ocivanilla::testing::has;
using ocivanilla::testing::read_text_file;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;
using ocivanilla::testing::SimOptions;

namespace {

std::string lower(std::string text)
{
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::size_t count(const std::string& text, const std::string& part)
{
  std::size_t n = 0;
  for (auto pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + part.size())) {
    ++n;
  }
  return n;
}

// No trace of the Authorization header or of a signature in a log text.
void check_no_secrets(const std::string& log)
{
  const auto text = lower(log);
  CHECK_FALSE(has(text, "authorization"));
  CHECK_FALSE(has(text, "signature"));
  CHECK_FALSE(has(text, "keyid"));
}

std::string list_url(const SimFixture& sim)
{
  return sim.url() + "/20160918/instances?compartmentId=" + sim.tenancy();
}

} // namespace

TEST_CASE("transport: a malformed --endpoint is a usage error (exit 2)")
{
  SimFixture sim;
  auto r = sim.cli({"--endpoint", "not a url", "list"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "ocivanilla: error: invalid endpoint 'not a url': expected http://HOST[:PORT] or https://HOST[:PORT]\n");
  auto with_path = sim.cli({"list"}, {{"OCIVANILLA_ENDPOINT", sim.url() + "/20160918"}});
  CHECK(with_path.exit_code == 2);
  CHECK(has(with_path.err, "invalid endpoint '" + sim.url() + "/20160918': it must not have a path"));
  CHECK(sim.requests().empty());
}

TEST_CASE("transport: http:// to a non-loopback host is refused (exit 2) and nothing is sent")
{
  SimFixture sim;
  auto r = sim.cli({"list", "--endpoint", "http://example.com:8080"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "ocivanilla: error: http:// is only allowed for loopback hosts (127.0.0.0/8, ::1, localhost); "
                 "use https:// for example.com\n");
  auto from_env = sim.cli({"list"}, {{"OCIVANILLA_ENDPOINT", "http://10.0.0.1"}});
  CHECK(from_env.exit_code == 2);
  CHECK(has(from_env.err, "use https:// for 10.0.0.1"));
  CHECK(r.out.empty());
  CHECK(sim.requests().empty());
}

TEST_CASE("transport: the --endpoint flag beats OCIVANILLA_ENDPOINT")
{
  SimFixture sim;
  auto r = sim.cli({"list", "--endpoint", sim.url()}, {{"OCIVANILLA_ENDPOINT", "http://example.com"}});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "tamara-deployment-server"));
  CHECK(sim.requests().size() == 1);
}

TEST_CASE("transport: -v logs method, URL, status, attempt and opc-request-id on stderr, never the signature")
{
  SimFixture sim;
  auto r = sim.cli({"-v", "list", "-o", "json"});
  REQUIRE(r.exit_code == 0);
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 1);
  const std::string id = requests[0]["opcRequestId"];
  CHECK(has(r.err, "ocivanilla: debug: GET " + list_url(sim)));
  CHECK(has(r.err, "-> 200 in "));
  CHECK(has(r.err, "(attempt 1, opc-request-id " + id + ")"));
  check_no_secrets(r.err);
  // stdout carries only the result: one JSON document.
  const auto doc = nlohmann::json::parse(r.out);
  CHECK(doc["data"].size() == 4);
}

TEST_CASE("transport: without -v nothing is logged on stderr")
{
  SimFixture sim;
  auto r = sim.cli({"list"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  CHECK_FALSE(has(r.out, "debug"));
}

TEST_CASE("transport: --log-file and OCIVANILLA_LOG_FILE append the log, without secrets")
{
  SimFixture sim;
  const auto log = (sim.dir().path() / "logs/ocivanilla.log").string();
  std::filesystem::create_directories(sim.dir().path() / "logs");
  auto first = sim.cli({"list", "--log-file", log});
  REQUIRE(first.exit_code == 0);
  CHECK(first.err.empty());
  auto second = sim.cli({"list"}, {{"OCIVANILLA_LOG_FILE", log}});
  REQUIRE(second.exit_code == 0);
  const auto text = read_text_file(log);
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 2);
  CHECK(count(text, "GET " + list_url(sim)) == 2);
  for (const auto& request : requests) {
    CHECK(has(text, "(attempt 1, opc-request-id " + request["opcRequestId"].get<std::string>() + ")"));
  }
  check_no_secrets(text);
  CHECK_FALSE(has(first.out, "debug"));
}

TEST_CASE("transport: an API refusal is exit 1 and its message carries the opc-request-id")
{
  SimFixture sim;
  // The pool is full, so the simulator answers 400 LimitExceeded when the guard is bypassed.
  auto r = sim.cli({"launch", "extra-box", "--allow-over-budget"});
  CHECK(r.exit_code == 1);
  const auto posts = sim.requests_matching("POST", "/instances");
  REQUIRE(posts.size() == 1);
  CHECK(posts[0]["status"] == 400);
  CHECK(has(r.err,
            "ocivanilla: error: POST /20160918/instances: LimitExceeded: The following service limits were exceeded"));
  CHECK(has(r.err, "(opc-request-id: " + posts[0]["opcRequestId"].get<std::string>() + ")"));
  CHECK(r.out.empty());
}

TEST_CASE("transport: a 404 for an unknown OCID is exit 5 with the opc-request-id")
{
  SimFixture sim;
  const std::string ocid = "ocid1.instance.oc1.eu-frankfurt-1.doesnotexist";
  auto r = sim.cli({"terminate", ocid, "--yes"});
  CHECK(r.exit_code == 5);
  const auto gets = sim.requests_matching("GET", "/instances/" + ocid);
  REQUIRE(gets.size() == 1);
  CHECK(has(r.err, "instance " + ocid + " not found"));
  CHECK(has(r.err, "(opc-request-id: " + gets[0]["opcRequestId"].get<std::string>() + ")"));
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}

TEST_CASE("transport: a 401 from a skewed clock says by how much (exit 4), with the opc-request-id, not retried")
{
  SimFixture sim;
  sim.set_clock_offset(600);
  auto r = sim.cli({"list"});
  CHECK(r.exit_code == 4);
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0]["status"] == 401);
  CHECK(has(r.err, "not within allowed clock skew"));
  CHECK(has(r.err, "your clock is off by about 10 minutes"));
  CHECK(has(r.err, "(opc-request-id: " + requests[0]["opcRequestId"].get<std::string>() + ")"));
  CHECK(r.out.empty());
}

TEST_CASE("transport: HTTPS works with the CA from OCI_CLI_CERT_BUNDLE or --cert-bundle")
{
  SimOptions options;
  options.tls = true;
  SimFixture sim(seed_scenario(), options);
  REQUIRE(sim.url().rfind("https://127.0.0.1:", 0) == 0);
  auto r = sim.cli({"list"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "tamara-deployment-server"));
  CHECK(r.err.empty());

  const auto ca = sim.base_env().at("OCI_CLI_CERT_BUNDLE");
  auto by_flag = sim.cli({"list", "--cert-bundle", ca}, {{"OCI_CLI_CERT_BUNDLE", ""}});
  CHECK(by_flag.exit_code == 0);
  CHECK(sim.requests().size() == 2);
}

TEST_CASE("transport: HTTPS without the simulator's CA fails clearly (exit 9) and is not retried")
{
  SimOptions options;
  options.tls = true;
  SimFixture sim(seed_scenario(), options);
  auto r = sim.cli({"list"}, {{"OCI_CLI_CERT_BUNDLE", ""}});
  CHECK(r.exit_code == 9);
  CHECK(has(lower(r.err), "certificate"));
  CHECK(has(r.err, "TLS"));
  CHECK(sim.requests().size() <= 1);
  CHECK(r.out.empty());
}

TEST_CASE("transport: a burst of 429 answers with Retry-After is retried until it succeeds")
{
  SimFixture sim;
  sim.add_fault({{"type", "throttle"}, {"count", 3}, {"retryAfterSeconds", 1}});
  auto r = sim.cli({"list", "-v"});
  CHECK(r.exit_code == 0);
  CHECK(has(r.out, "tamara-deployment-server"));
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 4);
  for (int i = 0; i < 3; ++i) {
    CHECK(requests[static_cast<std::size_t>(i)]["status"] == 429);
  }
  CHECK(requests[3]["status"] == 200);
  CHECK(has(r.err, "HTTP 429 on attempt 1 of "));
  CHECK(has(r.err, "(attempt 4, opc-request-id " + requests[3]["opcRequestId"].get<std::string>() + ")"));
}

TEST_CASE("transport: 503 answers are retried until it succeeds")
{
  SimFixture sim;
  sim.add_fault({{"type", "unavailable"}, {"count", 2}});
  auto r = sim.cli({"list", "-o", "json"});
  CHECK(r.exit_code == 0);
  CHECK(nlohmann::json::parse(r.out)["data"].size() == 4);
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 3);
  CHECK(requests[0]["status"] == 503);
  CHECK(requests[1]["status"] == 503);
  CHECK(requests[2]["status"] == 200);
  CHECK(r.err.empty());
}

TEST_CASE("transport: 5xx answers after every retry are exit 9 with the last opc-request-id")
{
  SimFixture sim;
  sim.add_fault({{"type", "internal_error"}, {"count", 10}});
  auto r = sim.cli({"list", "-o", "json"}, {{"OCIVANILLA_RETRY_ATTEMPTS", "2"}});
  CHECK(r.exit_code == 9);
  CHECK(r.out.empty());
  const auto requests = sim.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1]["status"] == 500);
  CHECK(has(r.err, "InternalServerError: Internal server error."));
  CHECK(has(r.err, "(opc-request-id: " + requests[1]["opcRequestId"].get<std::string>() + ")"));
}
