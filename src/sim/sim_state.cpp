#include "simulator.hpp"

#include <cstdio>

namespace ocivanilla::sim {

namespace {

std::string hex(unsigned long long value, int width)
{
  char buf[32];
  std::snprintf(buf, sizeof buf, "%0*llx", width, value);
  return buf;
}

// "10.0.0.0/24" -> first address and size; false when it is not an IPv4 CIDR.
bool parse_cidr(const std::string& cidr, unsigned long& base, unsigned long& size)
{
  unsigned a = 0;
  unsigned b = 0;
  unsigned c = 0;
  unsigned d = 0;
  unsigned prefix = 0;
  if (std::sscanf(cidr.c_str(), "%u.%u.%u.%u/%u", &a, &b, &c, &d, &prefix) != 5 || prefix < 8 || prefix > 30 ||
      a > 255 || b > 255 || c > 255 || d > 255) {
    return false;
  }
  size = 1UL << (32 - prefix);
  base = ((a << 24) | (b << 16) | (c << 8) | d) & ~(size - 1);
  return true;
}

std::string ipv4(unsigned long value)
{
  return std::to_string((value >> 24) & 255) + "." + std::to_string((value >> 16) & 255) + "." +
         std::to_string((value >> 8) & 255) + "." + std::to_string(value & 255);
}

std::chrono::milliseconds seconds_to_ms(double seconds)
{
  return std::chrono::milliseconds{static_cast<long long>(seconds * 1000.0)};
}

} // namespace

std::string Simulator::new_id(std::string_view kind)
{
  static constexpr std::string_view k_alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string suffix;
  for (int i = 0; i < 32; ++i) {
    suffix += k_alphabet[m_random() % k_alphabet.size()];
  }
  return "ocid1." + std::string(kind) + ".oc1." + m_scenario.region + ".anthelj" + suffix;
}

std::string Simulator::new_request_id()
{
  std::string out;
  for (int i = 0; i < 3; ++i) {
    out += (i == 0 ? "" : "/") + hex(m_random(), 16) + hex(m_random(), 16);
  }
  return out;
}

std::string Simulator::region_code() const
{
  if (m_scenario.region == "us-phoenix-1") {
    return "phx";
  }
  if (m_scenario.region == "us-ashburn-1") {
    return "iad";
  }
  return m_scenario.region;
}

void Simulator::touch(Instance& instance)
{
  instance.etag = hex(++m_etag_counter, 8) + hex(m_random(), 16);
}

void Simulator::start_transition(Instance& instance, std::string now_state, std::string next_state, double seconds)
{
  instance.state = std::move(now_state);
  instance.pending_state = std::move(next_state);
  instance.pending_due = now() + seconds_to_ms(seconds);
  touch(instance);
}

void Simulator::advance_all()
{
  const core::TimePoint t = now();
  for (auto& instance : m_instances) {
    if (!instance.pending_state.empty() && instance.pending_due <= t) {
      instance.state = instance.pending_state;
      instance.pending_state.clear();
      touch(instance);
    }
  }
}

Instance* Simulator::find_instance(const std::string& id)
{
  auto it = m_instance_index.find(id);
  return it == m_instance_index.end() ? nullptr : &m_instances[it->second];
}

const Compartment* Simulator::find_compartment(const std::string& id) const
{
  for (const auto& c : m_scenario.compartments) {
    if (c.id == id) {
      return &c;
    }
  }
  return nullptr;
}

const AvailabilityDomain* Simulator::find_ad(const std::string& name) const
{
  for (const auto& ad : m_scenario.availability_domains) {
    if (ad.name == name) {
      return &ad;
    }
  }
  return nullptr;
}

const Image* Simulator::find_image(const std::string& id) const
{
  for (const auto& image : m_scenario.images) {
    if (image.id == id) {
      return &image;
    }
  }
  return nullptr;
}

const Subnet* Simulator::find_subnet(const std::string& id) const
{
  for (const auto& subnet : m_scenario.subnets) {
    if (subnet.id == id) {
      return &subnet;
    }
  }
  return nullptr;
}

double Simulator::a1_ocpus_in_use() const
{
  double total = 0;
  for (const auto& i : m_instances) {
    if (i.shape == k_a1_flex && i.state != "TERMINATED") {
      total += i.size.ocpus;
    }
  }
  return total;
}

double Simulator::a1_memory_in_use() const
{
  double total = 0;
  for (const auto& i : m_instances) {
    if (i.shape == k_a1_flex && i.state != "TERMINATED") {
      total += i.size.memory_gb;
    }
  }
  return total;
}

void Simulator::attach_vnic(Instance& instance, const Subnet& subnet, bool public_ip)
{
  ++m_ip_counter;
  unsigned long base = 0;
  unsigned long size = 0;
  if (!parse_cidr(subnet.cidr_block, base, size)) {
    parse_cidr("10.0.0.0/16", base, size);
  }
  instance.private_ip = ipv4(base + 2 + (m_ip_counter - 1) % (size - 3));
  if (public_ip) {
    const unsigned long n = (m_ip_counter - 1) % 508;
    instance.public_ip = (n < 254 ? "203.0.113." : "198.51.100.") + std::to_string(n % 254 + 1);
  }
  instance.vnic_id = new_id("vnic");
  instance.vnic_attachment_id = new_id("vnicattachment");
  m_vnic_index[instance.vnic_id] = m_instance_index[instance.id];
}

core::Result<std::string> Simulator::create_instance(const InstanceSeed& seed, core::TimePoint time_created)
{
  const ShapeSpec* spec = find_shape(seed.shape);
  if (spec == nullptr) {
    return core::make_error(core::ErrorKind::config, "shape '" + seed.shape + "' is not in the shape catalog");
  }
  Instance instance;
  if (auto error = resolve_shape_size(*spec, seed.ocpus, seed.memory_gb, instance.size)) {
    return core::make_error(core::ErrorKind::config, *error);
  }
  instance.availability_domain = seed.availability_domain;
  if (instance.availability_domain.empty()) {
    for (const auto& ad : m_scenario.availability_domains) {
      if (std::find(ad.shapes.begin(), ad.shapes.end(), seed.shape) != ad.shapes.end()) {
        instance.availability_domain = ad.name;
        break;
      }
    }
  }
  if (find_ad(instance.availability_domain) == nullptr) {
    return core::make_error(core::ErrorKind::config,
                            "no availability domain '" + instance.availability_domain + "' offers " + seed.shape);
  }
  instance.compartment_id = seed.compartment_id.empty() ? m_scenario.tenancy_id : seed.compartment_id;
  if (find_compartment(instance.compartment_id) == nullptr) {
    return core::make_error(core::ErrorKind::config, "compartmentId '" + instance.compartment_id + "' is unknown");
  }
  instance.image_id = seed.image_id;
  if (instance.image_id.empty()) {
    const Image* newest = nullptr;
    for (const auto& image : m_scenario.images) {
      if (image.arch == spec->arch && (newest == nullptr || image.time_created > newest->time_created)) {
        newest = &image;
      }
    }
    instance.image_id = newest != nullptr ? newest->id : "";
  }
  if (find_image(instance.image_id) == nullptr) {
    return core::make_error(core::ErrorKind::config,
                            "imageId '" + instance.image_id + "' is not an image of the scenario");
  }
  const Subnet* subnet = seed.subnet_id.empty() ? (m_scenario.subnets.empty() ? nullptr : &m_scenario.subnets[0])
                                                : find_subnet(seed.subnet_id);
  if (subnet == nullptr) {
    return core::make_error(core::ErrorKind::config,
                            "subnetId '" + seed.subnet_id + "' is not a subnet of the scenario");
  }
  instance.id = seed.id.empty() ? new_id("instance") : seed.id;
  if (m_instance_index.count(instance.id) != 0) {
    return core::make_error(core::ErrorKind::config, "instance id '" + instance.id + "' is used twice");
  }
  instance.display_name = seed.display_name;
  instance.shape = seed.shape;
  instance.state = seed.lifecycle_state;
  instance.time_created = time_created;
  instance.subnet_id = subnet->id;
  instance.freeform_tags = seed.freeform_tags;
  instance.defined_tags = seed.defined_tags;
  instance.fault_domain = seed.fault_domain;
  instance.hostname_label = seed.display_name;
  instance.vnic_display_name = seed.display_name + "-vnic";
  touch(instance);
  m_instance_index[instance.id] = m_instances.size();
  m_instances.push_back(std::move(instance));
  Instance& stored = m_instances.back();
  attach_vnic(stored, *subnet, seed.assign_public_ip.value_or(subnet->is_public) && subnet->is_public);
  return stored.id;
}

} // namespace ocivanilla::sim
