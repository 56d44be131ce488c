#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/oci/retry.hpp"

#include "support/fake_clock.hpp"
#include "support/fake_transport.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace std::chrono_literals;
using ocivanilla::core::ErrorKind;
using ocivanilla::oci::HttpRequest;
using ocivanilla::oci::RetryingTransport;
using ocivanilla::oci::RetryPolicy;
using ocivanilla::testing::FakeClock;
using ocivanilla::testing::FakeTransport;
using ocivanilla::testing::RecordingSleeper;
using Delays = std::vector<std::chrono::milliseconds>;

namespace {

// Returns the upper bound asked for (the longest delay allowed) and records the bounds.
struct MaxRandom {
  std::vector<std::uint64_t>* bounds;
  std::uint64_t operator()(std::uint64_t bound) const
  {
    bounds->push_back(bound);
    return bound;
  }
};

HttpRequest get_request()
{
  return HttpRequest{"GET", "https://iaas.example.com/20160918/instances/ocid1.x", {}, {}, 1};
}

HttpRequest launch_request(bool with_token)
{
  HttpRequest request{"POST", "https://iaas.example.com/20160918/instances", {}, R"({"a":1})", 1};
  if (with_token) {
    request.headers.emplace_back("opc-retry-token", "token-123");
  }
  return request;
}

struct Stack {
  FakeClock clock;
  RecordingSleeper sleeper{clock};
  FakeTransport inner;
  std::vector<std::uint64_t> bounds;
  RetryingTransport retrying;

  explicit Stack(RetryPolicy policy = {}) : retrying(inner, clock, sleeper, policy, MaxRandom{&bounds}) {}
};

} // namespace

TEST_CASE("full jitter stays within [0, min(cap, base*2^(n-1))]")
{
  const RetryPolicy policy;
  std::vector<std::uint64_t> bounds;
  const ocivanilla::oci::RandomSource max_random = MaxRandom{&bounds};
  const ocivanilla::oci::RandomSource zero = [](std::uint64_t) { return std::uint64_t{0}; };
  CHECK(full_jitter_delay(policy, 1, max_random) == 1000ms);
  CHECK(full_jitter_delay(policy, 2, max_random) == 2000ms);
  CHECK(full_jitter_delay(policy, 5, max_random) == 16000ms);
  CHECK(full_jitter_delay(policy, 6, max_random) == 30000ms);
  CHECK(full_jitter_delay(policy, 60, max_random) == 30000ms);
  CHECK(bounds == std::vector<std::uint64_t>{1000, 2000, 16000, 30000, 30000});
  CHECK(full_jitter_delay(policy, 3, zero) == 0ms);

  const auto random = ocivanilla::oci::default_random_source();
  bool saw_below_half = false;
  for (int i = 0; i < 200; ++i) {
    const auto delay = full_jitter_delay(policy, 3, random);
    CHECK(delay >= 0ms);
    CHECK(delay <= 4000ms);
    saw_below_half = saw_below_half || delay < 2000ms;
  }
  CHECK(saw_below_half);
}

TEST_CASE("a random source answering out of range is clamped to the bound")
{
  const ocivanilla::oci::RandomSource broken = [](std::uint64_t bound) { return bound * 10; };
  CHECK(full_jitter_delay(RetryPolicy{}, 2, broken) == 2000ms);
}

TEST_CASE("503s are retried on the full-jitter schedule until an answer")
{
  Stack stack;
  stack.inner.reply(503, "").reply(503, "").reply(502, "").reply(200, "[]");
  auto result = stack.retrying.send(get_request());
  REQUIRE(result.ok());
  CHECK(result->status == 200);
  CHECK(stack.sleeper.delays() == Delays{1000ms, 2000ms, 4000ms});
  REQUIRE(stack.inner.requests().size() == 4);
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(stack.inner.requests()[i].attempt == static_cast<int>(i + 1));
  }
}

TEST_CASE("the attempt bound returns the last HTTP answer")
{
  Stack stack(RetryPolicy{3, 120s, 1s, 30s});
  stack.inner.reply(429, R"({"code":"TooManyRequests","message":"Too many requests for the user"})")
    .reply(429, "")
    .reply(503, "last")
    .reply(200, "never sent");
  auto result = stack.retrying.send(get_request());
  REQUIRE(result.ok());
  CHECK(result->status == 503);
  CHECK(result->body == "last");
  CHECK(stack.inner.requests().size() == 3);
  CHECK(stack.sleeper.delays() == Delays{1000ms, 2000ms});
}

TEST_CASE("the total-time bound caps the last delay and then stops")
{
  Stack stack(RetryPolicy{20, 10s, 1s, 30s});
  stack.inner.set_handler([](const HttpRequest&) {
    ocivanilla::oci::HttpResponse response;
    response.status = 504;
    return ocivanilla::core::Result<ocivanilla::oci::HttpResponse>(response);
  });
  auto result = stack.retrying.send(get_request());
  REQUIRE(result.ok());
  CHECK(result->status == 504);
  // 1 + 2 + 4 = 7 s used; only 3 s remain for the fourth delay; then nothing is left.
  CHECK(stack.sleeper.delays() == Delays{1000ms, 2000ms, 4000ms, 3000ms});
  CHECK(stack.inner.requests().size() == 5);
}

TEST_CASE("time spent inside attempts counts against the total budget")
{
  Stack stack(RetryPolicy{8, 5s, 1s, 30s});
  stack.inner.set_handler([&stack](const HttpRequest&) {
    stack.clock.advance(2s); // each call takes 2 s
    return ocivanilla::core::Result<ocivanilla::oci::HttpResponse>(
      ocivanilla::core::make_error(ErrorKind::network, "GET x: cannot connect: refused"));
  });
  auto result = stack.retrying.send(get_request());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().message == "GET x: cannot connect: refused");
  // 2 s call, 1 s wait, 2 s call -> 5 s used: no more attempts.
  CHECK(stack.sleeper.delays() == Delays{1000ms});
  CHECK(stack.inner.requests().size() == 2);
}

TEST_CASE("Retry-After is a floor for the delay, bounded by the remaining time")
{
  Stack stack(RetryPolicy{8, 60s, 1s, 30s});
  stack.inner.reply(429, "", {{"Retry-After", "7"}})
    .reply(429, "", {{"retry-after", "1"}})
    .reply(503, "", {{"Retry-After", "600"}})
    .reply(200, "");
  auto result = stack.retrying.send(get_request());
  REQUIRE(result.ok());
  CHECK(result->status == 200);
  // 7 s > jitter 1 s; 1 s < jitter 2 s; 600 s capped to the 60 - 9 = 51 s left.
  CHECK(stack.sleeper.delays() == Delays{7000ms, 2000ms, 51000ms});
}

TEST_CASE("Retry-After parses seconds and HTTP dates")
{
  const FakeClock clock;
  const auto now = clock.now();
  CHECK(ocivanilla::oci::parse_retry_after("12", now) == std::optional(12000ms));
  CHECK(ocivanilla::oci::parse_retry_after(" 0 ", now) == std::optional(0ms));
  const auto later = ocivanilla::core::format_http_date(now + 90s);
  CHECK(ocivanilla::oci::parse_retry_after(later, now) == std::optional(90000ms));
  const auto earlier = ocivanilla::core::format_http_date(now - 90s);
  CHECK(ocivanilla::oci::parse_retry_after(earlier, now) == std::optional(0ms));
  CHECK_FALSE(ocivanilla::oci::parse_retry_after("", now).has_value());
  CHECK_FALSE(ocivanilla::oci::parse_retry_after("soon", now).has_value());
  CHECK_FALSE(ocivanilla::oci::parse_retry_after("-5", now).has_value());
}

TEST_CASE("a POST without opc-retry-token is never retried")
{
  Stack stack;
  stack.inner.reply(503, "").reply(200, "");
  auto result = stack.retrying.send(launch_request(false));
  REQUIRE(result.ok());
  CHECK(result->status == 503);
  CHECK(stack.inner.requests().size() == 1);
  CHECK(stack.sleeper.delays().empty());

  Stack failing;
  failing.inner.fail(ErrorKind::network, "POST x: timed out").reply(200, "");
  auto failed = failing.retrying.send(launch_request(false));
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.error().message == "POST x: timed out");
  CHECK(failing.inner.requests().size() == 1);
}

TEST_CASE("a POST with opc-retry-token is retried with the same token and body")
{
  Stack stack;
  stack.inner.fail(ErrorKind::network, "POST x: timed out").reply(502, "").reply(200, "{}");
  auto result = stack.retrying.send(launch_request(true));
  REQUIRE(result.ok());
  CHECK(result->status == 200);
  REQUIRE(stack.inner.requests().size() == 3);
  for (const auto& sent : stack.inner.requests()) {
    CHECK(ocivanilla::oci::find_header(sent.headers, "opc-retry-token") == "token-123");
    CHECK(sent.body == R"({"a":1})");
  }
}

TEST_CASE("500 Out of host capacity is never retried, even with a retry token")
{
  const std::string capacity = R"({"code":"InternalError","message":"Out of host capacity."})";
  Stack stack;
  stack.inner.reply(500, capacity).reply(200, "");
  auto result = stack.retrying.send(launch_request(true));
  REQUIRE(result.ok());
  CHECK(result->status == 500);
  CHECK(stack.inner.requests().size() == 1);

  Stack get;
  get.inner.reply(500, capacity).reply(200, "");
  CHECK(get.retrying.send(get_request())->status == 500);
  CHECK(get.inner.requests().size() == 1);
}

TEST_CASE("other 500s are retried for idempotent methods")
{
  for (const std::string method : {"GET", "HEAD", "PUT", "DELETE"}) {
    Stack stack;
    stack.inner.reply(500, R"({"code":"InternalServerError","message":"boom"})").reply(204, "");
    HttpRequest request = get_request();
    request.method = method;
    auto result = stack.retrying.send(request);
    REQUIRE(result.ok());
    CHECK(result->status == 204);
    CHECK(stack.inner.requests().size() == 2);
  }
}

TEST_CASE("a TLS verification failure is never retried")
{
  Stack stack;
  ocivanilla::core::Error tls = ocivanilla::core::make_error(
    ErrorKind::network, "TLS certificate verification failed for https://127.0.0.1:1: x");
  tls.code = "TlsVerification";
  stack.inner.set_handler(
    [&tls](const HttpRequest&) { return ocivanilla::core::Result<ocivanilla::oci::HttpResponse>(tls); });
  auto result = stack.retrying.send(get_request());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == "TlsVerification");
  CHECK(stack.inner.requests().size() == 1);
  CHECK(stack.sleeper.delays().empty());
}

TEST_CASE("409 is retried only for IncorrectState and LockConflict")
{
  Stack incorrect;
  incorrect.inner.reply(409, R"({"code":"IncorrectState","message":"Instance is in STOPPING"})").reply(200, "");
  CHECK(incorrect.retrying.send(get_request())->status == 200);
  CHECK(incorrect.inner.requests().size() == 2);

  Stack conflict;
  conflict.inner.reply(409, R"({"code":"Conflict","message":"no"})").reply(200, "");
  CHECK(conflict.retrying.send(get_request())->status == 409);
  CHECK(conflict.inner.requests().size() == 1);
}

TEST_CASE("409 IncorrectState on an action POST is returned at once, even with a retry token")
{
  Stack stack;
  stack.inner.reply(409, R"({"code":"IncorrectState","message":"Instance is in STOPPING"})").reply(200, "");
  HttpRequest action;
  action.method = "POST";
  action.url = "https://iaas.example/20160918/instances/ocid1.instance.oc1..x?action=STOP";
  ocivanilla::oci::set_header(action.headers, "opc-retry-token", "token-1");
  CHECK(stack.retrying.send(action)->status == 409);
  CHECK(stack.inner.requests().size() == 1);
  CHECK(stack.sleeper.delays().empty());
}

TEST_CASE("client errors and non-network failures are not retried")
{
  for (const int status : {400, 401, 404, 412, 501}) {
    Stack stack;
    stack.inner.reply(status, "").reply(200, "");
    CHECK(stack.retrying.send(get_request())->status == status);
    CHECK(stack.inner.requests().size() == 1);
  }
  Stack auth;
  auth.inner.fail(ErrorKind::auth, "wrong passphrase").reply(200, "");
  CHECK_FALSE(auth.retrying.send(get_request()).ok());
  CHECK(auth.inner.requests().size() == 1);
}
