#include "simulator.hpp"

#include "signature_verifier.hpp"

#include <algorithm>
#include <thread>

namespace ocivanilla::sim {

namespace {

constexpr std::string_view k_api_prefix = "/20160918";

std::string rfc3339_millis(core::TimePoint t)
{
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  std::string text = core::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
  char buf[8];
  std::snprintf(buf, sizeof buf, ".%03lldZ", static_cast<long long>(ms));
  return text.substr(0, text.size() - 1) + buf;
}

nlohmann::json optional_json(const std::optional<std::string>& value)
{
  return value ? nlohmann::json(*value) : nlohmann::json();
}

} // namespace

Simulator::Simulator(Scenario scenario, std::vector<TrustedKey> extra_keys, const core::Clock& clock)
    : m_scenario(std::move(scenario)), m_clock(clock), m_start(clock.now()), m_random(std::random_device{}())
{
  m_scenario.compartments.insert(m_scenario.compartments.begin(), Compartment{m_scenario.tenancy_id, "root"});
  for (auto& key : m_scenario.keys) {
    m_keys.insert_or_assign(key.key_id, key.key);
  }
  for (auto& key : extra_keys) {
    m_keys.insert_or_assign(key.key_id, key.key);
  }
  for (auto& fault : m_scenario.faults) {
    m_faults.add(fault);
  }
}

core::Result<std::unique_ptr<Simulator>> Simulator::create(Scenario scenario, std::vector<TrustedKey> extra_keys,
                                                           const core::Clock& clock, std::string_view source)
{
  auto sim = std::make_unique<Simulator>(std::move(scenario), std::move(extra_keys), clock);
  if (sim->m_scenario.instance_principal) {
    auto service = InstancePrincipalService::create(*sim->m_scenario.instance_principal);
    if (!service) {
      return std::move(service).error();
    }
    sim->m_instance_principal = std::move(service).value();
  }
  const auto seeds = sim->m_scenario.instances;
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    auto created = sim->create_instance(seeds[i], seeds[i].time_created.value_or(sim->m_start));
    if (!created) {
      return core::make_error(core::ErrorKind::config, std::string(source) + ":" + std::to_string(seeds[i].line) +
                                                         ": instances[" + std::to_string(i) +
                                                         "]: " + created.error().message);
    }
  }
  if (const auto& generate = sim->m_scenario.generate) {
    std::vector<std::string> ads; // round-robin over the ADs offering the shape
    for (const auto& ad : sim->m_scenario.availability_domains) {
      if (std::find(ad.shapes.begin(), ad.shapes.end(), generate->base.shape) != ad.shapes.end()) {
        ads.push_back(ad.name);
      }
    }
    for (long long i = 1; i <= generate->count; ++i) {
      InstanceSeed seed = generate->base;
      seed.display_name = generate->prefix + std::to_string(i);
      if (seed.availability_domain.empty() && !ads.empty()) {
        seed.availability_domain = ads[static_cast<std::size_t>(i - 1) % ads.size()];
      }
      auto created = sim->create_instance(seed, sim->m_start - std::chrono::seconds{i});
      if (!created) {
        return core::make_error(core::ErrorKind::config, std::string(source) + ":" + std::to_string(seed.line) +
                                                           ": generate: " + created.error().message);
      }
    }
  }
  return sim;
}

void Simulator::set_log(std::ostream* log)
{
  std::lock_guard lock(m_mutex);
  m_log = log;
}

void Simulator::set_no_auth(bool no_auth)
{
  std::lock_guard lock(m_mutex);
  m_no_auth = no_auth;
}

core::TimePoint Simulator::now() const
{
  return m_clock.now() + m_offset;
}

bool Simulator::authenticate(const ApiRequest& request, RequestRecord& record, ApiResponse& failure)
{
  if (m_no_auth) {
    return true;
  }
  const ReceivedRequest received{request.method, request.target, request.headers, request.body};
  const auto lookup = [this](std::string_view key_id) -> const PublicKey* {
    auto it = m_keys.find(key_id);
    if (it == m_keys.end() && m_instance_principal) {
      return m_instance_principal->session_key(key_id, now());
    }
    return it == m_keys.end() ? nullptr : &it->second;
  };
  VerifyOutcome outcome = verify_signature(received, lookup, now());
  if (!outcome.ok && m_instance_principal && m_instance_principal->token_expired(outcome.key_id, now())) {
    outcome.reason = "security token expired";
  }
  if (!outcome.key_id.empty()) {
    record.key_id = outcome.key_id;
  }
  if (outcome.ok) {
    return true;
  }
  record.auth_error = outcome.reason;
  failure = error_response(401, "NotAuthenticated", outcome.message);
  return false;
}

namespace {

ApiResponse fault_answer(const Fault& fault)
{
  if (fault.type == FaultType::throttle) {
    ApiResponse response = error_response(429, "TooManyRequests", "Too many requests for the user");
    if (fault.retry_after_seconds) {
      response.set_header("Retry-After", std::to_string(*fault.retry_after_seconds));
    }
    return response;
  }
  if (fault.type == FaultType::unavailable) {
    return error_response(503, "ServiceUnavailable", "Service unavailable.");
  }
  return error_response(500, "InternalServerError", "Internal server error.");
}

bool is_launch(const ApiRequest& request)
{
  const std::string collection = std::string(k_api_prefix) + "/instances";
  return request.method == "POST" && (request.path == collection || request.path == collection + "/");
}

} // namespace

Reply Simulator::handle_api(const ApiRequest& request)
{
  std::unique_lock lock(m_mutex);
  advance_all();
  RequestRecord record{request.method,
                       request.path,
                       request.query,
                       0,
                       request.header("opc-request-id").value_or(new_request_id()),
                       request.header("opc-retry-token"),
                       request.header("if-match"),
                       std::nullopt,
                       std::nullopt,
                       std::nullopt};
  if (m_instance_principal && InstancePrincipalService::owns(request.path)) {
    return handle_instance_principal(request, record);
  }
  Reply reply;
  std::string fault;
  if (authenticate(request, record, reply.response)) {
    if (auto answer = m_faults.take_answer(request.method, request.path)) {
      fault = std::string(to_string(answer->type));
      reply.response = fault_answer(*answer);
    } else {
      reply.response = dispatch(request, fault);
      apply_reply_faults(request, reply, fault);
    }
    reply.delay = m_faults.take_delay(request.method, request.path);
  }
  record.status = reply.response.status;
  if (!fault.empty()) {
    record.fault = fault;
  }
  reply.response.set_header("opc-request-id", record.opc_request_id);
  reply.response.set_header("Date", core::format_http_date(now()));
  m_requests.push_back(record);
  write_log(request, record);
  return reply;
}

// Metadata and federation requests: no faults; recorded like API requests.
Reply Simulator::handle_instance_principal(const ApiRequest& request, RequestRecord& record)
{
  auto outcome = m_instance_principal->handle(request, now());
  if (!outcome.key_id.empty()) {
    record.key_id = outcome.key_id;
  }
  if (!outcome.auth_error.empty()) {
    record.auth_error = outcome.auth_error;
  }
  Reply reply;
  reply.response = std::move(outcome.response);
  record.status = reply.response.status;
  reply.response.set_header("opc-request-id", record.opc_request_id);
  reply.response.set_header("Date", core::format_http_date(now()));
  m_requests.push_back(record);
  write_log(request, record);
  return reply;
}

void Simulator::apply_reply_faults(const ApiRequest& request, Reply& reply, std::string& fault)
{
  const bool success = reply.response.status >= 200 && reply.response.status < 300;
  if (success && m_faults.take_drop(request.method, request.path, is_launch(request))) {
    reply.drop_connection = true;
    fault = "drop_connection";
    return;
  }
  if (reply.response.body.empty()) {
    return;
  }
  if (auto body_fault = m_faults.take_body(request.method, request.path)) {
    apply_body_fault(*body_fault, reply);
    fault = std::string(to_string(*body_fault));
  }
}

void Simulator::apply_body_fault(FaultType type, Reply& reply) const
{
  std::string& body = reply.response.body;
  if (type == FaultType::truncated_body) {
    reply.truncate = true;
  } else if (type == FaultType::invalid_json) {
    body = body.substr(0, body.size() / 2);
  } else {
    auto json = nlohmann::json::parse(body, nullptr, false);
    auto decorate = [](nlohmann::json& object) {
      if (object.is_object()) {
        object["simUnknownField"] = {{"nested", nlohmann::json::array({1, "two", nullptr})}};
        object["simUnknownNull"] = nullptr;
      }
    };
    if (json.is_array()) {
      for (auto& item : json) {
        decorate(item);
      }
    } else {
      decorate(json);
    }
    body = json.dump();
  }
}

void Simulator::write_log(const ApiRequest& request, const RequestRecord& record)
{
  if (m_log == nullptr) {
    return;
  }
  *m_log << rfc3339_millis(now()) << ' ' << request.method << ' ' << request.target << ' ' << record.status << ' '
         << record.opc_request_id << " keyId=" << record.key_id.value_or("-");
  if (record.auth_error) {
    *m_log << " auth=\"" << *record.auth_error << '"';
  }
  if (record.fault) {
    *m_log << " fault=" << *record.fault;
  }
  *m_log << std::endl;
}

ApiResponse Simulator::dispatch(const ApiRequest& request, std::string& fault)
{
  const std::string& path = request.path;
  if (path.rfind(std::string(k_api_prefix) + "/", 0) != 0) {
    return error_response(404, "NotFound", "No operation " + request.method + " " + path);
  }
  const std::string rest = path.substr(k_api_prefix.size());
  const bool get = request.method == "GET";
  if (rest == "/instances" || rest == "/instances/" || rest.rfind("/instances/", 0) == 0) {
    return handle_instances(request, fault);
  }
  if (get && rest == "/availabilityDomains") {
    return list_availability_domains(request);
  }
  if (get && rest == "/images") {
    return list_images(request);
  }
  if (get && rest == "/shapes") {
    return list_shapes(request);
  }
  if (get && rest == "/subnets") {
    return list_subnets(request);
  }
  if (get && rest == "/vnicAttachments") {
    return list_vnic_attachments(request);
  }
  if (get && rest.rfind("/vnics/", 0) == 0 && rest.size() > 7 && rest.find('/', 7) == std::string::npos) {
    return get_vnic(rest.substr(7));
  }
  return error_response(404, "NotFound", "No operation " + request.method + " " + path);
}

ApiResponse Simulator::handle_instances(const ApiRequest& request, std::string& fault)
{
  const std::string rest = request.path.substr(k_api_prefix.size());
  const std::string& method = request.method;
  if (rest == "/instances" || rest == "/instances/") {
    if (method == "GET") {
      return list_instances(request);
    }
    if (method == "POST") {
      return launch(request, fault);
    }
    return error_response(404, "NotFound", "No operation " + method + " " + request.path);
  }
  const std::string id = rest.substr(std::string_view("/instances/").size());
  if (id.find('/') != std::string::npos) {
    return error_response(404, "NotFound", "No operation " + method + " " + request.path);
  }
  if (method == "GET") {
    return get_instance(id);
  }
  if (method == "PUT") {
    return update_instance(request, id);
  }
  if (method == "DELETE") {
    return terminate_instance(request, id);
  }
  if (method == "POST") {
    return instance_action(request, id);
  }
  return error_response(404, "NotFound", "No operation " + method + " " + request.path);
}

ApiResponse Simulator::handle_admin(const ApiRequest& request)
{
  std::lock_guard lock(m_mutex);
  advance_all();
  ApiResponse response;
  const std::string& path = request.path;
  const std::string& method = request.method;
  if (path == "/_sim/instances" && method == "GET") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& instance : m_instances) {
      out.push_back(admin_instance_json(instance));
    }
    response = json_response(200, out);
  } else if (path == "/_sim/instances" && method == "POST") {
    response = admin_instances_post(request);
  } else if (path == "/_sim/requests" && method == "GET") {
    response = json_response(200, request_log_json());
  } else if (path == "/_sim/requests" && method == "DELETE") {
    m_requests.clear();
    response.status = 204;
  } else if (path == "/_sim/faults") {
    response = admin_faults(request);
  } else if (path == "/_sim/clock") {
    response = admin_clock(request);
  } else if (path == "/_sim/instancePrincipal" && method == "GET") {
    response = m_instance_principal ? json_response(200, m_instance_principal->admin_json())
                                    : error_response(404, "NotFound", "the scenario has no instancePrincipal");
  } else {
    response = error_response(404, "NotFound", "No admin operation " + method + " " + path);
  }
  if (m_log != nullptr) {
    *m_log << rfc3339_millis(now()) << ' ' << method << ' ' << request.target << ' ' << response.status << " admin"
           << std::endl;
  }
  return response;
}

nlohmann::json Simulator::request_log_json() const
{
  nlohmann::json out = nlohmann::json::array();
  for (const auto& r : m_requests) {
    out.push_back({{"method", r.method},
                   {"path", r.path},
                   {"query", r.query},
                   {"status", r.status},
                   {"opcRequestId", r.opc_request_id},
                   {"opcRetryToken", optional_json(r.retry_token)},
                   {"ifMatch", optional_json(r.if_match)},
                   {"keyId", optional_json(r.key_id)},
                   {"authError", optional_json(r.auth_error)},
                   {"fault", optional_json(r.fault)}});
  }
  return out;
}

} // namespace ocivanilla::sim
