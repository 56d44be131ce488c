#pragma once

#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::api {

namespace detail {
class RestClient;
} // namespace detail

// Optional server-side filters of ListInstances; empty fields are not sent.
struct InstanceFilters {
  std::string availability_domain;
  std::string display_name; // exact match
  std::string lifecycle_state; // case-insensitive on the server
};

// Filters of ListImages; empty fields are not sent.
struct ImageFilters {
  std::string operating_system; // "Canonical Ubuntu"
  std::string operating_system_version; // "24.04"
  std::string shape; // only images compatible with it
};

// An Instance answer with the response headers that matter.
struct InstanceReply {
  Instance instance;
  std::string etag; // for if-match
  std::string work_request_id; // opc-work-request-id (Launch/Update)
  std::string opc_request_id;
};

// InstanceAction's `action` values used by ocivanilla.
enum class InstanceAction { start, stop, softstop, reset, softreset };
std::string_view to_string(InstanceAction action); // "START", "STOP", "SOFTSTOP", ...

// The Compute (iaas) API. Every call goes through the transport given (which signs, logs and
// retries); a non-2xx answer is error_from(...), a malformed body an Error of kind api.
// Lists follow opc-next-page with limit=100 until the last page.
class ComputeClient {
 public:
  static constexpr int k_page_limit = 100;

  // base_url like "https://iaas.eu-frankfurt-1.oraclecloud.com"; "/20160918" is appended.
  // The transport must outlive the client.
  ComputeClient(oci::HttpTransport& transport, std::string_view base_url);
  ~ComputeClient();
  ComputeClient(const ComputeClient&) = delete;
  ComputeClient& operator=(const ComputeClient&) = delete;

  // "<base_url>/20160918"
  const std::string& endpoint() const;

  // Calls on_page with each page as it arrives; an error returned by on_page stops the loop
  // and is returned. read_ahead: page N+1 is requested (on another thread) as soon as page N's
  // headers name it, so the server prepares it while page N is parsed and handled; a stop
  // after page N then leaves that one extra GET made. For callers that read every page.
  using InstancePageHandler = std::function<core::Status(std::vector<Instance>& page)>;
  core::Status for_each_instance_page(std::string_view compartment_id, const InstanceFilters& filters,
                                      const InstancePageHandler& on_page, bool read_ahead = false);
  // Every page, in the API's order (TERMINATED instances included); pages are read ahead.
  core::Result<std::vector<Instance>> list_instances(std::string_view compartment_id,
                                                     const InstanceFilters& filters = {});
  core::Result<InstanceReply> get_instance(std::string_view instance_id);

  // POST /instances with the body compact and `opc-retry-token` (omitted when empty); built
  // without sending, so a dry run can show exactly what launch_instance would send.
  oci::HttpRequest launch_request(const nlohmann::json& details, std::string_view retry_token) const;
  core::Result<InstanceReply> launch_instance(const nlohmann::json& details, std::string_view retry_token);
  // PUT /instances/{id}; `if_match` (an etag) is sent unless empty. A stale etag gives an Error
  // with http_status 412 (code NoEtagMatch).
  core::Result<InstanceReply> update_instance(std::string_view instance_id, const nlohmann::json& body,
                                              std::string_view if_match);
  // DELETE /instances/{id}?preserveBootVolume=true|false (always explicit).
  core::Status terminate_instance(std::string_view instance_id, bool preserve_boot_volume);
  // POST /instances/{id}?action=START (no body).
  // With a retry token the transport may resend it after a lost answer or a 429/5xx.
  core::Result<InstanceReply> instance_action(std::string_view instance_id, InstanceAction action,
                                              std::string_view retry_token = {});

  // Every page, newest first (sortBy=TIMECREATED, sortOrder=DESC, and re-sorted by timeCreated
  // here since the API groups images by variant).
  core::Result<std::vector<Image>> list_images(std::string_view compartment_id, const ImageFilters& filters);
  // Shapes offered in one availability domain (all when `availability_domain` is empty).
  core::Result<std::vector<Shape>> list_shapes(std::string_view compartment_id, std::string_view availability_domain);
  core::Result<std::vector<Subnet>> list_subnets(std::string_view compartment_id);
  core::Result<std::vector<VnicAttachment>> list_vnic_attachments(std::string_view compartment_id,
                                                                  std::string_view instance_id);
  core::Result<Vnic> get_vnic(std::string_view vnic_id);

 private:
  std::unique_ptr<detail::RestClient> m_rest;
};

} // namespace ocivanilla::api
