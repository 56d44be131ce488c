// launch --retry-capacity against the simulator: hunting across ADs, --max-wait, 429 storms,
// lost answers, the per-name lock, the saved 429 cooldown and --notify-command (issue 6).
#include "support/sim_fixture.hpp"

#include "ocivanilla/core/clock.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using nlohmann::json;
using ocivanilla::testing::ProcessOptions;
using ocivanilla::testing::ProcessResult;
using ocivanilla::testing::read_text_file;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;

namespace {

const std::string k_ad1 = "FeVO:EU-FRANKFURT-1-AD-1";
const std::string k_ad2 = "FeVO:EU-FRANKFURT-1-AD-2";
const std::string k_ad3 = "FeVO:EU-FRANKFURT-1-AD-3";

// The seed tenancy without its four instances (the A1 pool is free), optionally with
// VM.Standard.A1.Flex offered in all three ADs.
YAML::Node empty_tenancy(bool a1_everywhere)
{
  auto node = seed_scenario(0);
  node["instances"] = YAML::Node(YAML::NodeType::Sequence);
  if (a1_everywhere) {
    node["availabilityDomains"][2]["shapes"].push_back("VM.Standard.A1.Flex");
  }
  return node;
}

// Isolated state dir (lock, cooldown) and a log file in the workspace.
std::map<std::string, std::string> hunt_env(const SimFixture& sim)
{
  return {{"XDG_STATE_HOME", (sim.dir().path() / "state").string()},
          {"OCIVANILLA_LOG_FILE", (sim.dir().path() / "hunt.log").string()}};
}

std::string hunt_log(const SimFixture& sim)
{
  std::ifstream in(sim.dir().path() / "hunt.log");
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Only the hunter's own lines of the log (the transport's debug lines name every URL).
std::string hunt_lines(const SimFixture& sim)
{
  std::istringstream in(hunt_log(sim));
  std::string out;
  for (std::string line; std::getline(in, line);) {
    if (line.find("capacity hunt: ") != std::string::npos) {
      out += line + "\n";
    }
  }
  return out;
}

json capacity_fault(const std::string& ad, int count)
{
  json fault = {{"type", "out_of_capacity"}, {"count", count}};
  if (!ad.empty()) {
    fault["availabilityDomain"] = ad;
  }
  return fault;
}

json active_faults(const SimFixture& sim)
{
  httplib::Client client(sim.url());
  auto res = client.Get("/_sim/faults");
  REQUIRE(res);
  return json::parse(res->body);
}

// Statuses of the LaunchInstance requests (POST .../instances, no action), in order.
std::vector<int> launch_statuses(const SimFixture& sim)
{
  std::vector<int> out;
  for (const auto& r : sim.requests_matching("POST", "/instances")) {
    if (r["path"].get<std::string>().size() >= 10 &&
        r["path"].get<std::string>().compare(r["path"].get<std::string>().size() - 10, 10, "/instances") == 0) {
      out.push_back(r["status"].get<int>());
    }
  }
  return out;
}

std::size_t count_of(const std::string& text, const std::string& part)
{
  std::size_t n = 0;
  for (auto pos = text.find(part); pos != std::string::npos; pos = text.find(part, pos + 1)) {
    ++n;
  }
  return n;
}

} // namespace

TEST_CASE("capacity: two ADs out of capacity for several launches, the third fine: exactly one instance")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(capacity_fault(k_ad1, 5));
  sim.add_fault(capacity_fault(k_ad2, 5));
  sim.add_fault(capacity_fault(k_ad3, 1));
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2m"},
                   hunt_env(sim));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("hunt-1") != std::string::npos);
  const auto live = sim.live_named("hunt-1");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["availabilityDomain"] == k_ad3);
  // Round 1: AD-1, AD-2, AD-3 out of capacity; round 2: AD-1, AD-2 out, AD-3 launches.
  CHECK(launch_statuses(sim) == std::vector<int>{500, 500, 500, 500, 500, 200});
  const auto faults = active_faults(sim);
  REQUIRE(faults.size() == 2);
  CHECK(faults[0]["count"] == 3);
  CHECK(faults[1]["count"] == 3);
  const auto log = hunt_log(sim);
  CHECK(log.find("capacity hunt: attempt 6 (round 2), AD " + k_ad3) != std::string::npos);
  CHECK(log.find("capacity hunt: launched hunt-1 in " + k_ad3 + " after 6 attempt(s)") != std::string::npos);
  CHECK(r.err.find("capacity hunt") == std::string::npos); // no terminal: progress only in the log
  // Discovery found the three ADs in one pass: one ListAvailabilityDomains, one ListShapes per AD.
  CHECK(sim.requests_matching("GET", "/availabilityDomains").size() == 1);
  CHECK(sim.requests_matching("GET", "/shapes").size() == 3);
}

TEST_CASE("capacity: every AD out of capacity with a short --max-wait exits 7 and leaves no instance")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(capacity_fault("", 1000));
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--max-wait", "3s", "--retry-interval", "1s"},
                   hunt_env(sim));
  CHECK(r.exit_code == 7);
  CHECK(r.err.find("no capacity for VM.Standard.A1.Flex in 3 availability domain(s) within --max-wait 3s") !=
        std::string::npos);
  CHECK(sim.live_named("hunt-1").empty());
  const auto statuses = launch_statuses(sim);
  CHECK(statuses.size() >= 3);
  CHECK(std::count(statuses.begin(), statuses.end(), 500) == static_cast<long>(statuses.size()));
}

TEST_CASE("capacity: an AD that does not offer the shape is never tried")
{
  SimFixture sim(empty_tenancy(false)); // seed ADs: AD-3 has no A1.Flex
  sim.add_fault(capacity_fault(k_ad1, 1));
  sim.add_fault(capacity_fault(k_ad2, 1));
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2m"},
                   hunt_env(sim));
  REQUIRE(r.exit_code == 0);
  REQUIRE(sim.live_named("hunt-1").size() == 1);
  CHECK(sim.live_named("hunt-1")[0]["availabilityDomain"] == k_ad1);
  // A POST into AD-3 would be answered 404 "shape not found".
  CHECK(launch_statuses(sim) == std::vector<int>{500, 500, 200});
  const auto log = hunt_lines(sim);
  CHECK(log.find(k_ad3) == std::string::npos);
  CHECK(count_of(log, "capacity hunt: attempt ") == 3 + 2); // 3 tries + 2 "out of host capacity"
}

TEST_CASE("capacity: a 429 storm slows the hunter down instead of failing it")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(capacity_fault(k_ad1, 1));
  sim.add_fault(
    {{"type", "throttle"}, {"method", "POST"}, {"path", "/instances"}, {"count", 3}, {"retryAfterSeconds", 1}});
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2m"},
                   hunt_env(sim));
  REQUIRE(r.exit_code == 0);
  CHECK(sim.live_named("hunt-1").size() == 1);
  const auto statuses = launch_statuses(sim);
  CHECK(std::count(statuses.begin(), statuses.end(), 429) == 3);
  CHECK(std::count(statuses.begin(), statuses.end(), 200) == 1);
  CHECK(statuses.back() == 200);
}

TEST_CASE("capacity: 429s that outlast the transport's retries: the hunter backs off, saves the cooldown, goes on")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(
    {{"type", "throttle"}, {"method", "POST"}, {"path", "/instances"}, {"count", 2}, {"retryAfterSeconds", 1}});
  auto env = hunt_env(sim);
  env["OCIVANILLA_RETRY_ATTEMPTS"] = "1"; // every 429 reaches the hunter
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2m"}, env);
  REQUIRE(r.exit_code == 0);
  CHECK(sim.live_named("hunt-1").size() == 1);
  CHECK(launch_statuses(sim) == std::vector<int>{429, 429, 200});
  const auto log = hunt_lines(sim);
  CHECK(log.find("capacity hunt: attempt 1, AD " + k_ad1 + ": throttled (429), Retry-After 1s; next try at ") !=
        std::string::npos);
  CHECK(log.find("capacity hunt: attempt 2, AD " + k_ad1 + ": throttled (429), Retry-After 1s; next try at ") !=
        std::string::npos);
  CHECK(log.find("capacity hunt: launched hunt-1 in " + k_ad1 + " after 3 attempt(s)") != std::string::npos);
  // The cooldown is saved for the next run (cron) and already over.
  const auto saved = json::parse(read_text_file(sim.dir().path() / "state/ocivanilla/cooldown.json"));
  ocivanilla::core::TimePoint until;
  REQUIRE(ocivanilla::core::parse_rfc3339(saved["until"].get<std::string>(), until));
  CHECK(until <= std::chrono::system_clock::now());
}

TEST_CASE("capacity: a connection dropped after the launch was processed still ends with one instance")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(capacity_fault(k_ad1, 1));
  sim.add_fault({{"type", "drop_connection"}, {"count", 1}});
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2m"},
                   hunt_env(sim));
  REQUIRE(r.exit_code == 0);
  const auto live = sim.live_named("hunt-1");
  REQUIRE(live.size() == 1);
  CHECK(live[0]["availabilityDomain"] == k_ad2);
  // The lost answer was asked for again with the same retry token: no second instance.
  std::vector<json> launches;
  for (const auto& q : sim.requests_matching("POST", "/instances")) {
    launches.push_back(q);
  }
  REQUIRE(launches.size() == 3);
  CHECK(launches[1]["opcRetryToken"] == launches[2]["opcRetryToken"]);
  CHECK(launches[0]["opcRetryToken"] != launches[1]["opcRetryToken"]);
  CHECK(launches[1]["fault"] == "drop_connection");
}

TEST_CASE("capacity: two hunters for the same name, one exits 10")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(capacity_fault("", 6)); // two full rounds before AD-1 launches
  const auto env = hunt_env(sim);
  ProcessOptions options;
  options.env = sim.base_env();
  options.env.insert(env.begin(), env.end());
  options.cwd = sim.dir().path();
  options.timeout = std::chrono::seconds(120);
  ProcessResult first;
  std::thread runner([&] {
    first = ocivanilla::testing::run_process(
      {OVL_CLI_BIN, "launch", "hunt-1", "--retry-capacity", "--retry-interval", "2s", "--max-wait", "2m"}, options);
  });
  // Wait until the first hunter holds the lock (its first attempt is in the log).
  for (int i = 0; i < 300 && hunt_log(sim).find("capacity hunt: attempt 1 ") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto second = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2m"}, env);
  runner.join();
  CHECK(second.exit_code == 10);
  CHECK(second.err.find("another capacity hunt for 'hunt-1' is running (lock ") != std::string::npos);
  INFO("first hunter:\n" << first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(sim.live_named("hunt-1").size() == 1);
  CHECK(launch_statuses(sim).size() == 7); // only the first hunter launched
}

TEST_CASE("capacity: a rerun after success finds the instance and launches nothing")
{
  SimFixture sim(empty_tenancy(true));
  REQUIRE(sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s"}, hunt_env(sim)).exit_code == 0);
  sim.clear_requests();
  auto again = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s"}, hunt_env(sim));
  CHECK(again.exit_code == 0);
  CHECK(again.err.find("hunt-1 already exists (ocid1.instance.") != std::string::npos);
  CHECK(launch_statuses(sim).empty());
  CHECK(sim.live_named("hunt-1").size() == 1);
}

TEST_CASE("capacity: LimitExceeded is reported as a limit, not looped on")
{
  SimFixture sim; // the seed tenancy: the A1 pool is full
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--allow-over-budget"},
                   hunt_env(sim));
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("LimitExceeded") != std::string::npos);
  CHECK(r.err.find("no instance named 'hunt-1' exists: this is the service limit") != std::string::npos);
  CHECK(r.err.find("stopped instead of looping") != std::string::npos);
  CHECK(launch_statuses(sim) == std::vector<int>{400});
}

TEST_CASE("capacity: a 429 cooldown saved by an earlier run is respected")
{
  SimFixture sim(empty_tenancy(true));
  const auto env = hunt_env(sim);
  const auto until = std::chrono::system_clock::now() + std::chrono::hours(1);
  sim.dir().write("state/ocivanilla/cooldown.json", json{{"until", ocivanilla::core::format_rfc3339(until)}}.dump());
  auto r = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2s"}, env);
  CHECK(r.exit_code == 9);
  CHECK(r.err.find("throttled (429): cooling down until " + ocivanilla::core::format_rfc3339(until)) !=
        std::string::npos);
  CHECK(launch_statuses(sim).empty());
  CHECK(sim.live_named("hunt-1").empty());

  // A cooldown that is over (or about to be) lets the next run go ahead.
  const auto soon = std::chrono::system_clock::now() + std::chrono::seconds(1);
  sim.dir().write("state/ocivanilla/cooldown.json", json{{"until", ocivanilla::core::format_rfc3339(soon)}}.dump());
  auto later = sim.cli({"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "1m"}, env);
  CHECK(later.exit_code == 0);
  CHECK(sim.live_named("hunt-1").size() == 1);
}

TEST_CASE("capacity: --notify-command gets the outcome in its environment")
{
  SimFixture sim(empty_tenancy(true));
  sim.add_fault(capacity_fault(k_ad1, 1));
  const std::string command = "env | grep '^OCIVANILLA_' | sort > notify.env";
  auto r = sim.cli(
    {"launch", "hunt-1", "--retry-capacity", "--retry-interval", "1s", "--wait", "--notify-command", command},
    hunt_env(sim));
  REQUIRE(r.exit_code == 0);
  const auto live = sim.live_named("hunt-1");
  REQUIRE(live.size() == 1);
  const auto all = sim.instances();
  std::string ip;
  for (const auto& i : all) {
    if (i["id"] == live[0]["id"]) {
      ip = i["_sim"]["publicIp"].get<std::string>();
    }
  }
  REQUIRE_FALSE(ip.empty());
  const auto text = read_text_file(sim.dir().path() / "notify.env");
  CHECK(text.find("OCIVANILLA_INSTANCE_ID=" + live[0]["id"].get<std::string>() + "\n") != std::string::npos);
  CHECK(text.find("OCIVANILLA_INSTANCE_NAME=hunt-1\n") != std::string::npos);
  CHECK(text.find("OCIVANILLA_PUBLIC_IP=" + ip + "\n") != std::string::npos);
  CHECK(text.find("OCIVANILLA_EXIT_CODE=0\n") != std::string::npos);
  CHECK(text.find("OCIVANILLA_OUTCOME=launched\n") != std::string::npos);
  CHECK(text.find("OCIVANILLA_ATTEMPTS=2\n") != std::string::npos);
  CHECK(text.find("OCIVANILLA_AVAILABILITY_DOMAIN=" + k_ad2 + "\n") != std::string::npos);

  sim.add_fault(capacity_fault("", 1000));
  auto failed = sim.cli(
    {"launch", "hunt-2", "--retry-capacity", "--retry-interval", "1s", "--max-wait", "2s", "--notify-command", command},
    hunt_env(sim));
  CHECK(failed.exit_code == 7);
  const auto after = read_text_file(sim.dir().path() / "notify.env");
  CHECK(after.find("OCIVANILLA_EXIT_CODE=7\n") != std::string::npos);
  CHECK(after.find("OCIVANILLA_OUTCOME=no-capacity\n") != std::string::npos);
  CHECK(after.find("OCIVANILLA_INSTANCE_NAME=hunt-2\n") != std::string::npos);
  CHECK(after.find("OCIVANILLA_INSTANCE_ID") == std::string::npos);
  CHECK(after.find("OCIVANILLA_MESSAGE=no capacity for VM.Standard.A1.Flex") != std::string::npos);
}
