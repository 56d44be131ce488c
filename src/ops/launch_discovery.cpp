// Discovery of what a launch leaves out: availability domain, image and subnet.
#include "ocivanilla/ops/launch.hpp"

#include "ops/launch_internal.hpp"

#include <cctype>

namespace ocivanilla::ops {

namespace {

std::string join(const std::vector<std::string>& items)
{
  std::string out;
  for (const auto& item : items) {
    out += (out.empty() ? "" : ", ") + item;
  }
  return out;
}

std::string describe_subnet(const api::Subnet& subnet)
{
  std::string text = subnet.display_name.empty() ? subnet.id : subnet.display_name + " (" + subnet.id + ")";
  std::vector<std::string> notes;
  if (subnet.lifecycle_state != "AVAILABLE") {
    notes.push_back(subnet.lifecycle_state.empty() ? "no state" : subnet.lifecycle_state);
  }
  if (subnet.prohibit_public_ip_on_vnic) {
    notes.emplace_back("private");
  }
  if (!subnet.availability_domain.empty()) {
    notes.push_back("in " + subnet.availability_domain);
  }
  if (!notes.empty()) {
    text += " [" + join(notes) + "]";
  }
  return text;
}

} // namespace

bool is_arm_shape(std::string_view shape)
{
  if (shape.find("Ampere") != std::string_view::npos) {
    return true;
  }
  // ".A<digits>." as in VM.Standard.A1.Flex, BM.Standard.A1.160, VM.Standard.A2.Flex.
  for (std::size_t i = 0; i + 2 < shape.size(); ++i) {
    if (shape[i] != '.' || shape[i + 1] != 'A') {
      continue;
    }
    std::size_t j = i + 2;
    while (j < shape.size() && std::isdigit(static_cast<unsigned char>(shape[j])) != 0) {
      ++j;
    }
    if (j > i + 2 && j < shape.size() && shape[j] == '.') {
      return true;
    }
  }
  return false;
}

const api::Image* pick_image(const std::vector<api::Image>& images, std::string_view shape)
{
  const bool arm = is_arm_shape(shape);
  for (const auto& image : images) {
    if (image.lifecycle_state != "AVAILABLE") {
      continue;
    }
    if (arm && (image.display_name.find("aarch64") == std::string::npos ||
                image.display_name.find("Minimal") != std::string::npos)) {
      continue;
    }
    return &image;
  }
  return nullptr;
}

namespace detail {

core::Result<std::vector<OfferedShape>> offered_shapes(api::ComputeClient& compute, api::IdentityClient& identity,
                                                       std::string_view compartment_id, std::string_view tenancy_id,
                                                       std::string_view shape, bool first_only)
{
  auto domains = identity.list_availability_domains(tenancy_id);
  if (!domains.ok()) {
    return std::move(domains).error();
  }
  if (domains->empty()) {
    return core::make_error(core::ErrorKind::api, "ListAvailabilityDomains returned no availability "
                                                  "domain for tenancy " +
                                                    std::string(tenancy_id));
  }
  std::vector<OfferedShape> out;
  std::vector<std::string> checked;
  for (const auto& domain : *domains) {
    auto shapes = compute.list_shapes(compartment_id, domain.name);
    if (!shapes.ok()) {
      return std::move(shapes).error();
    }
    checked.push_back(domain.name);
    for (auto& candidate : *shapes) {
      if (candidate.shape == shape) {
        out.push_back(OfferedShape{domain.name, std::move(candidate)});
        break;
      }
    }
    if (first_only && !out.empty()) {
      return out;
    }
  }
  if (out.empty()) {
    return core::make_error(core::ErrorKind::usage, "no availability domain offers shape " + std::string(shape) +
                                                      " to compartment " + std::string(compartment_id) + " (checked " +
                                                      join(checked) + ")");
  }
  return out;
}

core::Result<api::Image> discover_image(api::ComputeClient& compute, std::string_view tenancy_id,
                                        const LaunchSpec& spec)
{
  api::ImageFilters filters;
  filters.operating_system = spec.image_os;
  filters.operating_system_version = spec.image_version;
  filters.shape = spec.shape;
  auto images = compute.list_images(tenancy_id, filters);
  if (!images.ok()) {
    return std::move(images).error();
  }
  const auto* image = pick_image(*images, spec.shape);
  if (image == nullptr) {
    const std::string arm_rule = is_arm_shape(spec.shape) ? " (aarch64, not Minimal)" : "";
    return core::make_error(core::ErrorKind::usage, "no AVAILABLE image of " + spec.image_os + " " +
                                                      spec.image_version + " for " + spec.shape + arm_rule +
                                                      " among the " + std::to_string(images->size()) +
                                                      " listed in compartment " + std::string(tenancy_id));
  }
  return *image;
}

core::Result<std::string> discover_subnet(api::ComputeClient& compute, const LaunchSpec& spec,
                                          std::string_view availability_domain)
{
  auto subnets = compute.list_subnets(spec.compartment_id);
  if (!subnets.ok()) {
    return std::move(subnets).error();
  }
  std::vector<const api::Subnet*> usable;
  std::vector<std::string> all;
  for (const auto& subnet : *subnets) {
    all.push_back(describe_subnet(subnet));
    const bool in_ad = subnet.availability_domain.empty() || subnet.availability_domain == availability_domain;
    if (subnet.lifecycle_state == "AVAILABLE" && !subnet.prohibit_public_ip_on_vnic && in_ad) {
      usable.push_back(&subnet);
    }
  }
  if (usable.size() == 1) {
    return usable.front()->id;
  }
  if (usable.empty()) {
    return core::make_error(core::ErrorKind::usage,
                            "no AVAILABLE public subnet for " + std::string(availability_domain) + " in compartment " +
                              spec.compartment_id + " (found: " + (all.empty() ? std::string("none") : join(all)) +
                              "); create one or give a subnet id");
  }
  std::vector<std::string> choices;
  for (const auto* subnet : usable) {
    choices.push_back(describe_subnet(*subnet));
  }
  return core::make_error(core::ErrorKind::usage, std::to_string(usable.size()) + " public subnets in compartment " +
                                                    spec.compartment_id + ": " + join(choices) +
                                                    "; choose one with a subnet id");
}

} // namespace detail

} // namespace ocivanilla::ops
