#include "ocivanilla/ops/instance_ops.hpp"

#include "support/fake_clock.hpp"
#include "support/fake_transport.hpp"
#include "support/temp_dir.hpp"

#include <catch2/catch.hpp>

using namespace ocivanilla;
using namespace std::chrono_literals;

namespace {

constexpr const char* k_base = "https://iaas.eu-frankfurt-1.oraclecloud.com";
constexpr const char* k_id = "ocid1.instance.oc1..x";

std::string instance_in(const std::string& state)
{
  return nlohmann::json{{"id", k_id}, {"displayName", "web"}, {"lifecycleState", state}}.dump();
}

api::Instance instance(const std::string& state, api::Tags tags = {})
{
  api::Instance out;
  out.id = k_id;
  out.display_name = "web";
  out.lifecycle_state = state;
  out.freeform_tags = std::move(tags);
  return out;
}

std::string example(const std::string& name)
{
  return testing::read_text_file(std::string(OVL_SHARED_DIR) + "/oci/api-examples/" + name);
}

} // namespace

TEST_CASE("wait_for_state polls until the target state")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_in("PROVISIONING"))
    .reply(200, instance_in("PROVISIONING"))
    .reply(200, instance_in("STARTING"))
    .reply(200, instance_in("RUNNING"));
  api::ComputeClient compute(transport, k_base);
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  std::vector<std::string> seen;
  auto done = ops::wait_for_state(compute, clock, sleeper, k_id, {"RUNNING"}, {10min, 5s},
                                  [&](const api::Instance& i) { seen.push_back(i.lifecycle_state); });
  REQUIRE(done.ok());
  CHECK(done->lifecycle_state == "RUNNING");
  CHECK(seen == std::vector<std::string>{"PROVISIONING", "STARTING", "RUNNING"});
  CHECK(sleeper.delays() == std::vector<std::chrono::milliseconds>{5s, 5s, 5s});
  CHECK(transport.requests().size() == 4);
}

TEST_CASE("wait_for_state times out with wait_timeout naming the state")
{
  testing::FakeTransport transport;
  transport.set_handler([](const oci::HttpRequest&) -> core::Result<oci::HttpResponse> {
    oci::HttpResponse response;
    response.status = 200;
    response.body = instance_in("PROVISIONING");
    return response;
  });
  api::ComputeClient compute(transport, k_base);
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  auto done = ops::wait_for_state(compute, clock, sleeper, k_id, {"RUNNING"}, {25s, 10s});
  REQUIRE_FALSE(done.ok());
  CHECK(done.error().kind == core::ErrorKind::wait_timeout);
  CHECK(done.error().message ==
        "timed out after 25s waiting for instance 'web' (ocid1.instance.oc1..x) to become RUNNING; it is "
        "PROVISIONING");
  CHECK(sleeper.delays() == std::vector<std::chrono::milliseconds>{10s, 10s, 5s});
  CHECK(transport.requests().size() == 4);
}

TEST_CASE("reaching TERMINATED while waiting for RUNNING is an api error")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_in("PROVISIONING")).reply(200, instance_in("TERMINATED"));
  api::ComputeClient compute(transport, k_base);
  testing::FakeClock clock;
  testing::RecordingSleeper sleeper(clock);
  auto done = ops::wait_for_state(compute, clock, sleeper, k_id, {"RUNNING"}, {10min, 5s});
  REQUIRE_FALSE(done.ok());
  CHECK(done.error().kind == core::ErrorKind::api);
  CHECK(done.error().message == "instance 'web' (ocid1.instance.oc1..x) is TERMINATED while waiting for RUNNING");

  testing::FakeTransport terminating;
  terminating.reply(200, instance_in("TERMINATING")).reply(200, instance_in("TERMINATED"));
  api::ComputeClient compute2(terminating, k_base);
  auto gone = ops::wait_for_state(compute2, clock, sleeper, k_id, {"TERMINATED"}, {10min, 5s});
  REQUIRE(gone.ok());
  CHECK(gone->lifecycle_state == "TERMINATED");
}

TEST_CASE("public_ip_of reads the primary VNIC")
{
  testing::FakeTransport transport;
  transport.reply(200, example("list-vnic-attachments.json")).reply(200, example("vnic.json"));
  api::ComputeClient compute(transport, k_base);
  auto ip = ops::public_ip_of(compute, "ocid1.compartment.oc1..c", k_id);
  REQUIRE(ip.ok());
  CHECK(*ip == "192.0.2.41");
  CHECK(transport.requests().at(0).url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/vnicAttachments?compartmentId=ocid1.compartment.oc1..c"
        "&instanceId=ocid1.instance.oc1..x&limit=100");

  testing::FakeTransport attaching;
  attaching.reply(200, R"([{"id": "att", "lifecycleState": "ATTACHING"}])");
  api::ComputeClient compute2(attaching, k_base);
  auto none = ops::public_ip_of(compute2, "ocid1.compartment.oc1..c", k_id);
  REQUIRE(none.ok());
  CHECK(none->empty());
  CHECK(attaching.requests().size() == 1);
}

TEST_CASE("terminate sends DELETE, or notes an instance already gone")
{
  testing::FakeTransport transport;
  transport.reply(204, "");
  api::ComputeClient compute(transport, k_base);

  auto done = ops::terminate(compute, instance("TERMINATED"), false);
  REQUIRE(done.ok());
  CHECK_FALSE(done->requested);
  CHECK(done->note == "instance 'web' (ocid1.instance.oc1..x) is already TERMINATED");
  CHECK(transport.requests().empty());

  auto sent = ops::terminate(compute, instance("RUNNING"), true);
  REQUIRE(sent.ok());
  CHECK(sent->requested);
  CHECK(sent->instance.lifecycle_state == "TERMINATING");
  REQUIRE(transport.requests().size() == 1);
  CHECK(transport.requests()[0].method == "DELETE");
  CHECK(transport.requests()[0].url ==
        "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..x?preserveBootVolume=true");
}

TEST_CASE("is_protected means tier dedicated")
{
  CHECK(ops::is_protected(instance("RUNNING", {{"ocivanilla-tier", "dedicated"}})));
  CHECK_FALSE(ops::is_protected(instance("RUNNING", {{"ocivanilla-tier", "on-demand"}})));
  CHECK_FALSE(ops::is_protected(instance("RUNNING")));
}

TEST_CASE("power actions map to InstanceAction")
{
  testing::FakeTransport transport;
  transport.reply(200, instance_in("STOPPING")).reply(200, instance_in("STOPPING")).reply(200, instance_in("STARTING"));
  api::ComputeClient compute(transport, k_base);

  auto hard = ops::power(compute, instance("RUNNING"), ops::PowerAction::stop);
  REQUIRE(hard.ok());
  CHECK(hard->requested);
  CHECK(hard->instance.lifecycle_state == "STOPPING");
  REQUIRE(ops::power(compute, instance("RUNNING"), ops::PowerAction::soft_stop).ok());
  REQUIRE(ops::power(compute, instance("STOPPED"), ops::PowerAction::start).ok());

  auto already = ops::power(compute, instance("RUNNING"), ops::PowerAction::start);
  REQUIRE(already.ok());
  CHECK_FALSE(already->requested);
  CHECK(already->note == "instance 'web' (ocid1.instance.oc1..x) is already RUNNING");

  auto gone = ops::power(compute, instance("TERMINATED"), ops::PowerAction::start);
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().message == "instance 'web' (ocid1.instance.oc1..x) is TERMINATED");

  const auto& r = transport.requests();
  REQUIRE(r.size() == 3);
  const std::string base = "https://iaas.eu-frankfurt-1.oraclecloud.com/20160918/instances/ocid1.instance.oc1..x";
  CHECK(r[0].url == base + "?action=STOP");
  CHECK(r[1].url == base + "?action=SOFTSTOP");
  CHECK(r[2].url == base + "?action=START");
  CHECK(r[2].method == "POST");
}
