#include "test_sim_harness.hpp"

#include <chrono>

using namespace sim_test;

namespace {

const std::string k_instances = "/20160918/instances";
const std::string k_list = k_instances + "?compartmentId=" + k_tenancy;

void add_fault(Harness& h, const std::string& json)
{
  auto res = h.raw("POST", "/_sim/faults", json);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
}

} // namespace

TEST_CASE("sim faults: throttle, unavailable and internal_error answer instead of the API")
{
  Harness h("faults:\n  - {type: throttle, count: 2, retryAfterSeconds: 3}\n");
  for (int i = 0; i < 2; ++i) {
    auto res = h.send("GET", k_list);
    CHECK(res->status == 429);
    CHECK(error_code(res) == "TooManyRequests");
    CHECK(res->get_header_value("Retry-After") == "3");
  }
  CHECK(h.send("GET", k_list)->status == 200);
  add_fault(h, R"({"type": "unavailable"})");
  CHECK(h.send("GET", k_list)->status == 503);
  add_fault(h, R"({"type": "internal_error", "method": "POST"})");
  CHECK(h.send("GET", k_list)->status == 200); // targeted at POST only
  auto failed = h.send("POST", k_instances, launch_body("x"));
  CHECK(failed->status == 500);
  CHECK(error_code(failed) == "InternalServerError");
  CHECK(h.admin_json("/_sim/instances").size() == 3); // no state change
  CHECK(h.admin_json("/_sim/requests")[0]["fault"] == "throttle");
}

TEST_CASE("sim faults: out_of_capacity hits the first N launches in its AD")
{
  Harness h("faults:\n  - {type: out_of_capacity, count: 2, availabilityDomain: \"Uocm:PHX-AD-1\"}\n");
  CHECK(h.send("POST", k_instances, launch_body("m", 1, 1, k_ad2, "VM.Standard.E2.1.Micro"))->status == 200);
  for (int i = 0; i < 2; ++i) {
    auto res = h.send("POST", k_instances, launch_body("a1"));
    CHECK(res->status == 500);
    CHECK(error_code(res) == "InternalError");
    CHECK(error_message(res) == "Out of host capacity.");
  }
  CHECK(h.send("POST", k_instances, launch_body("a1"))->status == 200);
  CHECK(h.admin_json("/_sim/faults").empty());
}

TEST_CASE("sim faults: drop_connection creates the instance then closes without an answer")
{
  Harness h("faults:\n  - {type: drop_connection}\n");
  const httplib::Headers token = {{"opc-retry-token", "lost-reply"}};
  auto dropped = h.send("POST", k_instances, launch_body("lost"), token);
  CHECK_FALSE(dropped);
  const auto instances = h.admin_json("/_sim/instances");
  REQUIRE(instances.size() == 4);
  CHECK(instances[3]["displayName"] == "lost");
  auto retried = h.send("POST", k_instances, launch_body("lost"), token);
  REQUIRE(retried);
  CHECK(retried->status == 200);
  CHECK(nlohmann::json::parse(retried->body)["id"] == instances[3]["id"]);
  CHECK(h.admin_json("/_sim/instances").size() == 4);
  CHECK(h.admin_json("/_sim/requests")[0]["fault"] == "drop_connection");
}

TEST_CASE("sim faults: delay, truncated_body, invalid_json and extra_fields shape the reply")
{
  Harness h;
  SECTION("delay")
  {
    add_fault(h, R"({"type": "delay", "milliseconds": 300, "count": 1})");
    const auto start = std::chrono::steady_clock::now();
    CHECK(h.send("GET", k_list)->status == 200);
    CHECK(std::chrono::steady_clock::now() - start >= std::chrono::milliseconds{300});
    CHECK(h.admin_json("/_sim/faults").empty());
  }
  SECTION("truncated body")
  {
    add_fault(h, R"({"type": "truncated_body", "path": "/instances"})");
    CHECK_FALSE(h.send("GET", k_list));
    CHECK(h.send("GET", k_list)->status == 200);
  }
  SECTION("invalid json")
  {
    add_fault(h, R"({"type": "invalid_json"})");
    auto res = h.send("GET", k_list);
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(nlohmann::json::parse(res->body, nullptr, false).is_discarded());
  }
  SECTION("extra fields")
  {
    add_fault(h, R"({"type": "extra_fields"})");
    const auto items = h.get_json(k_list);
    REQUIRE(items.size() == 3);
    CHECK(items[0]["simUnknownNull"].is_null());
    CHECK(items[0]["simUnknownField"]["nested"][1] == "two");
  }
}

TEST_CASE("sim faults: admin errors and DELETE /_sim/faults")
{
  Harness h;
  auto bad = h.raw("POST", "/_sim/faults", R"({"type": "meteor"})");
  CHECK(bad->status == 400);
  CHECK(error_message(bad) == "request body:1: fault.type 'meteor' is not a fault type");
  add_fault(h, R"({"type": "throttle", "count": 5})");
  CHECK(h.admin_json("/_sim/faults")[0]["count"] == 5);
  CHECK(h.raw("DELETE", "/_sim/faults")->status == 204);
  CHECK(h.send("GET", k_list)->status == 200);
}

TEST_CASE("sim auth: tampered, stale or mismatched requests get 401 NotAuthenticated")
{
  Harness h;
  SECTION("unsigned")
  {
    auto res = h.raw("GET", k_list);
    CHECK(res->status == 401);
    CHECK(error_code(res) == "NotAuthenticated");
    CHECK(h.admin_json("/_sim/requests")[0]["authError"] == "no Authorization header");
  }
  SECTION("skewed client clock")
  {
    auto res = h.send("GET", k_list, "", {}, std::chrono::seconds{-400});
    CHECK(res->status == 401);
    CHECK(error_message(res).find("is not within allowed clock skew. Current '") != std::string::npos);
    CHECK(h.send("GET", k_list, "", {}, std::chrono::seconds{-200})->status == 200);
  }
  SECTION("simulator clock shifted by the admin API")
  {
    CHECK(h.raw("POST", "/_sim/clock", R"({"offsetSeconds": 600})")->status == 200);
    CHECK(h.send("GET", k_list)->status == 401);
    CHECK(h.send("GET", k_list, "", {}, std::chrono::seconds{600})->status == 200);
    CHECK(h.admin_json("/_sim/clock")["offsetSeconds"] == 600);
  }
  SECTION("a clock offset beyond 36500 days is refused and the clock is left as it was")
  {
    // Found by the sim_request fuzz target: 36000000000000001 s overflowed now().
    CHECK(h.raw("POST", "/_sim/clock", R"({"offsetSeconds": 36000000000000001})")->status == 400);
    CHECK(h.raw("POST", "/_sim/clock", R"({"offsetSeconds": 18446744073709551615})")->status == 400);
    CHECK(h.raw("POST", "/_sim/clock", R"({"offsetSeconds": -3153600001})")->status == 400);
    CHECK(h.admin_json("/_sim/clock")["offsetSeconds"] == 0);
    CHECK(h.raw("POST", "/_sim/clock", R"({"offsetSeconds": -3153600000})")->status == 200);
    CHECK(h.admin_json("/_sim/clock")["offsetSeconds"] == -3153600000LL);
  }
  SECTION("tampered target and tampered signature")
  {
    auto key = auth::PrivateKey::from_pem(testing::read_text_file(k_vectors + "key.pem"), std::nullopt, "key.pem");
    REQUIRE(key.ok());
    const std::string date = core::format_http_date(std::chrono::system_clock::now());
    const std::string host = "127.0.0.1:" + std::to_string(h.port());
    auth::SignInput input{"GET", k_list, host, date, ""};
    auto signed_request = auth::sign_request(input, key_id(), *key);
    REQUIRE(signed_request.ok());
    httplib::Headers headers(signed_request->headers.begin(), signed_request->headers.end());
    CHECK(h.raw("GET", k_list + "&limit=1", "", headers)->status == 401);
    CHECK(h.raw("GET", k_list, "", headers)->status == 200);
    std::string forged = signed_request->authorization;
    forged[forged.size() - 5] = forged[forged.size() - 5] == 'A' ? 'B' : 'A';
    headers.erase("authorization");
    headers.erase("Authorization");
    headers.emplace("Authorization", forged);
    CHECK(h.raw("GET", k_list, "", headers)->status == 401);
    const auto log = h.admin_json("/_sim/requests");
    REQUIRE(log.size() == 3);
    CHECK(log[0]["authError"] == "signature does not verify");
    CHECK(log[1]["keyId"] == key_id());
    CHECK(log[1]["authError"].is_null());
    CHECK(log[2]["authError"] == "signature does not verify");
  }
  SECTION("body changed after signing")
  {
    // Signed for one body, sent with another of the same length.
    const std::string body = launch_body("signed");
    auto key = auth::PrivateKey::from_pem(testing::read_text_file(k_vectors + "key.pem"), std::nullopt, "key.pem");
    REQUIRE(key.ok());
    const std::string date = core::format_http_date(std::chrono::system_clock::now());
    const std::string host = "127.0.0.1:" + std::to_string(h.port());
    auth::SignInput input{"POST", k_instances, host, date, body};
    auto signed_request = auth::sign_request(input, key_id(), *key);
    REQUIRE(signed_request.ok());
    httplib::Headers headers(signed_request->headers.begin(), signed_request->headers.end());
    std::string other = body;
    other[other.find("signed")] = 'S';
    auto res = h.raw("POST", k_instances, other, headers);
    CHECK(res->status == 401);
    CHECK(h.admin_json("/_sim/requests")[0]["authError"] == "x-content-sha256 does not match the SHA-256 of the body");
    auto original = h.raw("POST", k_instances, body, headers);
    CHECK(original->status == 200);
  }
}

TEST_CASE("sim admin: instances can be added at run time and oversized bodies are refused")
{
  Harness h;
  auto added = h.raw("POST", "/_sim/instances", R"({"displayName": "late", "lifecycleState": "STOPPED"})");
  REQUIRE(added->status == 200);
  CHECK(nlohmann::json::parse(added->body)["lifecycleState"] == "STOPPED");
  CHECK(h.get_json(k_list + "&displayName=late").size() == 1);
  auto bad = h.raw("POST", "/_sim/instances", R"({"displayName": "x", "shape": "VM.Huge"})");
  CHECK(bad->status == 400);
  CHECK(error_message(bad) == "request body:1: instance.shape 'VM.Huge' is not in the shape catalog");
  auto huge = h.raw("POST", k_instances, std::string(2 * 1024 * 1024, 'x'));
  if (huge) {
    CHECK(huge->status == 413);
  }
  CHECK(h.send("GET", k_list)->status == 200);
}
