#include "simulator.hpp"

namespace ocivanilla::sim {

namespace {

std::string rfc3339(core::TimePoint t)
{
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count() % 1000;
  std::string text = core::format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(t));
  char buf[8];
  std::snprintf(buf, sizeof buf, ".%03lldZ", static_cast<long long>(ms));
  return text.substr(0, text.size() - 1) + buf;
}

nlohmann::json default_agent_config()
{
  return {{"areAllPluginsDisabled", false},
          {"isManagementDisabled", false},
          {"isMonitoringDisabled", false},
          {"pluginsConfig", nlohmann::json::array()}};
}

nlohmann::json or_default(const nlohmann::json& value, nlohmann::json fallback)
{
  if (value.is_null()) {
    return fallback;
  }
  return value;
}

} // namespace

nlohmann::json Simulator::instance_json(const Instance& i) const
{
  const ShapeSpec* spec = find_shape(i.shape);
  nlohmann::json source = {
    {"sourceType", "image"},
    {"imageId", i.image_id},
    {"bootVolumeSizeInGBs", i.boot_volume_size_gb ? nlohmann::json(*i.boot_volume_size_gb) : nlohmann::json()},
    {"bootVolumeVpusPerGB", 10},
    {"kmsKeyId", nullptr}};
  return {
    {"agentConfig", or_default(i.agent_config, default_agent_config())},
    {"availabilityConfig", or_default(i.availability_config,
                                      {{"isLiveMigrationPreferred", nullptr}, {"recoveryAction", "RESTORE_INSTANCE"}})},
    {"availabilityDomain", i.availability_domain},
    {"capacityReservationId", nullptr},
    {"compartmentId", i.compartment_id},
    {"dedicatedVmHostId", nullptr},
    {"definedTags", i.defined_tags},
    {"displayName", i.display_name},
    {"extendedMetadata", i.extended_metadata},
    {"faultDomain", i.fault_domain},
    {"freeformTags", i.freeform_tags},
    {"id", i.id},
    {"imageId", i.image_id},
    {"instanceOptions", or_default(i.instance_options, {{"areLegacyImdsEndpointsDisabled", false}})},
    {"ipxeScript", nullptr},
    {"isCrossNumaNode", false},
    {"launchMode", "NATIVE"},
    {"launchOptions",
     {{"bootVolumeType", "PARAVIRTUALIZED"},
      {"firmware", "UEFI_64"},
      {"isConsistentVolumeNamingEnabled", true},
      {"isPvEncryptionInTransitEnabled", true},
      {"networkType", "PARAVIRTUALIZED"},
      {"remoteDataVolumeType", "PARAVIRTUALIZED"}}},
    {"lifecycleState", i.state},
    {"metadata", i.metadata},
    {"platformConfig", nullptr},
    {"preemptibleInstanceConfig", nullptr},
    {"region", region_code()},
    {"shape", i.shape},
    {"shapeConfig", spec != nullptr ? instance_shape_config_json(*spec, i.size) : nlohmann::json()},
    {"sourceDetails", source},
    {"systemTags", nlohmann::json::object()},
    {"timeCreated", rfc3339(i.time_created)},
    {"timeMaintenanceRebootDue", nullptr},
  };
}

nlohmann::json Simulator::admin_instance_json(const Instance& i) const
{
  nlohmann::json j = instance_json(i);
  j["_sim"] = {
    {"preserveBootVolume", i.preserve_boot_volume ? nlohmann::json(*i.preserve_boot_volume) : nlohmann::json()},
    {"vnicId", i.vnic_id},
    {"privateIp", i.private_ip},
    {"publicIp", i.public_ip.empty() ? nlohmann::json() : nlohmann::json(i.public_ip)},
    {"etag", i.etag}};
  return j;
}

nlohmann::json Simulator::vnic_attachment_json(const Instance& i) const
{
  return {{"availabilityDomain", i.availability_domain},
          {"compartmentId", i.compartment_id},
          {"displayName", i.vnic_display_name},
          {"id", i.vnic_attachment_id},
          {"instanceId", i.id},
          {"lifecycleState", i.state == "TERMINATED" ? "DETACHED" : "ATTACHED"},
          {"nicIndex", 0},
          {"subnetId", i.subnet_id},
          {"timeCreated", rfc3339(i.time_created)},
          {"vlanId", nullptr},
          {"vlanTag", 1718},
          {"vnicId", i.vnic_id}};
}

nlohmann::json Simulator::vnic_json(const Instance& i) const
{
  return {{"availabilityDomain", i.availability_domain},
          {"compartmentId", i.compartment_id},
          {"definedTags", nlohmann::json::object()},
          {"displayName", i.vnic_display_name},
          {"freeformTags", nlohmann::json::object()},
          {"hostnameLabel", i.hostname_label},
          {"id", i.vnic_id},
          {"ipv6Addresses", nlohmann::json::array()},
          {"isPrimary", true},
          {"lifecycleState", i.state == "TERMINATED" ? "TERMINATED" : "AVAILABLE"},
          {"macAddress", "02:00:17:00:00:01"},
          {"nsgIds", nlohmann::json::array()},
          {"privateIp", i.private_ip},
          {"publicIp", i.public_ip.empty() ? nlohmann::json() : nlohmann::json(i.public_ip)},
          {"routeTableId", nullptr},
          {"skipSourceDestCheck", false},
          {"subnetId", i.subnet_id},
          {"systemTags", nlohmann::json::object()},
          {"timeCreated", rfc3339(i.time_created)},
          {"vlanId", nullptr}};
}

nlohmann::json Simulator::image_json(const Image& image) const
{
  return {{"agentFeatures", nullptr},
          {"baseImageId", nullptr},
          {"billableSizeInGBs", 2},
          {"compartmentId", nullptr},
          {"createImageAllowed", true},
          {"definedTags", nlohmann::json::object()},
          {"displayName", image.display_name},
          {"freeformTags", nlohmann::json::object()},
          {"id", image.id},
          {"imageVolumeDetails", {{"dataVolumes", nlohmann::json::array()}}},
          {"launchMode", "NATIVE"},
          {"launchOptions",
           {{"bootVolumeType", "PARAVIRTUALIZED"},
            {"firmware", "UEFI_64"},
            {"isConsistentVolumeNamingEnabled", true},
            {"isEncryptionInTransitEnabled", nullptr},
            {"isPvEncryptionInTransitEnabled", true},
            {"networkType", "PARAVIRTUALIZED"},
            {"remoteDataVolumeType", "PARAVIRTUALIZED"}}},
          {"lifecycleState", image.lifecycle_state},
          {"listingType", nullptr},
          {"operatingSystem", image.operating_system},
          {"operatingSystemVersion", image.operating_system_version},
          {"sizeInMBs", image.size_in_mbs},
          {"timeCreated", rfc3339(image.time_created)}};
}

nlohmann::json Simulator::subnet_json(const Subnet& s) const
{
  const std::string label = s.dns_label.empty() ? "sub" : s.dns_label;
  return {{"availabilityDomain", s.availability_domain ? nlohmann::json(*s.availability_domain) : nlohmann::json()},
          {"cidrBlock", s.cidr_block},
          {"ipv4CidrBlocks", nlohmann::json::array({s.cidr_block})},
          {"compartmentId", s.compartment_id},
          {"definedTags", nlohmann::json::object()},
          {"dhcpOptionsId", "ocid1.dhcpoptions.oc1." + m_scenario.region + ".simdhcp"},
          {"displayName", s.display_name},
          {"dnsLabel", s.dns_label.empty() ? nlohmann::json() : nlohmann::json(s.dns_label)},
          {"freeformTags", nlohmann::json::object()},
          {"id", s.id},
          {"ipv6CidrBlock", nullptr},
          {"ipv6CidrBlocks", nullptr},
          {"ipv6VirtualRouterIp", nullptr},
          {"lifecycleState", "AVAILABLE"},
          {"prohibitInternetIngress", !s.is_public},
          {"prohibitPublicIpOnVnic", !s.is_public},
          {"routeTableId", "ocid1.routetable.oc1." + m_scenario.region + ".simroutes"},
          {"securityListIds", nlohmann::json::array({"ocid1.securitylist.oc1." + m_scenario.region + ".simsecurity"})},
          {"subnetDomainName", label + ".vcn.oraclevcn.com"},
          {"timeCreated", "2026-01-10T12:00:00.000Z"},
          {"vcnId", s.vcn_id},
          {"virtualRouterIp", "10.0.0.1"},
          {"virtualRouterMac", "00:00:17:AB:CD:EF"}};
}

} // namespace ocivanilla::sim
