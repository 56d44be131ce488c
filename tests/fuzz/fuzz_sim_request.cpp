// Fuzz target "sim_request": the simulator's request handling after the HTTP layer - query and
// path decoding as cpp-httplib does it, list paging and sorting, launch/update bodies, actions,
// and the admin API. The input is up to 8 requests in the text form of request_text.hpp,
// separated by lines "----", sent to a fresh simulator built from config/sim/seed-tenancy.yaml
// (signature checks off: the "sim_signature" target covers them).
// Properties: every status is an HTTP status; every non-empty body is JSON unless a fault
// (which the admin API can add) was asked to corrupt it.
#include "fuzz_support.hpp"
#include "request_text.hpp"

#include "ocivanilla/core/clock.hpp"
#include "scenario.hpp"
#include "simulator.hpp"

#include <httplib.h>

#include <fstream>
#include <iterator>
#include <string>

namespace {

using namespace ocivanilla;

constexpr std::size_t k_max_requests = 8;

class FixedClock final : public core::Clock {
 public:
  core::TimePoint now() const override { return core::TimePoint{std::chrono::seconds{1'780'000'000}}; }
};

const sim::Scenario& seed_scenario()
{
  static const sim::Scenario scenario = [] {
    const std::string dir = std::string(OVL_FUZZ_SOURCE_DIR) + "/config/sim";
    std::ifstream in(dir + "/seed-tenancy.yaml", std::ios::binary);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto parsed = sim::parse_scenario(text, "seed-tenancy.yaml", dir);
    if (!parsed.ok()) {
      fuzz::property_failed(__FILE__, __LINE__, "seed scenario parses", parsed.error().message);
    }
    return std::move(parsed).value();
  }();
  return scenario;
}

// What SimServer's to_api_request makes of a request cpp-httplib has parsed.
sim::ApiRequest to_api_request(const fuzz::RequestText& text)
{
  sim::ApiRequest out;
  out.method = text.method;
  out.target = text.target;
  const std::size_t question = text.target.find('?');
  out.path = httplib::detail::decode_url(text.target.substr(0, question), false);
  if (question != std::string::npos) {
    out.query = text.target.substr(question + 1);
    httplib::Params params;
    httplib::detail::parse_query_text(out.query, params);
    out.params.insert(params.begin(), params.end());
  }
  out.headers = text.headers;
  out.body = text.body;
  return out;
}

void check_response(const sim::ApiResponse& response, bool faults_possible, const std::string& what)
{
  OVL_FUZZ_CHECK(response.status >= 100 && response.status <= 599, what);
  if (!faults_possible && !response.body.empty()) {
    OVL_FUZZ_CHECK(nlohmann::json::accept(response.body), what + " -> " + response.body);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  static const FixedClock clock;
  auto simulator = sim::Simulator::create(seed_scenario(), {}, clock, "seed-tenancy.yaml");
  OVL_FUZZ_CHECK(simulator.ok(), simulator.ok() ? "" : simulator.error().message);
  (*simulator)->set_no_auth(true);
  std::string_view rest = fuzz::as_text(data, size);
  bool faults_possible = false;
  for (std::size_t i = 0; i < k_max_requests && !rest.empty(); ++i) {
    const auto [one, after] = fuzz::split_once(rest, "\n----\n");
    rest = after;
    const sim::ApiRequest request = to_api_request(fuzz::parse_request_text(one));
    const std::string what = request.method + " " + request.target;
    if (request.path.rfind("/_sim/", 0) == 0) {
      faults_possible = faults_possible || request.path.find("fault") != std::string::npos;
      check_response((*simulator)->handle_admin(request), false, what);
    } else {
      check_response((*simulator)->handle_api(request).response, faults_possible, what);
    }
  }
  return 0;
}
