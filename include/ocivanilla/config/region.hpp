#pragma once

#include "ocivanilla/core/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::config {

struct Region {
  std::string id; // "us-ashburn-1"
  std::string short_code; // "iad"
  std::string realm; // "oc1"
  std::string domain; // "oraclecloud.com"
};

// Base URLs (scheme://host[:port], no trailing '/') of the services ocivanilla calls.
struct ServiceEndpoints {
  std::string compute; // https://iaas.<region>.<domain>
  std::string identity; // https://identity.<region>.oci.<domain>
  std::string auth; // https://auth.<region>.<domain>
};

// Parses the region table (config/regions.tsv): one region per line, four tab-separated
// fields id, short code, realm, domain; '#' comments and blank lines skipped. Errors are
// "source:line: message" (kind config).
core::Result<std::vector<Region>> parse_region_table(std::string_view text, std::string_view source);

// The table compiled into the program, in file order.
const std::vector<Region>& known_regions();

// A region by id or short code, case-insensitive ("iad", "US-ASHBURN-1"). Unknown ->
// config error "unknown region 'xx-foo-1' (known: us-ashburn-1, ..., and N more)".
core::Result<Region> find_region(std::string_view name);

// Endpoints of a region given as id, short code, or full domain (a name with a dot, e.g.
// "us-ashburn-1.oraclecloud.com" -> https://<service>.<name> for every service).
core::Result<ServiceEndpoints> regional_endpoints(std::string_view region);

} // namespace ocivanilla::config
