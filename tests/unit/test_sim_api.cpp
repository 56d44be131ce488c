#include "test_sim_harness.hpp"

#include <set>
#include <sstream>

using namespace sim_test;

namespace {

const std::string k_instances = "/20160918/instances";
const std::string k_list = k_instances + "?compartmentId=" + k_tenancy;

std::string launch_id(Harness& h, const std::string& body, const httplib::Headers& headers = {})
{
  auto res = h.send("POST", k_instances, body, headers);
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  return nlohmann::json::parse(res->body)["id"].get<std::string>();
}

} // namespace

TEST_CASE("sim api: ListInstances sorts, filters and returns bare arrays with every field")
{
  Harness h;
  const auto all = h.get_json(k_list);
  REQUIRE(all.size() == 3);
  CHECK(all[0]["displayName"] == "charlie"); // TIMECREATED DESC by default
  CHECK(all[2]["displayName"] == "alpha");
  CHECK(all[2]["freeformTags"] == nlohmann::json{{"team", "a"}});
  CHECK(all[2]["region"] == "phx");
  CHECK(all[2]["shapeConfig"]["ocpus"] == 1.0);
  CHECK(all[2]["shapeConfig"]["memoryInGBs"] == 6.0);
  CHECK(all[2]["sourceDetails"]["imageId"] == k_arm_image); // newest compatible image
  CHECK(all[2].contains("timeMaintenanceRebootDue"));
  const auto by_name = h.get_json(k_list + "&sortBy=DISPLAYNAME");
  CHECK(by_name[0]["displayName"] == "alpha");
  const auto stopped = h.get_json(k_list + "&lifecycleState=stopped");
  REQUIRE(stopped.size() == 1);
  CHECK(stopped[0]["displayName"] == "charlie");
  CHECK(h.get_json(k_list + "&displayName=bravo").size() == 1);

  auto missing = h.send("GET", k_instances);
  CHECK(missing->status == 400);
  CHECK(error_code(missing) == "MissingParameter");
  auto bad_sort = h.send("GET", k_list + "&sortBy=NAME");
  CHECK(bad_sort->status == 400);
  CHECK(error_message(bad_sort) == "sortBy must be TIMECREATED or DISPLAYNAME, got 'NAME'");
  auto unknown = h.send("GET", "/20160918/instances?compartmentId=ocid1.compartment.oc1..nope");
  CHECK(unknown->status == 404);
  CHECK(error_code(unknown) == "NotAuthorizedOrNotFound");
}

TEST_CASE("sim api: pagination enforces limit 1..100 and pages are complete and disjoint")
{
  Harness h(
    "generate: {count: 230, prefix: bench-, shape: VM.Standard.E2.1.Micro, availabilityDomain: \"Uocm:PHX-AD-2\"}\n");
  for (const std::string limit : {"0", "101", "abc", "-1"}) {
    auto res = h.send("GET", k_list + "&limit=" + limit);
    CHECK(res->status == 400);
    CHECK(error_code(res) == "InvalidParameter");
  }
  CHECK(h.send("GET", k_list + "&page=garbage")->status == 400);
  std::set<std::string> ids;
  std::size_t total = 0;
  std::string page;
  int pages = 0;
  do {
    auto res = h.send("GET", k_list + "&limit=100" + (page.empty() ? "" : "&page=" + page));
    REQUIRE(res->status == 200);
    const auto items = nlohmann::json::parse(res->body);
    for (const auto& item : items) {
      ids.insert(item["id"].get<std::string>());
    }
    total += items.size();
    page = res->get_header_value("opc-next-page");
    ++pages;
  } while (!page.empty());
  CHECK(pages == 3);
  CHECK(total == 233);
  CHECK(ids.size() == 233);
  auto exact = h.send("GET", "/20160918/instances?compartmentId=" + k_tenancy + "&lifecycleState=STOPPED&limit=1");
  CHECK_FALSE(exact->has_header("opc-next-page"));
}

TEST_CASE("sim api: launch starts PROVISIONING, becomes RUNNING, and gets a VNIC with a public IP")
{
  Harness h;
  auto res = h.send("POST", k_instances, launch_body("lab-manager"));
  REQUIRE(res);
  INFO(res->body);
  REQUIRE(res->status == 200);
  const auto launched = nlohmann::json::parse(res->body);
  CHECK(launched["lifecycleState"] == "PROVISIONING");
  CHECK(launched["displayName"] == "lab-manager");
  CHECK(launched["freeformTags"]["managed-by"] == "ocivanilla");
  CHECK(res->has_header("etag"));
  CHECK(res->has_header("opc-work-request-id"));
  const std::string id = launched["id"];
  const auto got = h.get_json(k_instances + "/" + id);
  CHECK(got["lifecycleState"] == "RUNNING");
  const auto attachments = h.get_json("/20160918/vnicAttachments?compartmentId=" + k_tenancy + "&instanceId=" + id);
  REQUIRE(attachments.size() == 1);
  const auto vnic = h.get_json("/20160918/vnics/" + attachments[0]["vnicId"].get<std::string>());
  CHECK(vnic["publicIp"].is_string());
  CHECK(vnic["privateIp"].get<std::string>().rfind("10.0.0.", 0) == 0);
}

TEST_CASE("sim api: launch validation answers like OCI")
{
  Harness h;
  auto post = [&](const std::string& body) { return h.send("POST", k_instances, body); };
  auto unknown = post(R"({"availabilityDomain":"x","colour":"red"})");
  CHECK(unknown->status == 400);
  CHECK(error_message(unknown) == "Unknown field 'colour' in LaunchInstanceDetails");
  auto malformed = post("{\"availabilityDomain\": ");
  CHECK(malformed->status == 400);
  CHECK(error_code(malformed) == "CannotParseRequest");
  auto no_shape = nlohmann::json::parse(launch_body("x"));
  no_shape.erase("shape");
  CHECK(error_code(post(no_shape.dump())) == "MissingParameter");
  auto shape_missing = post(launch_body("x", 1, 6, k_ad2));
  CHECK(shape_missing->status == 404);
  CHECK(error_message(shape_missing) == "shape VM.Standard.A1.Flex not found");
  auto too_much_memory = post(launch_body("x", 1, 65));
  CHECK(too_much_memory->status == 400);
  CHECK(error_message(too_much_memory) ==
        "shapeConfig.memoryInGBs 65 is outside 1..64 for 1 OCPUs of VM.Standard.A1.Flex");
  auto x86_image = nlohmann::json::parse(launch_body("x"));
  x86_image["sourceDetails"]["imageId"] = k_x86_image;
  CHECK(error_message(post(x86_image.dump())) ==
        "Shape VM.Standard.A1.Flex is not compatible with image " + k_x86_image);
  auto small_boot = nlohmann::json::parse(launch_body("x"));
  small_boot["sourceDetails"]["bootVolumeSizeInGBs"] = 49;
  CHECK(error_code(post(small_boot.dump())) == "InvalidParameter");
  auto private_ip = nlohmann::json::parse(launch_body("x"));
  private_ip["createVnicDetails"]["subnetId"] = k_private_subnet;
  CHECK(error_code(post(private_ip.dump())) == "InvalidParameter");
  auto no_subnet = nlohmann::json::parse(launch_body("x"));
  no_subnet["createVnicDetails"]["subnetId"] = "ocid1.subnet.oc1.phx.nope";
  CHECK(error_code(post(no_subnet.dump())) == "RelatedResourceNotAuthorizedOrNotFound");
  CHECK(h.admin_json("/_sim/instances").size() == 3);
}

TEST_CASE("sim api: A1 launches beyond the service limits get LimitExceeded")
{
  Harness h;
  auto over = h.send("POST", k_instances, launch_body("big", 2, 12));
  CHECK(over->status == 400);
  CHECK(error_code(over) == "LimitExceeded");
  CHECK(error_message(over) ==
        "The following service limits were exceeded: standard-a1-memory-count, standard-a1-memory-regional-count, "
        "standard-a1-core-count, standard-a1-core-regional-count. Request a service limit increase from the service "
        "limits page in the console. ");
  launch_id(h, launch_body("fits", 1, 6));
  CHECK(error_code(h.send("POST", k_instances, launch_body("one-more", 1, 6))) == "LimitExceeded");
  // A terminated instance frees its share; an E2 micro never counts.
  REQUIRE(h.send("DELETE", k_instances + "/ocid1.instance.oc1.phx.alpha")->status == 204);
  launch_id(h, launch_body("after-terminate", 1, 6));
  launch_id(h, launch_body("micro", 1, 1, k_ad2, "VM.Standard.E2.1.Micro"));
}

TEST_CASE("sim api: opc-retry-token replays the same launch and rejects a different body")
{
  Harness h;
  const httplib::Headers token = {{"opc-retry-token", "token-1"}};
  const std::string first = launch_id(h, launch_body("lab"), token);
  const std::string second = launch_id(h, launch_body("lab"), token);
  CHECK(first == second);
  CHECK(h.admin_json("/_sim/instances").size() == 4);
  auto conflict = h.send("POST", k_instances, launch_body("other"), token);
  CHECK(conflict->status == 409);
  CHECK(error_code(conflict) == "Conflict");
  CHECK(error_message(conflict) == "The retry token 'token-1' was already used by a different request.");
  auto too_long = h.send("POST", k_instances, launch_body("lab"), {{"opc-retry-token", std::string(65, 'a')}});
  CHECK(too_long->status == 400);
  const auto log = h.admin_json("/_sim/requests");
  CHECK(log[0]["opcRetryToken"] == "token-1");
  CHECK(log[0]["status"] == 200);
  CHECK(log[2]["status"] == 409);
}

TEST_CASE("sim api: UpdateInstance replaces tags, checks if-match and changes the etag")
{
  Harness h;
  const std::string url = k_instances + "/ocid1.instance.oc1.phx.alpha";
  auto got = h.send("GET", url);
  const std::string etag = got->get_header_value("etag");
  REQUIRE_FALSE(etag.empty());
  const std::string body = R"({"freeformTags":{"owner":"tamara"},"displayName":"alpha-2"})";
  auto stale = h.send("PUT", url, body, {{"if-match", "stale"}});
  CHECK(stale->status == 412);
  CHECK(error_code(stale) == "NoEtagMatch");
  auto updated = h.send("PUT", url, body, {{"if-match", etag}});
  REQUIRE(updated->status == 200);
  const auto json = nlohmann::json::parse(updated->body);
  CHECK(json["freeformTags"] == nlohmann::json{{"owner", "tamara"}});
  CHECK(json["displayName"] == "alpha-2");
  CHECK(updated->get_header_value("etag") != etag);
  CHECK(h.send("PUT", url, body, {{"if-match", etag}})->status == 412);
  CHECK(error_message(h.send("PUT", url, R"({"colour":1})")) == "Unknown field 'colour' in UpdateInstanceDetails");
  CHECK(h.send("PUT", url, "not json")->status == 400);
  CHECK(h.send("GET", k_instances + "/ocid1.instance.oc1.phx.nope")->status == 404);
}

TEST_CASE("sim api: terminate, stop and start follow the lifecycle with zero delays")
{
  Harness h;
  const std::string alpha = k_instances + "/ocid1.instance.oc1.phx.alpha";
  auto stop = h.send("POST", alpha + "?action=STOP");
  REQUIRE(stop->status == 200);
  CHECK(nlohmann::json::parse(stop->body)["lifecycleState"] == "STOPPING");
  CHECK(h.get_json(alpha)["lifecycleState"] == "STOPPED");
  auto again = h.send("POST", alpha + "?action=STOP");
  CHECK(again->status == 409);
  CHECK(error_message(again) == "Instance is in an incorrect state for the requested action (STOPPED).");
  CHECK(nlohmann::json::parse(h.send("POST", alpha + "?action=START")->body)["lifecycleState"] == "STARTING");
  CHECK(h.get_json(alpha)["lifecycleState"] == "RUNNING");
  CHECK(h.send("POST", alpha + "?action=DANCE")->status == 400);

  auto terminated = h.send("DELETE", alpha + "?preserveBootVolume=true");
  CHECK(terminated->status == 204);
  CHECK(terminated->body.empty());
  CHECK(h.get_json(alpha)["lifecycleState"] == "TERMINATED");
  CHECK(h.get_json(k_list).size() == 3); // still listed
  CHECK(h.send("DELETE", alpha)->status == 404);
  const auto admin = h.admin_json("/_sim/instances");
  CHECK(admin[0]["_sim"]["preserveBootVolume"] == true);
}

TEST_CASE("sim api: catalog lists")
{
  Harness h;
  const auto ads = h.get_json("/20160918/availabilityDomains?compartmentId=" + k_tenancy);
  REQUIRE(ads.size() == 2);
  CHECK(ads[0]["name"] == k_ad1);
  const auto images = h.get_json("/20160918/images?compartmentId=" + k_tenancy +
                                 "&operatingSystem=Canonical%20Ubuntu&shape=VM.Standard.A1.Flex");
  REQUIRE(images.size() == 2);
  CHECK(images[0]["id"] == k_arm_image); // newest first
  CHECK(images[0]["compartmentId"].is_null());
  const auto ad2_shapes = h.get_json("/20160918/shapes?compartmentId=" + k_tenancy +
                                     "&availabilityDomain=Uocm%3APHX-AD-2");
  REQUIRE(ad2_shapes.size() == 1);
  CHECK(ad2_shapes[0]["shape"] == "VM.Standard.E2.1.Micro");
  const auto all_shapes = h.get_json("/20160918/shapes?compartmentId=" + k_tenancy);
  CHECK(all_shapes.size() == 2);
  CHECK(all_shapes[0]["memoryOptions"]["maxPerOcpuInGBs"] == 64.0);
  const auto subnets = h.get_json("/20160918/subnets?compartmentId=" + k_tenancy);
  REQUIRE(subnets.size() == 2);
  CHECK(subnets[1]["prohibitPublicIpOnVnic"] == true);
  auto unknown = h.send("GET", "/20160918/volumes?compartmentId=" + k_tenancy);
  CHECK(unknown->status == 404);
  CHECK(error_code(unknown) == "NotFound");
}

TEST_CASE("sim api: every reply carries opc-request-id, Date and JSON, the log has one line per request")
{
  Harness h;
  std::ostringstream log;
  h.simulator().set_log(&log);
  auto echoed = h.send("GET", k_list, "", {{"opc-request-id", "CLIENT-ID-1"}});
  CHECK(echoed->get_header_value("opc-request-id") == "CLIENT-ID-1");
  CHECK(echoed->get_header_value("Content-Type") == "application/json");
  core::TimePoint date;
  CHECK(core::parse_http_date(echoed->get_header_value("Date"), date));
  auto generated = h.raw("GET", k_list);
  const std::string id = generated->get_header_value("opc-request-id");
  CHECK(std::count(id.begin(), id.end(), '/') == 2);
  CHECK(id.size() == 98);
  h.simulator().set_log(nullptr);
  const std::string text = log.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK(text.find(" GET " + k_list + " 200 CLIENT-ID-1 keyId=" + key_id() + "\n") != std::string::npos);
  CHECK(text.find(" 401 " + id + " keyId=- auth=\"no Authorization header\"\n") != std::string::npos);
}
