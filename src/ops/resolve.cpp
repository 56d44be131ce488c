#include "ocivanilla/ops/resolve.hpp"

#include <string>
#include <vector>

namespace ocivanilla::ops {

bool is_ocid(std::string_view text)
{
  return text.rfind("ocid1.", 0) == 0;
}

bool is_terminated(const api::Instance& instance)
{
  return instance.lifecycle_state == "TERMINATED";
}

core::Result<api::Instance> resolve_instance(api::ComputeClient& compute, std::string_view compartment_id,
                                             std::string_view name_or_ocid)
{
  if (name_or_ocid.empty()) {
    return core::make_error(core::ErrorKind::usage, "instance name or OCID is empty");
  }
  if (is_ocid(name_or_ocid)) {
    auto reply = compute.get_instance(name_or_ocid);
    if (!reply.ok()) {
      auto error = std::move(reply).error();
      if (error.kind == core::ErrorKind::not_found) {
        error.message = "instance " + std::string(name_or_ocid) + " not found (" + error.message + ")";
      }
      return error;
    }
    return std::move(reply->instance);
  }

  api::InstanceFilters filters;
  filters.display_name = std::string(name_or_ocid);
  auto listed = compute.list_instances(compartment_id, filters);
  if (!listed.ok()) {
    return std::move(listed).error();
  }
  std::vector<api::Instance> live;
  for (auto& instance : *listed) {
    // The server filter is exact already; checking again keeps a lenient server honest.
    if (instance.display_name == name_or_ocid && !is_terminated(instance)) {
      live.push_back(std::move(instance));
    }
  }
  if (live.empty()) {
    return core::make_error(core::ErrorKind::not_found, "no instance named '" + std::string(name_or_ocid) +
                                                          "' (not TERMINATED) in compartment " +
                                                          std::string(compartment_id));
  }
  if (live.size() > 1) {
    std::string ids;
    for (const auto& instance : live) {
      ids += (ids.empty() ? "" : ", ") + instance.id;
    }
    return core::make_error(core::ErrorKind::ambiguous, "name '" + std::string(name_or_ocid) + "' matches " +
                                                          std::to_string(live.size()) + " instances in compartment " +
                                                          std::string(compartment_id) + ": " + ids + "; use an OCID");
  }
  return std::move(live.front());
}

} // namespace ocivanilla::ops
