#include "list_util.hpp"
#include "simulator.hpp"

#include <algorithm>

namespace ocivanilla::sim {

namespace {

const std::vector<std::string_view> k_update_fields = {"displayName",
                                                       "freeformTags",
                                                       "definedTags",
                                                       "securityAttributes",
                                                       "agentConfig",
                                                       "metadata",
                                                       "extendedMetadata",
                                                       "shape",
                                                       "shapeConfig",
                                                       "sourceDetails",
                                                       "updateOperationConstraint",
                                                       "instanceOptions",
                                                       "faultDomain",
                                                       "launchOptions",
                                                       "availabilityConfig",
                                                       "timeMaintenanceRebootDue",
                                                       "dedicatedVmHostId",
                                                       "platformConfig",
                                                       "capacityReservationId",
                                                       "isAIEnterpriseEnabled",
                                                       "licensingConfigs"};

const std::vector<std::string_view> k_known_actions = {
  "STOP", "START", "SOFTRESET", "RESET", "SOFTSTOP", "SENDDIAGNOSTICINTERRUPT", "DIAGNOSTICREBOOT", "REBOOTMIGRATE"};

ApiResponse not_found()
{
  return error_response(404, "NotAuthorizedOrNotFound", k_not_found_message);
}

ApiResponse incorrect_state(const std::string& state)
{
  return error_response(409, "IncorrectState",
                        "Instance is in an incorrect state for the requested action (" + state + ").");
}

bool etag_mismatch(const ApiRequest& request, const Instance& instance)
{
  auto if_match = request.header("if-match");
  return if_match && *if_match != instance.etag;
}

ApiResponse no_etag_match()
{
  return error_response(412, "NoEtagMatch", "The resource's etag does not match the value of the 'if-match' header.");
}

bool is_string_map(const nlohmann::json& value)
{
  return value.is_object() &&
         std::all_of(value.begin(), value.end(), [](const nlohmann::json& v) { return v.is_string(); });
}

// Checks the types of the fields UpdateInstance applies; "" when fine.
std::string update_type_error(const nlohmann::json& body)
{
  if (body.contains("displayName") && !body["displayName"].is_string()) {
    return "displayName must be a string";
  }
  for (const char* field : {"freeformTags", "metadata"}) {
    if (body.contains(field) && !is_string_map(body[field])) {
      return std::string(field) + " must be an object of strings";
    }
  }
  if (body.contains("definedTags") &&
      (!body["definedTags"].is_object() || !std::all_of(body["definedTags"].begin(), body["definedTags"].end(),
                                                        [](const nlohmann::json& v) { return v.is_object(); }))) {
    return "definedTags must be an object of objects";
  }
  for (const char* field : {"extendedMetadata", "agentConfig", "availabilityConfig", "instanceOptions"}) {
    if (body.contains(field) && !body[field].is_object()) {
      return std::string(field) + " must be an object";
    }
  }
  if (body.contains("shapeConfig")) {
    const auto& config = body["shapeConfig"];
    if (!config.is_object() || (config.contains("ocpus") && !config["ocpus"].is_number()) ||
        (config.contains("memoryInGBs") && !config["memoryInGBs"].is_number())) {
      return "shapeConfig must be an object with numeric ocpus and memoryInGBs";
    }
  }
  return {};
}

} // namespace

ApiResponse Simulator::list_instances(const ApiRequest& request)
{
  const auto compartment = request.param("compartmentId").value_or("");
  if (auto missing = require_param(request, "compartmentId")) {
    return *missing;
  }
  if (find_compartment(compartment) == nullptr) {
    return not_found();
  }
  auto sort = parse_sort(request);
  if (!sort) {
    return invalid_parameter(sort.error().message);
  }
  const auto ad = request.param("availabilityDomain");
  const auto name = request.param("displayName");
  const auto state = request.param("lifecycleState");
  std::vector<const Instance*> items;
  for (const auto& i : m_instances) {
    if (i.compartment_id == compartment && (!ad || i.availability_domain == *ad) &&
        (!name || i.display_name == *name) && (!state || iequals(i.state, *state))) {
      items.push_back(&i);
    }
  }
  std::sort(items.begin(), items.end(), [&](const Instance* a, const Instance* b) {
    if (!sort->ascending) {
      std::swap(a, b);
    }
    return sort->by_display_name ? std::tie(a->display_name, a->id) < std::tie(b->display_name, b->id)
                                 : std::tie(a->time_created, a->id) < std::tie(b->time_created, b->id);
  });
  auto slice = page_slice(request, items.size());
  if (!slice) {
    return invalid_parameter(slice.error().message);
  }
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = slice->begin; i < slice->end; ++i) {
    out.push_back(instance_json(*items[i]));
  }
  return page_reply(out, *slice);
}

ApiResponse Simulator::get_instance(const std::string& id)
{
  Instance* instance = find_instance(id);
  if (instance == nullptr) {
    return not_found();
  }
  ApiResponse response = json_response(200, instance_json(*instance));
  response.set_header("etag", instance->etag);
  return response;
}

std::optional<ApiResponse> Simulator::resize(Instance& instance, const nlohmann::json& config)
{
  const ShapeSpec* spec = find_shape(instance.shape);
  const double ocpus = config.contains("ocpus") ? config["ocpus"].get<double>() : instance.size.ocpus;
  const double memory = config.contains("memoryInGBs") ? config["memoryInGBs"].get<double>() : instance.size.memory_gb;
  ShapeSize size;
  if (auto error = resolve_shape_size(*spec, ocpus, memory, size)) {
    return invalid_parameter(*error);
  }
  if (instance.shape == k_a1_flex &&
      (a1_ocpus_in_use() - instance.size.ocpus + size.ocpus > m_scenario.limits.a1_ocpus ||
       a1_memory_in_use() - instance.size.memory_gb + size.memory_gb > m_scenario.limits.a1_memory_gb)) {
    return limit_exceeded();
  }
  instance.size = size;
  return std::nullopt;
}

ApiResponse Simulator::update_instance(const ApiRequest& request, const std::string& id)
{
  Instance* instance = find_instance(id);
  if (instance == nullptr) {
    return not_found();
  }
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return error_response(400, "CannotParseRequest", "The request body is not a JSON object.");
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find(k_update_fields.begin(), k_update_fields.end(), key) == k_update_fields.end()) {
      return invalid_parameter("Unknown field '" + key + "' in UpdateInstanceDetails");
    }
  }
  if (auto error = update_type_error(body); !error.empty()) {
    return invalid_parameter(error);
  }
  if (etag_mismatch(request, *instance)) {
    return no_etag_match();
  }
  if (instance->state == "TERMINATING" || instance->state == "TERMINATED") {
    return incorrect_state(instance->state);
  }
  if (body.contains("shapeConfig")) {
    if (auto error = resize(*instance, body["shapeConfig"])) {
      return *error;
    }
  }
  const std::vector<std::pair<const char*, nlohmann::json*>> replaced = {
    {"freeformTags", &instance->freeform_tags},
    {"definedTags", &instance->defined_tags},
    {"metadata", &instance->metadata},
    {"extendedMetadata", &instance->extended_metadata},
    {"agentConfig", &instance->agent_config},
    {"availabilityConfig", &instance->availability_config},
    {"instanceOptions", &instance->instance_options}};
  for (const auto& [field, target] : replaced) {
    if (body.contains(field)) {
      *target = body[field];
    }
  }
  if (body.contains("displayName")) {
    instance->display_name = body["displayName"].get<std::string>();
  }
  touch(*instance);
  ApiResponse response = json_response(200, instance_json(*instance));
  response.set_header("etag", instance->etag);
  response.set_header("opc-work-request-id", new_id("coreservicesworkrequest"));
  return response;
}

ApiResponse Simulator::terminate_instance(const ApiRequest& request, const std::string& id)
{
  Instance* instance = find_instance(id);
  if (instance == nullptr || instance->state == "TERMINATED") {
    return not_found();
  }
  auto preserve = request.param("preserveBootVolume");
  if (preserve && *preserve != "true" && *preserve != "false") {
    return invalid_parameter("preserveBootVolume must be true or false, got '" + *preserve + "'");
  }
  if (etag_mismatch(request, *instance)) {
    return no_etag_match();
  }
  ApiResponse response;
  response.status = 204;
  response.set_header("opc-work-request-id", new_id("coreservicesworkrequest"));
  if (instance->state == "TERMINATING") {
    return response;
  }
  instance->preserve_boot_volume = preserve && *preserve == "true";
  start_transition(*instance, "TERMINATING", "TERMINATED", m_scenario.timing.terminating_seconds);
  return response;
}

ApiResponse Simulator::instance_action(const ApiRequest& request, const std::string& id)
{
  Instance* instance = find_instance(id);
  if (instance == nullptr) {
    return not_found();
  }
  if (auto missing = require_param(request, "action")) {
    return *missing;
  }
  const std::string action = *request.param("action");
  if (std::find(k_known_actions.begin(), k_known_actions.end(), action) == k_known_actions.end()) {
    return invalid_parameter("action '" + action + "' is not an instance action");
  }
  if (action != "START" && action != "STOP" && action != "SOFTSTOP" && action != "RESET" && action != "SOFTRESET") {
    return invalid_parameter("action '" + action + "' is not supported by the simulator");
  }
  if (etag_mismatch(request, *instance)) {
    return no_etag_match();
  }
  const Timing& timing = m_scenario.timing;
  if (action == "START" && instance->state == "STOPPED") {
    start_transition(*instance, "STARTING", "RUNNING", timing.starting_seconds);
  } else if ((action == "STOP" || action == "SOFTSTOP") && instance->state == "RUNNING") {
    start_transition(*instance, "STOPPING", "STOPPED", timing.stopping_seconds);
  } else if ((action == "RESET" || action == "SOFTRESET") && instance->state == "RUNNING") {
    start_transition(*instance, "STARTING", "RUNNING", timing.starting_seconds);
  } else {
    return incorrect_state(instance->state);
  }
  ApiResponse response = json_response(200, instance_json(*instance));
  response.set_header("etag", instance->etag);
  return response;
}

} // namespace ocivanilla::sim
