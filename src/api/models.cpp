#include "ocivanilla/api/models.hpp"

#include "api/instance_json.hpp"
#include "api/json_reader.hpp"

#include <algorithm>
#include <string>

namespace ocivanilla::api {

namespace {

using detail::ObjectReader;
using detail::parse_time;

// The 1-based line of a byte offset in text.
std::size_t line_of(std::string_view text, std::size_t byte)
{
  const auto end = std::min(byte, text.size());
  const auto newlines = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
  return 1 + static_cast<std::size_t>(newlines);
}

// nlohmann's what() is "[json.exception.parse_error.101] parse error at line 1, column 2: <why>".
std::string parse_error_reason(const std::string& what)
{
  const auto at = what.find("parse error");
  const auto colon = what.find(": ", at == std::string::npos ? 0 : at);
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

} // namespace

namespace detail {

std::optional<core::TimePoint> parse_time(const std::string& text)
{
  core::TimePoint t;
  if (!text.empty() && core::parse_rfc3339(text, t)) {
    return t;
  }
  return std::nullopt;
}

} // namespace detail

core::Result<nlohmann::json> parse_json(std::string_view text, std::string_view source)
{
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    const std::size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    return core::make_error(core::ErrorKind::api, std::string(source) + ":" + std::to_string(line_of(text, byte)) +
                                                    ": invalid JSON: " + parse_error_reason(e.what()));
  } catch (const nlohmann::json::exception& e) {
    return core::make_error(core::ErrorKind::api, std::string(source) + ": invalid JSON: " + e.what());
  }
}

namespace {

// Every field but raw.
core::Result<Instance> instance_fields(const nlohmann::json& j, std::string_view source, std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  Instance out;
  detail::read_instance_fields(r, out);
  OVL_TRY(r.status());
  return out;
}

} // namespace

core::Result<Instance> instance_from_json(const nlohmann::json& j, std::string_view source, std::string_view path)
{
  auto out = instance_fields(j, source, path);
  if (out.ok()) {
    out->raw = j;
  }
  return out;
}

nlohmann::json Instance::json() const
{
  if (!raw.is_null() || raw_text.empty()) {
    return raw;
  }
  return nlohmann::json::parse(raw_text, nullptr, /*allow_exceptions=*/false);
}

std::string Instance::json_text() const
{
  if (!raw_text.empty()) {
    return raw_text;
  }
  // replace: invalid UTF-8 in user text must not throw.
  return raw.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace detail {

core::Result<Instance> instance_from_json_moved(nlohmann::json&& j, std::string_view source, std::string_view path)
{
  auto out = instance_fields(j, source, path);
  if (out.ok()) {
    out->raw = std::move(j);
  }
  return out;
}

} // namespace detail

core::Result<Image> image_from_json(const nlohmann::json& j, std::string_view source, std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  Image out;
  out.id = r.string("id");
  out.compartment_id = r.string("compartmentId");
  out.display_name = r.string("displayName");
  out.operating_system = r.string("operatingSystem");
  out.operating_system_version = r.string("operatingSystemVersion");
  out.lifecycle_state = r.string("lifecycleState");
  out.time_created = r.string("timeCreated");
  out.created_at = parse_time(out.time_created);
  out.size_in_mbs = r.optional_integer("sizeInMBs");
  OVL_TRY(r.status());
  out.raw = j;
  return out;
}

core::Result<Shape> shape_from_json(const nlohmann::json& j, std::string_view source, std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  Shape out;
  out.shape = r.string("shape");
  out.is_flexible = r.boolean("isFlexible");
  out.ocpus = r.number("ocpus");
  out.memory_gb = r.number("memoryInGBs");
  out.processor_description = r.string("processorDescription");
  out.billing_type = r.string("billingType");
  auto ocpu = r.child("ocpuOptions");
  if (ocpu.present()) {
    out.ocpu_options = OcpuOptions{ocpu.number("min"), ocpu.number("max")};
  }
  auto memory = r.child("memoryOptions");
  if (memory.present()) {
    MemoryOptions m;
    m.min_gb = memory.number("minInGBs");
    m.max_gb = memory.number("maxInGBs");
    m.min_per_ocpu_gb = memory.number("minPerOcpuInGBs");
    m.max_per_ocpu_gb = memory.number("maxPerOcpuInGBs");
    m.default_per_ocpu_gb = memory.number("defaultPerOcpuInGBs");
    out.memory_options = m;
  }
  OVL_TRY(r.status());
  out.raw = j;
  return out;
}

core::Result<Subnet> subnet_from_json(const nlohmann::json& j, std::string_view source, std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  Subnet out;
  out.id = r.string("id");
  out.compartment_id = r.string("compartmentId");
  out.vcn_id = r.string("vcnId");
  out.display_name = r.string("displayName");
  out.cidr_block = r.string("cidrBlock");
  out.availability_domain = r.string("availabilityDomain");
  out.prohibit_public_ip_on_vnic = r.boolean("prohibitPublicIpOnVnic");
  out.lifecycle_state = r.string("lifecycleState");
  OVL_TRY(r.status());
  out.raw = j;
  return out;
}

core::Result<AvailabilityDomain> availability_domain_from_json(const nlohmann::json& j, std::string_view source,
                                                               std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  AvailabilityDomain out;
  out.name = r.string("name");
  out.id = r.string("id");
  out.compartment_id = r.string("compartmentId");
  OVL_TRY(r.status());
  out.raw = j;
  return out;
}

core::Result<VnicAttachment> vnic_attachment_from_json(const nlohmann::json& j, std::string_view source,
                                                       std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  VnicAttachment out;
  out.id = r.string("id");
  out.instance_id = r.string("instanceId");
  out.compartment_id = r.string("compartmentId");
  out.availability_domain = r.string("availabilityDomain");
  out.display_name = r.string("displayName");
  out.lifecycle_state = r.string("lifecycleState");
  out.subnet_id = r.string("subnetId");
  out.vnic_id = r.string("vnicId");
  out.nic_index = r.optional_integer("nicIndex");
  OVL_TRY(r.status());
  out.raw = j;
  return out;
}

core::Result<Vnic> vnic_from_json(const nlohmann::json& j, std::string_view source, std::string_view path)
{
  ObjectReader r(j, source, std::string(path));
  Vnic out;
  out.id = r.string("id");
  out.display_name = r.string("displayName");
  out.hostname_label = r.string("hostnameLabel");
  out.is_primary = r.boolean("isPrimary");
  out.lifecycle_state = r.string("lifecycleState");
  out.private_ip = r.string("privateIp");
  out.public_ip = r.string("publicIp");
  out.subnet_id = r.string("subnetId");
  OVL_TRY(r.status());
  out.raw = j;
  return out;
}

} // namespace ocivanilla::api
