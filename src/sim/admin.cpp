#include "list_util.hpp"
#include "simulator.hpp"

#include "ocivanilla/core/duration.hpp"

#include <cstdint>

namespace ocivanilla::sim {

ApiResponse Simulator::admin_instances_post(const ApiRequest& request)
{
  auto seed = parse_instance_seed(request.body, "request body");
  if (!seed) {
    return invalid_parameter(seed.error().message);
  }
  auto created = create_instance(*seed, seed->time_created.value_or(now()));
  if (!created) {
    return invalid_parameter(created.error().message);
  }
  return json_response(200, admin_instance_json(*find_instance(*created)));
}

ApiResponse Simulator::admin_faults(const ApiRequest& request)
{
  if (request.method == "GET") {
    return json_response(200, m_faults.to_json());
  }
  if (request.method == "DELETE") {
    m_faults.clear();
    ApiResponse response;
    response.status = 204;
    return response;
  }
  if (request.method != "POST") {
    return error_response(404, "NotFound", "No admin operation " + request.method + " " + request.path);
  }
  auto fault = parse_fault(request.body, "request body");
  if (!fault) {
    return invalid_parameter(fault.error().message);
  }
  m_faults.add(std::move(*fault));
  return json_response(200, m_faults.to_json());
}

ApiResponse Simulator::admin_clock(const ApiRequest& request)
{
  if (request.method == "POST") {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded() || !body.is_object() || !body.contains("offsetSeconds") ||
        !body["offsetSeconds"].is_number_integer() || body.size() != 1) {
      return invalid_parameter("the body must be {\"offsetSeconds\": <integer>}");
    }
    // Within +-36500 days (core::k_max_duration_seconds), so now() cannot overflow.
    const auto& offset = body["offsetSeconds"];
    const bool in_range = offset.is_number_unsigned()
                            ? offset.get<std::uint64_t>() <= static_cast<std::uint64_t>(core::k_max_duration_seconds)
                            : offset.get<std::int64_t>() >= -core::k_max_duration_seconds &&
                                offset.get<std::int64_t>() <= core::k_max_duration_seconds;
    if (!in_range) {
      return invalid_parameter("offsetSeconds must be within +-" + std::to_string(core::k_max_duration_seconds) +
                               " (36500 days)");
    }
    m_offset = std::chrono::seconds{offset.get<long long>()};
    advance_all();
  } else if (request.method != "GET") {
    return error_response(404, "NotFound", "No admin operation " + request.method + " " + request.path);
  }
  return json_response(200, {{"offsetSeconds", m_offset.count()}, {"now", core::format_rfc3339(now())}});
}

} // namespace ocivanilla::sim
