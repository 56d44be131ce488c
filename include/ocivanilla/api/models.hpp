#pragma once

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::api {

using Tags = std::map<std::string, std::string>;

// The models below keep the fields ocivanilla uses, in snake_case, plus `raw`: the object exactly
// as the API sent it (for `-o json`). Parsing is tolerant as COMPUTE-API.md §0 asks: unknown keys
// are ignored, `null` counts as absent, enum strings are kept verbatim (unknown ones too). A field
// of the wrong JSON type is an Error of kind api naming the source and the field path.

struct Instance {
  std::string id;
  std::string compartment_id;
  std::string availability_domain;
  std::string display_name;
  std::string shape;
  double ocpus = 0; // shapeConfig.ocpus, 0 when absent
  double memory_gb = 0; // shapeConfig.memoryInGBs, 0 when absent
  std::string lifecycle_state; // "RUNNING", ... (any string the API sends)
  std::string time_created; // as sent (RFC 3339)
  std::optional<core::TimePoint> created_at; // time_created parsed, if it parses
  Tags freeform_tags;
  std::string image_id; // imageId, else sourceDetails.imageId
  std::optional<std::int64_t> boot_volume_gb; // sourceDetails.bootVolumeSizeInGBs
  std::string region;
  std::string fault_domain;
  // The object as the API sent it: `raw` for single objects (GetInstance, LaunchInstance, ...);
  // instances read from a ListInstances page keep only `raw_text`, the object's JSON text without
  // whitespace (pages are scanned, never built as nlohmann objects: docs/adr/0007). json() gives
  // either as a nlohmann object.
  nlohmann::json raw;
  std::string raw_text;
  nlohmann::json json() const;
  // The compact JSON text of the object (raw_text, else raw dumped).
  std::string json_text() const;
};

struct Image {
  std::string id;
  std::string compartment_id; // empty for platform images (the API sends null)
  std::string display_name;
  std::string operating_system;
  std::string operating_system_version;
  std::string lifecycle_state;
  std::string time_created;
  std::optional<core::TimePoint> created_at;
  std::optional<std::int64_t> size_in_mbs;
  nlohmann::json raw;
};

struct OcpuOptions {
  double min = 0;
  double max = 0;
};

struct MemoryOptions {
  double min_gb = 0;
  double max_gb = 0;
  double min_per_ocpu_gb = 0;
  double max_per_ocpu_gb = 0;
  double default_per_ocpu_gb = 0;
};

struct Shape {
  std::string shape;
  bool is_flexible = false;
  double ocpus = 0;
  double memory_gb = 0;
  std::string processor_description;
  std::string billing_type;
  std::optional<OcpuOptions> ocpu_options;
  std::optional<MemoryOptions> memory_options;
  nlohmann::json raw;
};

struct Subnet {
  std::string id;
  std::string compartment_id;
  std::string vcn_id;
  std::string display_name;
  std::string cidr_block;
  std::string availability_domain; // empty for a regional subnet
  bool prohibit_public_ip_on_vnic = false;
  std::string lifecycle_state;
  nlohmann::json raw;
};

struct AvailabilityDomain {
  std::string name;
  std::string id;
  std::string compartment_id;
  nlohmann::json raw;
};

struct VnicAttachment {
  std::string id;
  std::string instance_id;
  std::string compartment_id;
  std::string availability_domain;
  std::string display_name;
  std::string lifecycle_state;
  std::string subnet_id;
  std::string vnic_id; // empty while ATTACHING
  std::optional<std::int64_t> nic_index;
  nlohmann::json raw;
};

struct Vnic {
  std::string id;
  std::string display_name;
  std::string hostname_label;
  bool is_primary = false;
  std::string lifecycle_state;
  std::string private_ip;
  std::string public_ip; // empty when none is assigned
  std::string subnet_id;
  nlohmann::json raw;
};

// Parses JSON text. `source` names where it came from ("ListInstances response"); a syntax error
// reads "<source>:<line>: invalid JSON: <what>". Never throws.
core::Result<nlohmann::json> parse_json(std::string_view text, std::string_view source);

// Model from one JSON object. Errors read "<source>: field '<path>.<key>': expected a string, got
// number"; `path` locates the object inside a larger document ("[2]" for a list element).
core::Result<Instance> instance_from_json(const nlohmann::json& j, std::string_view source, std::string_view path = {});
core::Result<Image> image_from_json(const nlohmann::json& j, std::string_view source, std::string_view path = {});
core::Result<Shape> shape_from_json(const nlohmann::json& j, std::string_view source, std::string_view path = {});
core::Result<Subnet> subnet_from_json(const nlohmann::json& j, std::string_view source, std::string_view path = {});
core::Result<AvailabilityDomain> availability_domain_from_json(const nlohmann::json& j, std::string_view source,
                                                               std::string_view path = {});
core::Result<VnicAttachment> vnic_attachment_from_json(const nlohmann::json& j, std::string_view source,
                                                       std::string_view path = {});
core::Result<Vnic> vnic_from_json(const nlohmann::json& j, std::string_view source, std::string_view path = {});

// The instances of one ListInstances page (a JSON array of Instance objects). The page is read
// by a validating scanner and each element keeps its JSON text without whitespace in
// Instance::raw_text (raw stays null); a page the scanner does not take, or an element of an
// unexpected shape, is read again with nlohmann, so errors read exactly as for every other
// response: syntax errors name `page_source` ("ListInstances response (page 2)"), field errors
// `element_source` and the index.
core::Result<std::vector<Instance>> instances_from_page(std::string_view body, const std::string& page_source,
                                                        std::string_view element_source);

// A bare JSON array of one model (the body of every List call). A non-array is an error; the
// field path of an element error starts with its index ("[2].shapeConfig.ocpus").
template <typename T>
using FromJson = core::Result<T> (*)(const nlohmann::json&, std::string_view, std::string_view);

template <typename T>
core::Result<std::vector<T>> list_from_json(const nlohmann::json& j, std::string_view source, FromJson<T> parse_one)
{
  if (!j.is_array()) {
    return core::make_error(core::ErrorKind::api,
                            std::string(source) + ": expected a JSON array, got " + std::string(j.type_name()));
  }
  std::vector<T> out;
  out.reserve(j.size());
  for (std::size_t i = 0; i < j.size(); ++i) {
    auto item = parse_one(j[i], source, "[" + std::to_string(i) + "]");
    if (!item.ok()) {
      return std::move(item).error();
    }
    out.push_back(std::move(item).value());
  }
  return out;
}

} // namespace ocivanilla::api
