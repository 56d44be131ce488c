#include "ocivanilla/ops/launch.hpp"

#include "ocivanilla/core/encoding.hpp"

#include "ocivanilla/core/text.hpp"
#include "ocivanilla/core/url.hpp"
#include "ocivanilla/ops/tags.hpp"
#include "ops/launch_internal.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <sstream>

namespace ocivanilla::ops {

namespace {

constexpr std::string_view k_a1_flex = "VM.Standard.A1.Flex";
constexpr std::string_view k_micro = "VM.Standard.E2.1.Micro";
constexpr double k_a1_max_ocpus = 80;
constexpr double k_a1_max_memory_gb = 512;
constexpr double k_a1_max_gb_per_ocpu = 64;
constexpr int k_min_boot_volume_gb = 50;
constexpr int k_max_boot_volume_gb = 32768;
constexpr std::size_t k_max_display_name = 255;
constexpr std::size_t k_max_retry_token = 64;
constexpr std::size_t k_retry_token_length = 32;
constexpr std::size_t k_max_metadata_bytes = 32000;

core::Error usage(std::string message)
{
  return core::make_error(core::ErrorKind::usage, std::move(message));
}

std::string format_number(double value)
{
  std::ostringstream out;
  out.precision(15);
  out << value;
  return out.str();
}

// A whole number as a JSON integer (2, not 2.0), anything else as a double.
nlohmann::json json_number(double value)
{
  if (std::trunc(value) == value && std::fabs(value) < 1e15) {
    return static_cast<std::int64_t>(value);
  }
  return value;
}

core::Status check_range(std::string_view what, double value, double low, double high, std::string_view context)
{
  if (!std::isfinite(value) || value < low || value > high) {
    return usage(std::string(what) + " is out of range for " + std::string(context) + ": " + format_number(low) +
                 " to " + format_number(high));
  }
  return core::Ok{};
}

core::Status validate_sizes(const LaunchSpec& spec)
{
  if (is_flexible_shape(spec.shape)) {
    if (!spec.ocpus.has_value() || !spec.memory_gb.has_value()) {
      return usage("shape " + spec.shape + " is flexible: OCPUs and memory are required");
    }
    const double ocpus = *spec.ocpus;
    const double memory = *spec.memory_gb;
    if (spec.shape == k_a1_flex) {
      OVL_TRY(check_range("ocpus " + format_number(ocpus), ocpus, 1, k_a1_max_ocpus, spec.shape));
      const double low = std::max(1.0, ocpus);
      const double high = std::min(k_a1_max_memory_gb, ocpus * k_a1_max_gb_per_ocpu);
      const auto context = format_number(ocpus) + " OCPUs of " + spec.shape + " (1 to 64 GB per OCPU, at most 512 GB)";
      return check_range("memory " + format_number(memory) + " GB", memory, low, high, context);
    }
    if (!std::isfinite(ocpus) || ocpus <= 0 || !std::isfinite(memory) || memory <= 0) {
      return usage("shape " + spec.shape + " needs OCPUs and memory greater than 0, got " + format_number(ocpus) +
                   " OCPUs / " + format_number(memory) + " GB");
    }
    return core::Ok{};
  }
  if (spec.shape == k_micro && (spec.ocpus.value_or(1) != 1 || spec.memory_gb.value_or(1) != 1)) {
    return usage(std::string(k_micro) + " has a fixed size of 1 OCPU and 1 GB, got " +
                 format_number(spec.ocpus.value_or(1)) + " OCPUs / " + format_number(spec.memory_gb.value_or(1)) +
                 " GB");
  }
  return core::Ok{};
}

// The discovered shape's own ranges (ListShapes), for flexible shapes other than A1 too.
core::Status validate_against_shape(const LaunchSpec& spec, const api::Shape& shape)
{
  if (!is_flexible_shape(spec.shape) || !spec.ocpus.has_value() || !spec.memory_gb.has_value()) {
    return core::Ok{};
  }
  if (shape.ocpu_options.has_value() && shape.ocpu_options->max > 0) {
    OVL_TRY(check_range("ocpus " + format_number(*spec.ocpus), *spec.ocpus, shape.ocpu_options->min,
                        shape.ocpu_options->max, spec.shape + " (ListShapes)"));
  }
  if (shape.memory_options.has_value() && shape.memory_options->max_gb > 0) {
    const auto& m = *shape.memory_options;
    const double low = std::max(m.min_gb, m.min_per_ocpu_gb * *spec.ocpus);
    const double high = m.max_per_ocpu_gb > 0 ? std::min(m.max_gb, m.max_per_ocpu_gb * *spec.ocpus) : m.max_gb;
    OVL_TRY(check_range("memory " + format_number(*spec.memory_gb) + " GB", *spec.memory_gb, low, high,
                        format_number(*spec.ocpus) + " OCPUs of " + spec.shape + " (ListShapes)"));
  }
  return core::Ok{};
}

core::Result<std::optional<std::string>> resolve_ssh_key(const LaunchSpec& spec, const SshKeyFinder& find_ssh_key)
{
  std::optional<std::string> key = spec.ssh_public_key;
  if (!key.has_value()) {
    if (spec.no_ssh_key) {
      return std::optional<std::string>{};
    }
    if (find_ssh_key) {
      auto found = find_ssh_key();
      if (!found.ok()) {
        return std::move(found).error();
      }
      key = std::move(found).value();
    }
    if (!key.has_value()) {
      return usage("no SSH public key found (flag, plan, ~/.ssh/id_ed25519.pub, ~/.ssh/id_rsa.pub); "
                   "give a key file or launch without a key on purpose");
    }
  }
  auto text = std::string(core::trim(*key));
  if (text.empty()) {
    return usage("the SSH public key for " + spec.display_name + " is empty");
  }
  return std::optional<std::string>(std::move(text));
}

nlohmann::json build_details(const LaunchSpec& spec, const PreparedLaunch& prepared,
                             const std::optional<std::string>& ssh_key)
{
  nlohmann::json details = {
    {"availabilityDomain", prepared.availability_domain},
    {"compartmentId", spec.compartment_id},
    {"displayName", spec.display_name},
    {"shape", spec.shape},
    {"sourceDetails",
     {{"sourceType", "image"}, {"imageId", prepared.image_id}, {"bootVolumeSizeInGBs", spec.boot_volume_gb}}},
    {"createVnicDetails",
     {{"subnetId", prepared.subnet_id}, {"assignPublicIp", true}, {"displayName", spec.display_name + "-vnic"}}},
    {"freeformTags", spec.freeform_tags},
  };
  if (is_flexible_shape(spec.shape)) {
    details["shapeConfig"] = {{"ocpus", json_number(*spec.ocpus)}, {"memoryInGBs", json_number(*spec.memory_gb)}};
  }
  nlohmann::json metadata = nlohmann::json::object();
  if (ssh_key.has_value()) {
    metadata["ssh_authorized_keys"] = *ssh_key;
  }
  if (!spec.user_data.empty()) {
    metadata["user_data"] = core::base64_encode(spec.user_data);
  }
  if (!metadata.empty()) {
    details["metadata"] = std::move(metadata);
  }
  return details;
}

core::Status check_metadata_size(const LaunchSpec& spec, const std::optional<std::string>& ssh_key)
{
  const std::size_t user_data = spec.user_data.empty() ? 0 : (spec.user_data.size() + 2) / 3 * 4;
  const std::size_t total = user_data + (ssh_key.has_value() ? ssh_key->size() : 0);
  if (total > k_max_metadata_bytes) {
    return usage("user data and SSH key take " + std::to_string(total) +
                 " bytes of metadata once encoded; the API accepts at most " + std::to_string(k_max_metadata_bytes));
  }
  return core::Ok{};
}

} // namespace

bool is_flexible_shape(std::string_view shape)
{
  constexpr std::string_view k_suffix = ".Flex";
  return shape.size() >= k_suffix.size() && shape.substr(shape.size() - k_suffix.size()) == k_suffix;
}

core::Status validate_launch_spec(const LaunchSpec& spec)
{
  if (spec.compartment_id.empty()) {
    return usage("no compartment id for the launch of '" + spec.display_name + "'");
  }
  if (spec.display_name.empty() || spec.display_name.size() > k_max_display_name) {
    return usage("display name must be 1 to 255 characters, got " + std::to_string(spec.display_name.size()));
  }
  if (spec.shape.empty()) {
    return usage("no shape for the launch of '" + spec.display_name + "'");
  }
  if (spec.boot_volume_gb < k_min_boot_volume_gb || spec.boot_volume_gb > k_max_boot_volume_gb) {
    return usage("boot volume " + std::to_string(spec.boot_volume_gb) + " GB is out of range: " +
                 std::to_string(k_min_boot_volume_gb) + " to " + std::to_string(k_max_boot_volume_gb) + " GB");
  }
  OVL_TRY(validate_sizes(spec));
  if (spec.image_id.empty() && (spec.image_os.empty() || spec.image_version.empty())) {
    return usage("no image for '" + spec.display_name + "': give an image OCID or an operating system and its version");
  }
  OVL_TRY(validate_tags(spec.freeform_tags));
  if (spec.retry_token.size() > k_max_retry_token) {
    return usage("retry token is longer than 64 characters");
  }
  return core::Ok{};
}

core::Result<PreparedLaunch> prepare_launch(api::ComputeClient& compute, api::IdentityClient& identity,
                                            const LaunchSpec& spec, const SshKeyFinder& find_ssh_key,
                                            DomainSearch search)
{
  OVL_TRY(validate_launch_spec(spec));
  auto ssh_key = resolve_ssh_key(spec, find_ssh_key);
  if (!ssh_key.ok()) {
    return std::move(ssh_key).error();
  }
  OVL_TRY(check_metadata_size(spec, *ssh_key));
  const std::string tenancy = spec.tenancy_id.empty() ? spec.compartment_id : spec.tenancy_id;

  PreparedLaunch prepared;
  prepared.availability_domain = spec.availability_domain;
  if (prepared.availability_domain.empty()) {
    auto offered = detail::offered_shapes(compute, identity, spec.compartment_id, tenancy, spec.shape,
                                          search == DomainSearch::first);
    if (!offered.ok()) {
      return std::move(offered).error();
    }
    OVL_TRY(validate_against_shape(spec, offered->front().shape));
    prepared.availability_domain = offered->front().availability_domain;
    for (const auto& entry : *offered) {
      prepared.offering_domains.push_back(entry.availability_domain);
    }
  } else {
    prepared.offering_domains.push_back(prepared.availability_domain);
  }
  prepared.image_id = spec.image_id;
  if (prepared.image_id.empty()) {
    auto image = detail::discover_image(compute, tenancy, spec);
    if (!image.ok()) {
      return std::move(image).error();
    }
    prepared.image_id = image->id;
    prepared.image_name = image->display_name;
  }
  prepared.subnet_id = spec.subnet_id;
  if (prepared.subnet_id.empty()) {
    auto subnet = detail::discover_subnet(compute, spec, prepared.availability_domain);
    if (!subnet.ok()) {
      return std::move(subnet).error();
    }
    prepared.subnet_id = std::move(subnet).value();
  }
  prepared.has_ssh_key = ssh_key->has_value();
  prepared.details = build_details(spec, prepared, *ssh_key);
  return retarget_launch(compute, prepared, prepared.availability_domain,
                         spec.retry_token.empty() ? generate_retry_token() : spec.retry_token);
}

PreparedLaunch retarget_launch(const api::ComputeClient& compute, const PreparedLaunch& prepared,
                               std::string_view availability_domain, std::string retry_token)
{
  PreparedLaunch out = prepared;
  out.availability_domain = std::string(availability_domain);
  out.details["availabilityDomain"] = out.availability_domain;
  out.retry_token = std::move(retry_token);
  out.request = compute.launch_request(out.details, out.retry_token);
  auto url = core::parse_url(out.request.url);
  out.path = url.ok() ? url->target : out.request.url;
  return out;
}

core::Result<api::InstanceReply> send_launch(api::ComputeClient& compute, const PreparedLaunch& prepared)
{
  return compute.launch_instance(prepared.details, prepared.retry_token);
}

core::Result<LaunchOutcome> launch_instance(api::ComputeClient& compute, api::IdentityClient& identity,
                                            const LaunchSpec& spec, const SshKeyFinder& find_ssh_key)
{
  auto prepared = prepare_launch(compute, identity, spec, find_ssh_key);
  if (!prepared.ok()) {
    return std::move(prepared).error();
  }
  LaunchOutcome outcome;
  outcome.prepared = std::move(prepared).value();
  if (spec.dry_run) {
    return outcome;
  }
  auto launched = send_launch(compute, outcome.prepared);
  if (!launched.ok()) {
    return std::move(launched).error();
  }
  outcome.launched = std::move(launched).value();
  return outcome;
}

std::string generate_retry_token()
{
  static constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::mt19937_64 engine(device());
  std::uniform_int_distribution<std::size_t> pick(0, k_alphabet.size() - 1);
  std::string token(k_retry_token_length, 'A');
  for (auto& c : token) {
    c = k_alphabet[pick(engine)];
  }
  return token;
}

} // namespace ocivanilla::ops
