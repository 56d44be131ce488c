#include "ocivanilla/api/compute_client.hpp"

#include "api/instance_json.hpp"
#include "api/rest.hpp"

#include <algorithm>
#include <iterator>

namespace ocivanilla::api {

namespace {

using detail::QueryParams;

void add_if_set(QueryParams& params, std::string_view key, std::string_view value)
{
  if (!value.empty()) {
    params.emplace_back(std::string(key), std::string(value));
  }
}

core::Result<InstanceReply> instance_reply(const oci::HttpResponse& response, std::string_view operation)
{
  const auto source = std::string(operation) + " response";
  auto body = parse_json(response.body, source);
  if (!body.ok()) {
    return std::move(body).error();
  }
  auto instance = instance_from_json(*body, source);
  if (!instance.ok()) {
    return std::move(instance).error();
  }
  InstanceReply reply;
  reply.instance = std::move(instance).value();
  reply.etag = std::string(response.header("etag"));
  reply.work_request_id = std::string(response.header("opc-work-request-id"));
  reply.opc_request_id = std::string(response.header("opc-request-id"));
  return reply;
}

// Collects every page of a list of T.
template <typename T>
core::Result<std::vector<T>> collect(detail::RestClient& rest, std::string_view path, const QueryParams& query,
                                     std::string_view operation, FromJson<T> parse_one)
{
  std::vector<T> all;
  const auto status = rest.for_each_page(
    path, query, ComputeClient::k_page_limit, operation, [&](const nlohmann::json& page) -> core::Status {
      auto items = list_from_json<T>(page, std::string(operation) + " response", parse_one);
      if (!items.ok()) {
        return std::move(items).error();
      }
      std::move(items->begin(), items->end(), std::back_inserter(all));
      return core::Ok{};
    });
  if (!status.ok()) {
    return status.error();
  }
  return all;
}

} // namespace

std::string_view to_string(InstanceAction action)
{
  switch (action) {
  case InstanceAction::start: return "START";
  case InstanceAction::stop: return "STOP";
  case InstanceAction::softstop: return "SOFTSTOP";
  case InstanceAction::reset: return "RESET";
  case InstanceAction::softreset: return "SOFTRESET";
  }
  return "START";
}

ComputeClient::ComputeClient(oci::HttpTransport& transport, std::string_view base_url)
    : m_rest(std::make_unique<detail::RestClient>(transport, base_url))
{}

ComputeClient::~ComputeClient() = default;

const std::string& ComputeClient::endpoint() const
{
  return m_rest->endpoint();
}

core::Status ComputeClient::for_each_instance_page(std::string_view compartment_id, const InstanceFilters& filters,
                                                   const InstancePageHandler& on_page, bool read_ahead)
{
  QueryParams query{{"compartmentId", std::string(compartment_id)}};
  add_if_set(query, "availabilityDomain", filters.availability_domain);
  add_if_set(query, "displayName", filters.display_name);
  add_if_set(query, "lifecycleState", filters.lifecycle_state);
  return m_rest->for_each_page_text(
    "/instances", query, k_page_limit, "ListInstances",
    [&](std::string& body, const std::string& source) -> core::Status {
      auto items = instances_from_page(body, source, "ListInstances response");
      std::string().swap(body); // only the parsed form is kept
      if (!items.ok()) {
        return std::move(items).error();
      }
      return on_page(*items);
    },
    read_ahead);
}

core::Result<std::vector<Instance>> ComputeClient::list_instances(std::string_view compartment_id,
                                                                  const InstanceFilters& filters)
{
  std::vector<Instance> all;
  const auto status = for_each_instance_page(
    compartment_id, filters,
    [&](std::vector<Instance>& page) -> core::Status {
      std::move(page.begin(), page.end(), std::back_inserter(all));
      return core::Ok{};
    },
    true);
  if (!status.ok()) {
    return status.error();
  }
  return all;
}

core::Result<InstanceReply> ComputeClient::get_instance(std::string_view instance_id)
{
  auto response = m_rest->send(m_rest->request("GET", detail::resource_path("instances", instance_id), {}));
  if (!response.ok()) {
    return std::move(response).error();
  }
  return instance_reply(*response, "GetInstance");
}

oci::HttpRequest ComputeClient::launch_request(const nlohmann::json& details, std::string_view retry_token) const
{
  auto request = m_rest->request("POST", "/instances", {}, details);
  if (!retry_token.empty()) {
    oci::set_header(request.headers, "opc-retry-token", std::string(retry_token));
  }
  return request;
}

core::Result<InstanceReply> ComputeClient::launch_instance(const nlohmann::json& details, std::string_view retry_token)
{
  auto response = m_rest->send(launch_request(details, retry_token));
  if (!response.ok()) {
    return std::move(response).error();
  }
  return instance_reply(*response, "LaunchInstance");
}

core::Result<InstanceReply> ComputeClient::update_instance(std::string_view instance_id, const nlohmann::json& body,
                                                           std::string_view if_match)
{
  auto request = m_rest->request("PUT", detail::resource_path("instances", instance_id), {}, body);
  if (!if_match.empty()) {
    oci::set_header(request.headers, "if-match", std::string(if_match));
  }
  auto response = m_rest->send(request);
  if (!response.ok()) {
    return std::move(response).error();
  }
  return instance_reply(*response, "UpdateInstance");
}

core::Status ComputeClient::terminate_instance(std::string_view instance_id, bool preserve_boot_volume)
{
  const QueryParams query{{"preserveBootVolume", preserve_boot_volume ? "true" : "false"}};
  auto response = m_rest->send(m_rest->request("DELETE", detail::resource_path("instances", instance_id), query));
  if (!response.ok()) {
    return std::move(response).error();
  }
  return core::Ok{};
}

core::Result<InstanceReply> ComputeClient::instance_action(std::string_view instance_id, InstanceAction action,
                                                           std::string_view retry_token)
{
  const QueryParams query{{"action", std::string(to_string(action))}};
  auto request = m_rest->request("POST", detail::resource_path("instances", instance_id), query);
  if (!retry_token.empty()) {
    oci::set_header(request.headers, "opc-retry-token", std::string(retry_token));
  }
  auto response = m_rest->send(request);
  if (!response.ok()) {
    return std::move(response).error();
  }
  return instance_reply(*response, "InstanceAction");
}

core::Result<std::vector<Image>> ComputeClient::list_images(std::string_view compartment_id,
                                                            const ImageFilters& filters)
{
  QueryParams query{{"compartmentId", std::string(compartment_id)}};
  add_if_set(query, "operatingSystem", filters.operating_system);
  add_if_set(query, "operatingSystemVersion", filters.operating_system_version);
  add_if_set(query, "shape", filters.shape);
  query.emplace_back("sortBy", "TIMECREATED");
  query.emplace_back("sortOrder", "DESC");
  auto images = collect<Image>(*m_rest, "/images", query, "ListImages", image_from_json);
  if (!images.ok()) {
    return images;
  }
  // Newest first; images without a parseable timeCreated go last, in the API's order.
  std::stable_sort(images->begin(), images->end(), [](const Image& a, const Image& b) {
    if (!a.created_at.has_value() || !b.created_at.has_value()) {
      return a.created_at.has_value() && !b.created_at.has_value();
    }
    return *a.created_at > *b.created_at;
  });
  return images;
}

core::Result<std::vector<Shape>> ComputeClient::list_shapes(std::string_view compartment_id,
                                                            std::string_view availability_domain)
{
  QueryParams query{{"compartmentId", std::string(compartment_id)}};
  add_if_set(query, "availabilityDomain", availability_domain);
  return collect<Shape>(*m_rest, "/shapes", query, "ListShapes", shape_from_json);
}

core::Result<std::vector<Subnet>> ComputeClient::list_subnets(std::string_view compartment_id)
{
  const QueryParams query{{"compartmentId", std::string(compartment_id)}};
  return collect<Subnet>(*m_rest, "/subnets", query, "ListSubnets", subnet_from_json);
}

core::Result<std::vector<VnicAttachment>> ComputeClient::list_vnic_attachments(std::string_view compartment_id,
                                                                               std::string_view instance_id)
{
  QueryParams query{{"compartmentId", std::string(compartment_id)}};
  add_if_set(query, "instanceId", instance_id);
  return collect<VnicAttachment>(*m_rest, "/vnicAttachments", query, "ListVnicAttachments", vnic_attachment_from_json);
}

core::Result<Vnic> ComputeClient::get_vnic(std::string_view vnic_id)
{
  auto body = m_rest->send_json(m_rest->request("GET", detail::resource_path("vnics", vnic_id), {}), "GetVnic");
  if (!body.ok()) {
    return std::move(body).error();
  }
  return vnic_from_json(*body, "GetVnic response");
}

} // namespace ocivanilla::api
