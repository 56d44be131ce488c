// cleanup against the simulator: exactly the expired on-demand instances go, nothing else is
// touched, --dry-run, the lock, a failure in the middle, the log file (issue 6).
#include "support/sim_fixture.hpp"

#include "ocivanilla/core/clock.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

using nlohmann::json;
using ocivanilla::testing::ProcessOptions;
using ocivanilla::testing::ProcessResult;
using ocivanilla::testing::read_text_file;
using ocivanilla::testing::seed_scenario;
using ocivanilla::testing::SimFixture;

namespace {

const std::string k_prefix = "ocid1.instance.oc1.eu-frankfurt-1.cleanup";

std::string at(std::chrono::seconds from_now)
{
  return ocivanilla::core::format_rfc3339(std::chrono::system_clock::now() + from_now);
}

YAML::Node instance(const std::string& name, const std::map<std::string, std::string>& tags)
{
  YAML::Node node;
  node["displayName"] = name;
  node["id"] = k_prefix + name;
  node["freeformTags"] = YAML::Node(YAML::NodeType::Map);
  for (const auto& [k, v] : tags) {
    node["freeformTags"][k] = v;
  }
  return node;
}

std::map<std::string, std::string> managed(const std::string& tier, const std::string& expires)
{
  std::map<std::string, std::string> tags = {{"ocivanilla-managed", "true"}, {"ocivanilla-tier", tier}};
  if (!expires.empty()) {
    tags["ocivanilla-expires-at"] = expires;
  }
  return tags;
}

// Two expired on-demand instances, and five that cleanup must leave alone.
YAML::Node cleanup_tenancy()
{
  auto node = seed_scenario(0);
  node["instances"] = YAML::Node(YAML::NodeType::Sequence);
  auto list = node["instances"];
  list.push_back(instance("expired-1", managed("on-demand", at(-std::chrono::hours(2)))));
  list.push_back(instance("expired-2", managed("on-demand", at(-std::chrono::minutes(10)))));
  list.push_back(instance("fresh", managed("on-demand", at(std::chrono::hours(3)))));
  list.push_back(instance("dedicated", managed("dedicated", at(-std::chrono::hours(2)))));
  list.push_back(instance("shared", managed("shared-dev", at(-std::chrono::hours(2)))));
  auto stranger = managed("on-demand", at(-std::chrono::hours(2)));
  stranger.erase("ocivanilla-managed");
  list.push_back(instance("stranger", stranger));
  list.push_back(instance("untagged", {}));
  node["limits"]["a1Ocpus"] = 8;
  node["limits"]["a1MemoryInGBs"] = 48;
  return node;
}

// The lock in the workspace (tests run in parallel), and the workspace's log file.
std::map<std::string, std::string> cleanup_env(const SimFixture& sim)
{
  return {{"XDG_RUNTIME_DIR", sim.dir().path().string()},
          {"OCIVANILLA_LOG_FILE", (sim.dir().path() / "cleanup.log").string()}};
}

std::map<std::string, std::string> states(const SimFixture& sim)
{
  std::map<std::string, std::string> out;
  for (const auto& i : sim.instances()) {
    out[i["displayName"].get<std::string>()] = i["lifecycleState"].get<std::string>();
  }
  return out;
}

std::vector<std::string> deleted_ids(const SimFixture& sim)
{
  std::vector<std::string> out;
  for (const auto& r : sim.requests_matching("DELETE", "/instances/")) {
    if (r["status"] == 204) {
      const auto path = r["path"].get<std::string>();
      out.push_back(path.substr(path.rfind('/') + 1));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool contains(const std::string& text, const std::string& part)
{
  return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("cleanup: exactly the expired on-demand instances are terminated, a rerun does nothing new")
{
  SimFixture sim(cleanup_tenancy());
  auto r = sim.cli({"cleanup", "--yes"}, cleanup_env(sim));
  REQUIRE(r.exit_code == 0);
  CHECK(deleted_ids(sim) == std::vector<std::string>{k_prefix + "expired-1", k_prefix + "expired-2"});
  const auto after = states(sim);
  CHECK(after.at("expired-1") == "TERMINATED");
  CHECK(after.at("expired-2") == "TERMINATED");
  for (const char* kept : {"fresh", "dedicated", "shared", "stranger", "untagged"}) {
    INFO(kept);
    CHECK(after.at(kept) == "RUNNING");
  }
  CHECK(contains(r.out, "terminated expired-1 " + k_prefix + "expired-1 (expired 2h"));
  CHECK(contains(r.out, "terminated expired-2 " + k_prefix + "expired-2 (expired 10m"));
  CHECK(contains(r.out, "keep fresh " + k_prefix + "fresh (expires in 2h"));
  CHECK(contains(r.out, "keep dedicated " + k_prefix + "dedicated (tier dedicated: never cleaned up)\n"));
  CHECK(contains(r.out, "keep shared " + k_prefix + "shared (tier shared-dev: never cleaned up)\n"));
  CHECK(contains(r.out, "unmanaged stranger " + k_prefix + "stranger (not managed by ocivanilla, not touched)\n"));
  CHECK(contains(r.out, "unmanaged untagged " + k_prefix + "untagged (not managed by ocivanilla, not touched)\n"));
  CHECK(contains(r.out, "cleanup: 2 terminated, 0 skipped, 0 failed\n"));
  CHECK(r.err.empty());

  sim.clear_requests();
  auto again = sim.cli({"cleanup", "--yes"}, cleanup_env(sim));
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "cleanup: 0 expired on-demand instance(s), nothing to do\n"));
  CHECK_FALSE(contains(again.out, "expired-1"));
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
}

TEST_CASE("cleanup: --dry-run lists what would go and changes nothing")
{
  SimFixture sim(cleanup_tenancy());
  auto r = sim.cli({"cleanup", "--dry-run"}, cleanup_env(sim));
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "would terminate expired-1 " + k_prefix + "expired-1 (expired 2h"));
  CHECK(contains(r.out, "would terminate expired-2 " + k_prefix + "expired-2 (expired 10m"));
  CHECK(contains(r.out, "cleanup: 2 expired on-demand instance(s), dry run: nothing terminated\n"));
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
  CHECK(sim.requests_matching("PUT", "/instances").empty());
  CHECK(sim.requests_matching("POST", "/instances").empty());
  for (const auto& [name, state] : states(sim)) {
    INFO(name);
    CHECK(state == "RUNNING");
  }
}

TEST_CASE("cleanup: without a terminal and without --yes nothing is terminated")
{
  SimFixture sim(cleanup_tenancy());
  auto r = sim.cli({"cleanup"}, cleanup_env(sim), "y\n");
  CHECK(r.exit_code == 2);
  CHECK(contains(r.err, "ocivanilla: error: cleanup: no terminal to confirm on; pass --yes (cron)"));
  CHECK(sim.requests_matching("DELETE", "/instances").empty());
  CHECK(states(sim).at("expired-1") == "RUNNING");
}

TEST_CASE("cleanup: a second concurrent run finds the lock held and exits 10 at once")
{
  SimFixture sim(cleanup_tenancy());
  // The first run's ListInstances answer is held back for 3 s, with the lock taken.
  sim.add_fault({{"type", "delay"}, {"method", "GET"}, {"path", "/instances"}, {"milliseconds", 3000}, {"count", 1}});
  const auto lock = (sim.dir().path() / "cleanup.lock").string();
  const auto first_log = sim.dir().path() / "first.log";
  ProcessOptions options;
  options.env = sim.base_env();
  options.cwd = sim.dir().path();
  options.timeout = std::chrono::seconds(120);
  ProcessResult first;
  std::thread runner([&] {
    first = ocivanilla::testing::run_process(
      {OVL_CLI_BIN, "cleanup", "--yes", "--lock-file", lock, "--log-file", first_log.string()}, options);
  });
  auto started = [&] {
    std::ifstream in(first_log);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return contains(text, "cleanup: started (lock " + lock + ")");
  };
  for (int i = 0; i < 300 && !started(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto second = sim.cli({"cleanup", "--yes", "--lock-file", lock});
  runner.join();
  CHECK(second.exit_code == 10);
  CHECK(second.err == "ocivanilla: error: another cleanup is running (lock " + lock + " is held); nothing was done\n");
  CHECK(second.out.empty());
  INFO("first run:\n" << first.out << first.err);
  CHECK(first.exit_code == 0);
  CHECK(deleted_ids(sim) == std::vector<std::string>{k_prefix + "expired-1", k_prefix + "expired-2"});
  CHECK(sim.requests_matching("GET", "/instances").size() == 1 + 2); // one list, two re-reads: all the first's
}

TEST_CASE("cleanup: a 503 in the middle loses nothing, a rerun finishes the job")
{
  SimFixture sim(cleanup_tenancy());
  // More 503s than the transport's attempts: the first DELETE fails for good.
  sim.add_fault({{"type", "unavailable"}, {"method", "DELETE"}, {"count", 2}});
  auto env = cleanup_env(sim);
  env["OCIVANILLA_RETRY_ATTEMPTS"] = "2";
  auto r = sim.cli({"cleanup", "--yes", "--concurrency", "1"}, env);
  CHECK(r.exit_code == 9);
  CHECK(contains(r.out, "cleanup: 1 terminated, 0 skipped, 1 failed\n"));
  CHECK(contains(r.err, "1 termination(s) failed; run cleanup again to finish. First: "));
  CHECK(contains(r.err, "ServiceUnavailable"));
  CHECK(deleted_ids(sim).size() == 1);

  auto again = sim.cli({"cleanup", "--yes"}, cleanup_env(sim));
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "cleanup: 1 terminated, 0 skipped, 0 failed\n"));
  CHECK(deleted_ids(sim) == std::vector<std::string>{k_prefix + "expired-1", k_prefix + "expired-2"});
  const auto after = states(sim);
  CHECK(after.at("expired-1") == "TERMINATED");
  CHECK(after.at("expired-2") == "TERMINATED");
  CHECK(after.at("fresh") == "RUNNING");
}

TEST_CASE("cleanup: --log-file gets one timestamped line per decision")
{
  SimFixture sim(cleanup_tenancy());
  const auto log_file = (sim.dir().path() / "cron.log").string();
  auto r = sim.cli({"cleanup", "--yes", "--log-file", log_file}, {{"XDG_RUNTIME_DIR", sim.dir().path().string()}});
  REQUIRE(r.exit_code == 0);
  const std::regex decision(
    R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[\d+\] info: cleanup: (terminate|keep|unmanaged) (\S+) (\S+) \((.+)\)$)");
  std::istringstream in(read_text_file(log_file));
  std::map<std::string, std::string> verdicts;
  int decisions = 0;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (std::regex_match(line, m, decision)) {
      ++decisions;
      verdicts[m[2]] = m[1];
      CHECK(m[3] == k_prefix + m[2].str());
    }
  }
  CHECK(decisions == 7);
  CHECK(verdicts == std::map<std::string, std::string>{{"expired-1", "terminate"},
                                                       {"expired-2", "terminate"},
                                                       {"fresh", "keep"},
                                                       {"dedicated", "keep"},
                                                       {"shared", "keep"},
                                                       {"stranger", "unmanaged"},
                                                       {"untagged", "unmanaged"}});
  const auto text = read_text_file(log_file);
  CHECK(contains(text, "info: cleanup: terminated expired-1 " + k_prefix + "expired-1 (expired 2h"));
  CHECK(contains(text, "info: cleanup: done: 2 terminated, 0 skipped, 0 failed\n"));
}
