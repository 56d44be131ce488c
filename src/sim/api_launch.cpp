#include "list_util.hpp"
#include "simulator.hpp"

#include <algorithm>

namespace ocivanilla::sim {

namespace {

const std::vector<std::string_view> k_launch_fields = {"availabilityDomain",
                                                       "compartmentId",
                                                       "shape",
                                                       "shapeConfig",
                                                       "sourceDetails",
                                                       "createVnicDetails",
                                                       "displayName",
                                                       "metadata",
                                                       "extendedMetadata",
                                                       "freeformTags",
                                                       "definedTags",
                                                       "securityAttributes",
                                                       "agentConfig",
                                                       "isPvEncryptionInTransitEnabled",
                                                       "launchOptions",
                                                       "instanceOptions",
                                                       "availabilityConfig",
                                                       "preemptibleInstanceConfig",
                                                       "faultDomain",
                                                       "hostnameLabel",
                                                       "subnetId",
                                                       "imageId",
                                                       "capacityReservationId",
                                                       "dedicatedVmHostId",
                                                       "clusterPlacementGroupId",
                                                       "computeClusterId",
                                                       "ipxeScript",
                                                       "launchVolumeAttachments",
                                                       "platformConfig",
                                                       "placementConstraintDetails",
                                                       "isAIEnterpriseEnabled",
                                                       "instanceConfigurationId",
                                                       "licensingConfigs"};

constexpr auto k_retry_token_lifetime = std::chrono::hours{24};

ApiResponse missing(const std::string& field)
{
  return error_response(400, "MissingParameter", "Missing required field '" + field + "' in LaunchInstanceDetails");
}

ApiResponse related_not_found(const std::string& what, const std::string& id)
{
  return error_response(400, "RelatedResourceNotAuthorizedOrNotFound",
                        what + " '" + id + "' was not found or you are not authorized to use it");
}

// The string at body[field] (or body[a][b]); nullopt when absent; "!" marks a wrong type.
std::optional<std::string> string_field(const nlohmann::json& object, const char* field, std::string& type_error,
                                        const std::string& path)
{
  if (!object.is_object() || !object.contains(field) || object[field].is_null()) {
    return std::nullopt;
  }
  if (!object[field].is_string()) {
    type_error = path + " must be a string";
    return std::nullopt;
  }
  return object[field].get<std::string>();
}

std::optional<double> number_field(const nlohmann::json& object, const char* field, std::string& type_error,
                                   const std::string& path)
{
  if (!object.is_object() || !object.contains(field) || object[field].is_null()) {
    return std::nullopt;
  }
  if (!object[field].is_number()) {
    type_error = path + " must be a number";
    return std::nullopt;
  }
  return object[field].get<double>();
}

std::string map_type_error(const nlohmann::json& body)
{
  for (const char* field : {"freeformTags", "metadata"}) {
    if (body.contains(field) &&
        (!body[field].is_object() ||
         !std::all_of(body[field].begin(), body[field].end(), [](const nlohmann::json& v) { return v.is_string(); }))) {
      return std::string(field) + " must be an object of strings";
    }
  }
  for (const char* field : {"definedTags", "extendedMetadata", "agentConfig", "availabilityConfig", "instanceOptions",
                            "shapeConfig", "sourceDetails", "createVnicDetails"}) {
    if (body.contains(field) && !body[field].is_object()) {
      return std::string(field) + " must be an object";
    }
  }
  return {};
}

std::string default_display_name(core::TimePoint now)
{
  const std::string t = core::format_rfc3339(now); // 2026-12-04T19:40:12Z
  return "instance-" + t.substr(0, 4) + t.substr(5, 2) + t.substr(8, 2) + "-" + t.substr(11, 2) + t.substr(14, 2);
}

} // namespace

std::optional<ApiResponse> Simulator::validate_launch(const nlohmann::json& body, InstanceSeed& seed)
{
  std::string type_error = map_type_error(body);
  const auto ad = string_field(body, "availabilityDomain", type_error, "availabilityDomain");
  const auto compartment = string_field(body, "compartmentId", type_error, "compartmentId");
  const auto shape = string_field(body, "shape", type_error, "shape");
  const auto name = string_field(body, "displayName", type_error, "displayName");
  const auto fault_domain = string_field(body, "faultDomain", type_error, "faultDomain");
  if (!type_error.empty()) {
    return invalid_parameter(type_error);
  }
  for (const auto& [value, field] :
       {std::pair{ad, "availabilityDomain"}, std::pair{compartment, "compartmentId"}, std::pair{shape, "shape"}}) {
    if (!value || value->empty()) {
      return missing(field);
    }
  }
  if (!body.contains("sourceDetails")) {
    return missing("sourceDetails");
  }
  seed.availability_domain = *ad;
  seed.compartment_id = *compartment;
  seed.shape = *shape;
  seed.display_name = name.value_or(default_display_name(now()));
  seed.fault_domain = fault_domain.value_or("FAULT-DOMAIN-" + std::to_string(m_random() % 3 + 1));
  seed.freeform_tags = body.value("freeformTags", nlohmann::json::object());
  seed.defined_tags = body.value("definedTags", nlohmann::json::object());
  seed.lifecycle_state = "PROVISIONING";
  if (find_compartment(seed.compartment_id) == nullptr) {
    return error_response(404, "NotAuthorizedOrNotFound", k_not_found_message);
  }
  const AvailabilityDomain* domain = find_ad(seed.availability_domain);
  if (domain == nullptr) {
    return invalid_parameter("availabilityDomain '" + seed.availability_domain + "' is not valid for this tenancy");
  }
  const ShapeSpec* spec = find_shape(seed.shape);
  if (spec == nullptr || std::find(domain->shapes.begin(), domain->shapes.end(), seed.shape) == domain->shapes.end()) {
    return error_response(404, "NotAuthorizedOrNotFound", "shape " + seed.shape + " not found");
  }
  const nlohmann::json config = body.value("shapeConfig", nlohmann::json::object());
  seed.ocpus = number_field(config, "ocpus", type_error, "shapeConfig.ocpus");
  seed.memory_gb = number_field(config, "memoryInGBs", type_error, "shapeConfig.memoryInGBs");
  if (!type_error.empty()) {
    return invalid_parameter(type_error);
  }
  ShapeSize size;
  if (auto error = resolve_shape_size(*spec, seed.ocpus, seed.memory_gb, size)) {
    return invalid_parameter(*error);
  }
  seed.ocpus = size.ocpus;
  seed.memory_gb = size.memory_gb;
  if (auto error = check_launch_image(body, seed)) {
    return error;
  }
  return check_launch_subnet(body, seed);
}

std::optional<ApiResponse> Simulator::check_launch_image(const nlohmann::json& body, InstanceSeed& seed)
{
  std::string type_error;
  const nlohmann::json& source = body["sourceDetails"];
  const auto source_type = string_field(source, "sourceType", type_error, "sourceDetails.sourceType");
  const auto image_id = string_field(source, "imageId", type_error, "sourceDetails.imageId");
  const auto boot_size = number_field(source, "bootVolumeSizeInGBs", type_error, "sourceDetails.bootVolumeSizeInGBs");
  if (!type_error.empty()) {
    return invalid_parameter(type_error);
  }
  if (source_type != "image") {
    return invalid_parameter("sourceDetails.sourceType must be 'image' (got '" + source_type.value_or("") + "')");
  }
  if (!image_id) {
    return missing("sourceDetails.imageId");
  }
  const Image* image = find_image(*image_id);
  if (image == nullptr) {
    return related_not_found("Image", *image_id);
  }
  if (image->arch != find_shape(seed.shape)->arch) {
    return invalid_parameter("Shape " + seed.shape + " is not compatible with image " + image->id);
  }
  if (boot_size && (*boot_size < 50 || *boot_size > 32768)) {
    return invalid_parameter("sourceDetails.bootVolumeSizeInGBs must be between 50 and 32768");
  }
  seed.image_id = image->id;
  return std::nullopt;
}

std::optional<ApiResponse> Simulator::check_launch_subnet(const nlohmann::json& body, InstanceSeed& seed)
{
  std::string type_error;
  const nlohmann::json vnic = body.value("createVnicDetails", nlohmann::json::object());
  auto subnet_id = string_field(vnic, "subnetId", type_error, "createVnicDetails.subnetId");
  const auto top_subnet = string_field(body, "subnetId", type_error, "subnetId");
  const nlohmann::json assign = vnic.value("assignPublicIp", nlohmann::json());
  if (!assign.is_boolean() && !assign.is_null()) {
    type_error = "createVnicDetails.assignPublicIp must be a boolean";
  }
  if (!type_error.empty()) {
    return invalid_parameter(type_error);
  }
  if (subnet_id && top_subnet && *subnet_id != *top_subnet) {
    return invalid_parameter("subnetId and createVnicDetails.subnetId must match");
  }
  subnet_id = subnet_id ? subnet_id : top_subnet;
  if (!subnet_id) {
    return missing("createVnicDetails.subnetId");
  }
  const Subnet* subnet = find_subnet(*subnet_id);
  if (subnet == nullptr) {
    return related_not_found("Subnet", *subnet_id);
  }
  if (subnet->availability_domain && *subnet->availability_domain != seed.availability_domain) {
    return invalid_parameter("Subnet " + subnet->id + " is in " + *subnet->availability_domain + ", not in " +
                             seed.availability_domain);
  }
  if (assign.is_boolean()) {
    seed.assign_public_ip = assign.get<bool>();
  }
  if (seed.assign_public_ip.value_or(false) && !subnet->is_public) {
    return invalid_parameter("A public IP cannot be assigned to a VNIC in the private subnet " + subnet->id);
  }
  seed.subnet_id = subnet->id;
  return std::nullopt;
}

void Simulator::apply_launch_details(Instance& instance, const nlohmann::json& body) const
{
  instance.metadata = body.value("metadata", nlohmann::json::object());
  instance.extended_metadata = body.value("extendedMetadata", nlohmann::json::object());
  instance.agent_config = body.value("agentConfig", nlohmann::json());
  instance.availability_config = body.value("availabilityConfig", nlohmann::json());
  instance.instance_options = body.value("instanceOptions", nlohmann::json());
  const nlohmann::json boot_size = body["sourceDetails"].value("bootVolumeSizeInGBs", nlohmann::json());
  if (boot_size.is_number()) {
    instance.boot_volume_size_gb = static_cast<long long>(boot_size.get<double>());
  }
  const nlohmann::json vnic = body.value("createVnicDetails", nlohmann::json::object());
  const auto label = vnic.value("hostnameLabel", nlohmann::json());
  const auto vnic_name = vnic.value("displayName", nlohmann::json());
  instance.hostname_label = label.is_string() ? label.get<std::string>() : instance.display_name;
  instance.vnic_display_name = vnic_name.is_string() ? vnic_name.get<std::string>() : instance.display_name + "-vnic";
}

ApiResponse Simulator::launch(const ApiRequest& request, std::string& fault)
{
  const auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return error_response(400, "CannotParseRequest", "The request body is not a valid JSON object.");
  }
  for (const auto& [key, value] : body.items()) {
    if (std::find(k_launch_fields.begin(), k_launch_fields.end(), key) == k_launch_fields.end()) {
      return invalid_parameter("Unknown field '" + key + "' in LaunchInstanceDetails");
    }
  }
  const auto token = request.header("opc-retry-token");
  if (token && (token->empty() || token->size() > 64)) {
    return invalid_parameter("opc-retry-token must be 1 to 64 characters");
  }
  if (token) {
    auto it = m_retry_tokens.find(*token);
    if (it != m_retry_tokens.end() && now() - it->second.at < k_retry_token_lifetime) {
      if (it->second.body != body) {
        return error_response(409, "Conflict",
                              "The retry token '" + *token + "' was already used by a different request.");
      }
      return get_instance(it->second.instance_id);
    }
  }
  InstanceSeed seed;
  if (auto error = validate_launch(body, seed)) {
    return *error;
  }
  if (seed.shape == k_a1_flex && (a1_ocpus_in_use() + *seed.ocpus > m_scenario.limits.a1_ocpus ||
                                  a1_memory_in_use() + *seed.memory_gb > m_scenario.limits.a1_memory_gb)) {
    return limit_exceeded();
  }
  if (m_faults.take_capacity(request.method, request.path, seed.availability_domain)) {
    fault = "out_of_capacity";
    return error_response(500, "InternalError", "Out of host capacity.");
  }
  auto created = create_instance(seed, now());
  if (!created) {
    return invalid_parameter(created.error().message);
  }
  Instance& instance = *find_instance(*created);
  apply_launch_details(instance, body);
  start_transition(instance, "PROVISIONING", "RUNNING", m_scenario.timing.provisioning_seconds);
  if (token) {
    m_retry_tokens[*token] = RetryEntry{body, instance.id, now()};
  }
  ApiResponse response = json_response(200, instance_json(instance));
  response.set_header("etag", instance.etag);
  response.set_header("opc-work-request-id", new_id("coreservicesworkrequest"));
  return response;
}

} // namespace ocivanilla::sim
