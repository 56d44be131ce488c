#include "scenario.hpp"

#include "catalog.hpp"
#include "yaml_reader.hpp"

#include <fstream>
#include <sstream>

namespace ocivanilla::sim {

namespace {

const std::vector<std::string_view> k_instance_states = {"MOVING",         "PROVISIONING", "RUNNING",
                                                         "STARTING",       "STOPPING",     "STOPPED",
                                                         "CREATING_IMAGE", "TERMINATING",  "TERMINATED"};

template <typename Fn>
void for_each_item(const MapReader& map, std::string_view key, Fn fn)
{
  const YAML::Node list = map.child(key);
  if (!list || list.IsNull()) {
    return;
  }
  if (!list.IsSequence()) {
    map.fail(list, std::string(key) + " must be a list");
  }
  std::size_t index = 0;
  for (const auto& item : list) {
    fn(MapReader(item, std::string(key) + "[" + std::to_string(index) + "]"));
    ++index;
  }
}

void read_shape_config(const MapReader& map, InstanceSeed& seed)
{
  if (!map.has("shapeConfig")) {
    return;
  }
  const MapReader config(map.child("shapeConfig"), map.path("shapeConfig"));
  config.allow_only({"ocpus", "memoryInGBs"});
  seed.ocpus = config.optional_number("ocpus");
  seed.memory_gb = config.optional_number("memoryInGBs");
}

void read_instance_fields(const MapReader& map, InstanceSeed& seed)
{
  seed.line = line_of(map.node());
  seed.shape = map.optional_string("shape").value_or(seed.shape);
  if (find_shape(seed.shape) == nullptr) {
    map.fail(map.child("shape"), map.path("shape") + " '" + seed.shape + "' is not in the shape catalog");
  }
  read_shape_config(map, seed);
  seed.lifecycle_state = map.optional_string("lifecycleState").value_or(seed.lifecycle_state);
  if (std::find(k_instance_states.begin(), k_instance_states.end(), seed.lifecycle_state) == k_instance_states.end()) {
    map.fail(map.child("lifecycleState"),
             map.path("lifecycleState") + " '" + seed.lifecycle_state + "' is not an instance state");
  }
  seed.availability_domain = map.optional_string("availabilityDomain").value_or("");
  seed.compartment_id = map.optional_string("compartmentId").value_or("");
  seed.image_id = map.optional_string("imageId").value_or("");
  seed.subnet_id = map.optional_string("subnetId").value_or("");
  seed.assign_public_ip = map.optional_bool("assignPublicIp");
  seed.freeform_tags = map.string_map("freeformTags");
  if (map.has("definedTags")) {
    seed.defined_tags = map.as_json("definedTags");
  }
  seed.fault_domain = map.optional_string("faultDomain").value_or(seed.fault_domain);
}

InstanceSeed read_instance(const MapReader& map)
{
  map.allow_only({"displayName", "id", "shape", "shapeConfig", "lifecycleState", "availabilityDomain", "compartmentId",
                  "imageId", "subnetId", "assignPublicIp", "freeformTags", "definedTags", "timeCreated",
                  "faultDomain"});
  InstanceSeed seed;
  seed.display_name = map.required_string("displayName");
  seed.id = map.optional_string("id").value_or("");
  seed.time_created = map.optional_time("timeCreated");
  read_instance_fields(map, seed);
  return seed;
}

GenerateSpec read_generate(const MapReader& map)
{
  map.allow_only({"count", "prefix", "shape", "shapeConfig", "lifecycleState", "availabilityDomain", "compartmentId",
                  "imageId", "subnetId", "assignPublicIp", "freeformTags", "definedTags", "faultDomain"});
  GenerateSpec spec;
  const auto count = map.optional_integer("count");
  if (!count || *count < 1 || *count > 1'000'000) {
    map.fail(map.child("count"), "generate.count is required and must be 1..1000000");
  }
  spec.count = *count;
  spec.prefix = map.required_string("prefix");
  read_instance_fields(map, spec.base);
  return spec;
}

const std::vector<std::pair<std::string_view, FaultType>> k_fault_types = {
  {"out_of_capacity", FaultType::out_of_capacity}, {"throttle", FaultType::throttle},
  {"unavailable", FaultType::unavailable},         {"internal_error", FaultType::internal_error},
  {"drop_connection", FaultType::drop_connection}, {"delay", FaultType::delay},
  {"truncated_body", FaultType::truncated_body},   {"invalid_json", FaultType::invalid_json},
  {"extra_fields", FaultType::extra_fields},
};

Fault read_fault(const MapReader& map)
{
  map.allow_only({"type", "count", "method", "path", "availabilityDomain", "retryAfterSeconds", "milliseconds"});
  Fault fault;
  const std::string type = map.required_string("type");
  auto it = std::find_if(k_fault_types.begin(), k_fault_types.end(), [&](const auto& p) { return p.first == type; });
  if (it == k_fault_types.end()) {
    map.fail(map.child("type"), map.path("type") + " '" + type + "' is not a fault type");
  }
  fault.type = it->second;
  fault.count = map.optional_integer("count");
  if (fault.count && *fault.count < 1) {
    map.fail(map.child("count"), map.path("count") + " must be >= 1");
  }
  if (!fault.count && fault.type != FaultType::delay) {
    fault.count = 1;
  }
  fault.method = map.optional_string("method").value_or("");
  fault.path = map.optional_string("path").value_or("");
  fault.availability_domain = map.optional_string("availabilityDomain").value_or("");
  fault.retry_after_seconds = map.optional_integer("retryAfterSeconds");
  if (fault.type == FaultType::delay) {
    const auto ms = map.optional_integer("milliseconds");
    if (!ms || *ms < 0 || *ms > 600'000) {
      map.fail(map.child("milliseconds"), map.path("milliseconds") + " is required for a delay (0..600000)");
    }
    fault.milliseconds = *ms;
  }
  return fault;
}

Image read_image(const MapReader& map)
{
  map.allow_only({"id", "displayName", "operatingSystem", "operatingSystemVersion", "arch", "timeCreated", "sizeInMBs",
                  "lifecycleState"});
  Image image;
  image.id = map.required_string("id");
  image.display_name = map.required_string("displayName");
  image.operating_system = map.required_string("operatingSystem");
  image.operating_system_version = map.required_string("operatingSystemVersion");
  image.arch = map.required_string("arch");
  if (image.arch != "aarch64" && image.arch != "x86_64") {
    map.fail(map.child("arch"), map.path("arch") + " must be aarch64 or x86_64, got '" + image.arch + "'");
  }
  const auto time = map.optional_time("timeCreated");
  if (!time) {
    map.fail(map.node(), map.path("timeCreated") + " is required");
  }
  image.time_created = *time;
  image.size_in_mbs = map.optional_integer("sizeInMBs").value_or(image.size_in_mbs);
  image.lifecycle_state = map.optional_string("lifecycleState").value_or(image.lifecycle_state);
  return image;
}

Subnet read_subnet(const MapReader& map, const std::string& tenancy)
{
  map.allow_only(
    {"id", "displayName", "vcnId", "cidrBlock", "public", "compartmentId", "availabilityDomain", "dnsLabel"});
  Subnet subnet;
  subnet.id = map.required_string("id");
  subnet.display_name = map.required_string("displayName");
  subnet.vcn_id = map.required_string("vcnId");
  subnet.cidr_block = map.required_string("cidrBlock");
  const auto is_public = map.optional_bool("public");
  if (!is_public) {
    map.fail(map.node(), map.path("public") + " is required");
  }
  subnet.is_public = *is_public;
  subnet.compartment_id = map.optional_string("compartmentId").value_or(tenancy);
  subnet.availability_domain = map.optional_string("availabilityDomain");
  subnet.dns_label = map.optional_string("dnsLabel").value_or("");
  return subnet;
}

std::string read_file(const std::filesystem::path& path, bool& ok)
{
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TrustedKey read_key(const MapReader& map, const std::filesystem::path& base_dir)
{
  map.allow_only({"keyId", "publicKeyPem", "publicKeyFile"});
  const std::string key_id = map.required_string("keyId");
  std::string pem;
  std::string source = map.path("publicKeyPem");
  if (auto inline_pem = map.optional_string("publicKeyPem")) {
    pem = *inline_pem;
  } else if (auto file = map.optional_string("publicKeyFile")) {
    const std::filesystem::path path = std::filesystem::path(*file).is_absolute() ? std::filesystem::path(*file)
                                                                                  : base_dir / *file;
    bool ok = false;
    pem = read_file(path, ok);
    source = path.string();
    if (!ok) {
      map.fail(map.child("publicKeyFile"), "cannot read " + path.string());
    }
  } else {
    map.fail(map.node(), map.path("publicKeyPem") + " or publicKeyFile is required");
  }
  auto key = PublicKey::from_pem(pem, source);
  if (!key) {
    map.fail(map.node(), key.error().message);
  }
  return TrustedKey{key_id, *key};
}

void read_availability_domains(const MapReader& root, Scenario& s)
{
  for_each_item(root, "availabilityDomains", [&](const MapReader& map) {
    map.allow_only({"name", "id", "shapes"});
    AvailabilityDomain ad;
    ad.name = map.required_string("name");
    ad.id = map.optional_string("id").value_or("ocid1.availabilitydomain.oc1..sim" +
                                               std::to_string(s.availability_domains.size() + 1));
    const YAML::Node shapes = map.child("shapes");
    if (shapes && !shapes.IsSequence()) {
      map.fail(shapes, map.path("shapes") + " must be a list");
    }
    for (const auto& shape : shapes) {
      if (!shape.IsScalar() || find_shape(shape.Scalar()) == nullptr) {
        map.fail(shape, map.path("shapes") + ": '" + shape.Scalar() + "' is not in the shape catalog");
      }
      ad.shapes.push_back(shape.Scalar());
    }
    s.availability_domains.push_back(std::move(ad));
  });
  if (s.availability_domains.empty()) {
    root.fail(root.node(), "availabilityDomains is required and must not be empty");
  }
}

void read_instance_principal(const MapReader& root, Scenario& s)
{
  if (!root.has("instancePrincipal")) {
    return;
  }
  const MapReader map(root.child("instancePrincipal"), "instancePrincipal");
  map.allow_only({"tenancyId", "instanceId", "metadataRegion", "tokenLifetimeSeconds"});
  InstancePrincipalConfig config;
  config.tenancy_id = map.optional_string("tenancyId").value_or(s.tenancy_id);
  config.instance_id = map.optional_string("instanceId").value_or("ocid1.instance.oc1..siminstanceprincipal");
  config.metadata_region = map.optional_string("metadataRegion").value_or(s.region);
  const auto lifetime = map.optional_integer("tokenLifetimeSeconds").value_or(3600);
  if (lifetime < 1 || lifetime > 86400) {
    map.fail(map.child("tokenLifetimeSeconds"), map.path("tokenLifetimeSeconds") + " must be 1..86400");
  }
  config.token_lifetime_seconds = lifetime;
  s.instance_principal = std::move(config);
}

void read_settings(const MapReader& root, Scenario& s)
{
  read_instance_principal(root, s);
  if (root.has("limits")) {
    const MapReader limits(root.child("limits"), "limits");
    limits.allow_only({"a1Ocpus", "a1MemoryInGBs"});
    s.limits.a1_ocpus = limits.optional_number("a1Ocpus").value_or(s.limits.a1_ocpus);
    s.limits.a1_memory_gb = limits.optional_number("a1MemoryInGBs").value_or(s.limits.a1_memory_gb);
  }
  if (root.has("timing")) {
    const MapReader timing(root.child("timing"), "timing");
    timing.allow_only({"provisioningSeconds", "terminatingSeconds", "stoppingSeconds", "startingSeconds"});
    s.timing.provisioning_seconds = timing.optional_number("provisioningSeconds").value_or(0);
    s.timing.terminating_seconds = timing.optional_number("terminatingSeconds").value_or(0);
    s.timing.stopping_seconds = timing.optional_number("stoppingSeconds").value_or(0);
    s.timing.starting_seconds = timing.optional_number("startingSeconds").value_or(0);
  }
}

Scenario read_scenario(const YAML::Node& doc, const std::filesystem::path& base_dir)
{
  const MapReader root(doc, "");
  root.allow_only({"tenancyId", "region", "compartments", "availabilityDomains", "images", "subnets", "keys", "limits",
                   "timing", "instances", "generate", "faults", "instancePrincipal"});
  Scenario s;
  s.tenancy_id = root.required_string("tenancyId");
  s.region = root.required_string("region");
  for_each_item(root, "compartments", [&](const MapReader& map) {
    map.allow_only({"id", "name"});
    s.compartments.push_back(Compartment{map.required_string("id"), map.optional_string("name").value_or("")});
  });
  read_availability_domains(root, s);
  for_each_item(root, "images", [&](const MapReader& map) { s.images.push_back(read_image(map)); });
  for_each_item(root, "subnets", [&](const MapReader& map) { s.subnets.push_back(read_subnet(map, s.tenancy_id)); });
  for_each_item(root, "keys", [&](const MapReader& map) { s.keys.push_back(read_key(map, base_dir)); });
  read_settings(root, s);
  for_each_item(root, "instances", [&](const MapReader& map) { s.instances.push_back(read_instance(map)); });
  if (root.has("generate")) {
    s.generate = read_generate(MapReader(root.child("generate"), "generate"));
  }
  for_each_item(root, "faults", [&](const MapReader& map) { s.faults.push_back(read_fault(map)); });
  return s;
}

template <typename T, typename Fn>
core::Result<T> guarded(std::string_view text, std::string_view source, Fn fn)
{
  try {
    const YAML::Node doc = YAML::Load(std::string(text));
    return fn(doc);
  } catch (const YamlError& e) {
    return core::make_error(core::ErrorKind::config,
                            std::string(source) + ":" + std::to_string(e.line) + ": " + e.what());
  } catch (const YAML::Exception& e) {
    return core::make_error(core::ErrorKind::config,
                            std::string(source) + ":" + std::to_string(e.mark.line + 1) + ": " + e.msg);
  }
}

} // namespace

core::Result<Scenario> parse_scenario(std::string_view text, std::string_view source,
                                      const std::filesystem::path& base_dir)
{
  return guarded<Scenario>(text, source, [&](const YAML::Node& doc) { return read_scenario(doc, base_dir); });
}

core::Result<Fault> parse_fault(std::string_view text, std::string_view source)
{
  return guarded<Fault>(text, source, [](const YAML::Node& doc) { return read_fault(MapReader(doc, "fault")); });
}

core::Result<InstanceSeed> parse_instance_seed(std::string_view text, std::string_view source)
{
  return guarded<InstanceSeed>(text, source,
                               [](const YAML::Node& doc) { return read_instance(MapReader(doc, "instance")); });
}

std::string_view to_string(FaultType type)
{
  for (const auto& [name, value] : k_fault_types) {
    if (value == type) {
      return name;
    }
  }
  return "unknown";
}

nlohmann::json fault_json(const Fault& fault)
{
  nlohmann::json j = {{"type", to_string(fault.type)}};
  j["count"] = fault.count ? nlohmann::json(*fault.count) : nlohmann::json();
  if (!fault.method.empty()) {
    j["method"] = fault.method;
  }
  if (!fault.path.empty()) {
    j["path"] = fault.path;
  }
  if (!fault.availability_domain.empty()) {
    j["availabilityDomain"] = fault.availability_domain;
  }
  if (fault.retry_after_seconds) {
    j["retryAfterSeconds"] = *fault.retry_after_seconds;
  }
  if (fault.type == FaultType::delay) {
    j["milliseconds"] = fault.milliseconds;
  }
  return j;
}

} // namespace ocivanilla::sim
