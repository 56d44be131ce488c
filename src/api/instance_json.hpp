#pragma once

#include "ocivanilla/api/models.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::api::detail {

// instance_from_json that moves `j` into Instance::raw instead of copying it.
core::Result<Instance> instance_from_json_moved(nlohmann::json&& j, std::string_view source, std::string_view path);

// time_created parsed, if it parses.
std::optional<core::TimePoint> parse_time(const std::string& text);

// The fields of an Instance (all but raw and raw_text), read through any reader with
// ObjectReader's interface: ObjectReader over nlohmann (single objects, error messages) and the
// ScannedObjectReader of list pages (json_scan.hpp) share this one list of fields.
template <typename Reader>
void read_instance_fields(Reader& r, Instance& out)
{
  out.id = r.string("id");
  out.compartment_id = r.string("compartmentId");
  out.availability_domain = r.string("availabilityDomain");
  out.display_name = r.string("displayName");
  out.shape = r.string("shape");
  auto shape_config = r.child("shapeConfig");
  out.ocpus = shape_config.number("ocpus");
  out.memory_gb = shape_config.number("memoryInGBs");
  out.lifecycle_state = r.string("lifecycleState");
  out.time_created = r.string("timeCreated");
  out.created_at = parse_time(out.time_created);
  out.freeform_tags = r.string_map("freeformTags");
  out.image_id = r.string("imageId");
  auto source_details = r.child("sourceDetails");
  out.boot_volume_gb = source_details.optional_integer("bootVolumeSizeInGBs");
  if (out.image_id.empty()) {
    out.image_id = source_details.string("imageId");
  }
  out.region = r.string("region");
  out.fault_domain = r.string("faultDomain");
}

} // namespace ocivanilla::api::detail
