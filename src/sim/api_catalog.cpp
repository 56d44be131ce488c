#include "list_util.hpp"
#include "simulator.hpp"

#include <algorithm>

namespace ocivanilla::sim {

namespace {

// The common preamble of list operations: compartmentId required and known.
std::optional<ApiResponse> check_compartment(const ApiRequest& request, bool known)
{
  if (auto missing = require_param(request, "compartmentId")) {
    return missing;
  }
  if (!known) {
    return error_response(404, "NotAuthorizedOrNotFound", k_not_found_message);
  }
  return std::nullopt;
}

template <typename T, typename ToJson>
ApiResponse paged_list(const ApiRequest& request, const std::vector<const T*>& items, ToJson to_json)
{
  auto slice = page_slice(request, items.size());
  if (!slice) {
    return invalid_parameter(slice.error().message);
  }
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t i = slice->begin; i < slice->end; ++i) {
    out.push_back(to_json(*items[i]));
  }
  return page_reply(out, *slice);
}

} // namespace

ApiResponse Simulator::list_availability_domains(const ApiRequest& request)
{
  const auto compartment = request.param("compartmentId").value_or("");
  if (auto error = check_compartment(request, find_compartment(compartment) != nullptr)) {
    return *error;
  }
  nlohmann::json out = nlohmann::json::array();
  for (const auto& ad : m_scenario.availability_domains) {
    out.push_back({{"compartmentId", m_scenario.tenancy_id}, {"id", ad.id}, {"name", ad.name}});
  }
  return json_response(200, out);
}

ApiResponse Simulator::list_images(const ApiRequest& request)
{
  if (auto error = check_compartment(request,
                                     find_compartment(request.param("compartmentId").value_or("")) != nullptr)) {
    return *error;
  }
  auto sort = parse_sort(request);
  if (!sort) {
    return invalid_parameter(sort.error().message);
  }
  const auto os = request.param("operatingSystem");
  const auto version = request.param("operatingSystemVersion");
  const auto name = request.param("displayName");
  const auto state = request.param("lifecycleState");
  const auto shape_name = request.param("shape");
  const ShapeSpec* shape = shape_name ? find_shape(*shape_name) : nullptr;
  std::vector<const Image*> items;
  for (const auto& image : m_scenario.images) {
    const bool keep = (!os || image.operating_system == *os) &&
                      (!version || image.operating_system_version == *version) &&
                      (!name || image.display_name == *name) && (!state || iequals(image.lifecycle_state, *state)) &&
                      (!shape_name || (shape != nullptr && shape->arch == image.arch));
    if (keep) {
      items.push_back(&image);
    }
  }
  std::stable_sort(items.begin(), items.end(), [&](const Image* a, const Image* b) {
    if (sort->by_display_name) {
      return sort->ascending ? std::tie(a->display_name, a->id) < std::tie(b->display_name, b->id)
                             : std::tie(b->display_name, b->id) < std::tie(a->display_name, a->id);
    }
    return sort->ascending ? std::tie(a->time_created, a->id) < std::tie(b->time_created, b->id)
                           : std::tie(b->time_created, b->id) < std::tie(a->time_created, a->id);
  });
  return paged_list(request, items, [this](const Image& image) { return image_json(image); });
}

ApiResponse Simulator::list_shapes(const ApiRequest& request)
{
  if (auto error = check_compartment(request,
                                     find_compartment(request.param("compartmentId").value_or("")) != nullptr)) {
    return *error;
  }
  const auto ad_name = request.param("availabilityDomain");
  if (ad_name && find_ad(*ad_name) == nullptr) {
    return invalid_parameter("availabilityDomain '" + *ad_name + "' is not an availability domain of the tenancy");
  }
  const auto image_id = request.param("imageId");
  const Image* image = image_id ? find_image(*image_id) : nullptr;
  if (image_id && image == nullptr) {
    return error_response(404, "NotAuthorizedOrNotFound", k_not_found_message);
  }
  const auto shape_name = request.param("shape");
  std::vector<const ShapeSpec*> items;
  for (const auto& ad : m_scenario.availability_domains) {
    if (ad_name && ad.name != *ad_name) {
      continue;
    }
    for (const auto& name : ad.shapes) {
      const ShapeSpec* spec = find_shape(name);
      const bool keep = spec != nullptr && (!shape_name || name == *shape_name) &&
                        (image == nullptr || image->arch == spec->arch) &&
                        std::find(items.begin(), items.end(), spec) == items.end();
      if (keep) {
        items.push_back(spec);
      }
    }
  }
  return paged_list(request, items, [](const ShapeSpec& spec) { return shape_json(spec); });
}

ApiResponse Simulator::list_subnets(const ApiRequest& request)
{
  const auto compartment = request.param("compartmentId").value_or("");
  if (auto error = check_compartment(request, find_compartment(compartment) != nullptr)) {
    return *error;
  }
  const auto vcn = request.param("vcnId");
  std::vector<const Subnet*> items;
  for (const auto& subnet : m_scenario.subnets) {
    if (subnet.compartment_id == compartment && (!vcn || subnet.vcn_id == *vcn)) {
      items.push_back(&subnet);
    }
  }
  return paged_list(request, items, [this](const Subnet& subnet) { return subnet_json(subnet); });
}

ApiResponse Simulator::list_vnic_attachments(const ApiRequest& request)
{
  const auto compartment = request.param("compartmentId").value_or("");
  if (auto error = check_compartment(request, find_compartment(compartment) != nullptr)) {
    return *error;
  }
  const auto instance_id = request.param("instanceId");
  const auto ad = request.param("availabilityDomain");
  std::vector<const Instance*> items;
  for (const auto& instance : m_instances) {
    if (instance.compartment_id == compartment && (!instance_id || instance.id == *instance_id) &&
        (!ad || instance.availability_domain == *ad)) {
      items.push_back(&instance);
    }
  }
  return paged_list(request, items, [this](const Instance& instance) { return vnic_attachment_json(instance); });
}

ApiResponse Simulator::get_vnic(const std::string& id)
{
  auto it = m_vnic_index.find(id);
  if (it == m_vnic_index.end()) {
    return error_response(404, "NotAuthorizedOrNotFound", k_not_found_message);
  }
  const Instance& instance = m_instances[it->second];
  ApiResponse response = json_response(200, vnic_json(instance));
  response.set_header("etag", instance.etag);
  return response;
}

} // namespace ocivanilla::sim
