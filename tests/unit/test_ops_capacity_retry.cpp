#include "ocivanilla/ops/capacity_retry.hpp"

#include "support/fake_clock.hpp"
#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace ocivanilla;
using namespace std::chrono_literals;

namespace {

constexpr const char* k_base = "https://iaas.eu-frankfurt-1.oraclecloud.com";

std::string example(const std::string& name)
{
  return testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

ops::PreparedLaunch prepared_in_ad1(const api::ComputeClient& compute)
{
  ops::PreparedLaunch base;
  base.details = {{"shape", "VM.Standard.A1.Flex"}, {"displayName", "web"}};
  return ops::retarget_launch(compute, base, "AD-1", "first-token");
}

std::string ad_of(const oci::HttpRequest& request)
{
  return nlohmann::json::parse(request.body).at("availabilityDomain").get<std::string>();
}

} // namespace

TEST_CASE("capacity retry cycles the ADs, drops one without the shape, and backs off per round")
{
  testing::FakeTransport transport;
  transport.reply(500, example("error-out-of-host-capacity.json"))
    .reply(404, example("error-shape-not-found.json"))
    .reply(500, example("error-out-of-host-capacity.json"))
    .reply(500, example("error-out-of-host-capacity.json"))
    .reply(200, example("launch-instance-response.json"));
  api::ComputeClient compute(transport, k_base);
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  int reported = 0;
  auto reply = ops::launch_with_capacity_retry(
    compute, clock, sleeper, prepared_in_ad1(compute), {"AD-1", "AD-2", "AD-3"}, {10min, 30s, 5min},
    [&](const std::string&, int, const core::Error&) { ++reported; });
  REQUIRE(reply.ok());
  CHECK(reply->instance.lifecycle_state == "PROVISIONING");

  const auto& r = transport.requests();
  REQUIRE(r.size() == 5);
  std::vector<std::string> ads;
  std::set<std::string> tokens;
  for (const auto& request : r) {
    CHECK(request.method == "POST");
    ads.push_back(ad_of(request));
    tokens.insert(std::string(oci::find_header(request.headers, "opc-retry-token")));
  }
  CHECK(ads == std::vector<std::string>{"AD-1", "AD-2", "AD-3", "AD-1", "AD-3"});
  CHECK(oci::find_header(r[0].headers, "opc-retry-token") == "first-token");
  CHECK(tokens.size() == 5);
  CHECK(sleeper.delays() == std::vector<std::chrono::milliseconds>{30s});
  CHECK(reported == 4);
}

TEST_CASE("capacity retry stops at max_wait with a capacity error")
{
  testing::FakeTransport transport;
  transport.set_handler([](const oci::HttpRequest&) -> core::Result<oci::HttpResponse> {
    oci::HttpResponse response;
    response.status = 500;
    response.body = R"({"code": "InternalError", "message": "Out of host capacity."})";
    return response;
  });
  api::ComputeClient compute(transport, k_base);
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  auto reply = ops::launch_with_capacity_retry(compute, clock, sleeper, prepared_in_ad1(compute),
                                               {"AD-1", "AD-2"}, {2min, 30s, 60s});
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().kind == core::ErrorKind::capacity);
  CHECK(reply.error().message ==
        "no capacity for VM.Standard.A1.Flex in AD-1, AD-2 after 6 attempts over 1m30s "
        "(last: POST /20160918/instances: InternalError: Out of host capacity.)");
  CHECK(sleeper.delays() == std::vector<std::chrono::milliseconds>{30s, 60s});
  CHECK(transport.requests().size() == 6);
}

TEST_CASE("capacity retry returns other errors at once")
{
  testing::FakeTransport transport;
  transport.reply(400, example("error-limit-exceeded.json"));
  api::ComputeClient compute(transport, k_base);
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  auto reply = ops::launch_with_capacity_retry(compute, clock, sleeper, prepared_in_ad1(compute),
                                               {"AD-1", "AD-2"}, {});
  REQUIRE_FALSE(reply.ok());
  CHECK(reply.error().code == "LimitExceeded");
  CHECK(transport.requests().size() == 1);
  CHECK(sleeper.delays().empty());
}
