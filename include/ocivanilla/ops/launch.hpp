#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/identity_client.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/oci/http.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocivanilla::ops {

// Everything `launch` needs, already merged from flags, plan and defaults by the CLI.
struct LaunchSpec {
  std::string compartment_id; // where the instance goes (required)
  std::string tenancy_id; // ListAvailabilityDomains and platform images; "" = compartment
  std::string display_name; // required, 1-255 characters
  std::string shape = "VM.Standard.A1.Flex";
  std::optional<double> ocpus; // required for flexible shapes (".Flex"); not sent otherwise
  std::optional<double> memory_gb; // idem
  std::string image_id; // or image_os + image_version (discovered)
  std::string image_os; // "Canonical Ubuntu"
  std::string image_version; // "24.04"
  std::string availability_domain; // "" = the first AD offering the shape
  std::string subnet_id; // "" = the single public AVAILABLE subnet
  std::optional<std::string> ssh_public_key; // key text; unset = ask the SshKeyFinder
  bool no_ssh_key = false; // launch without any key (skips the finder)
  int boot_volume_gb = 50; // 50..32768
  std::string user_data; // raw bytes; sent base64-encoded
  api::Tags freeform_tags; // validated with validate_tags
  std::string retry_token; // "" = a new one (generate_retry_token)
  bool dry_run = false; // discover, build, but send no LaunchInstance
};

// The CLI's SSH key lookup (flag, plan, ~/.ssh/id_ed25519.pub, ~/.ssh/id_rsa.pub): the key
// text, nullopt when none exists, an Error when one exists but cannot be read.
using SshKeyFinder = std::function<core::Result<std::optional<std::string>>()>;

// What validation and discovery settled, and the exact LaunchInstance request.
struct PreparedLaunch {
  std::string availability_domain;
  // The ADs discovery found offering the shape, availability_domain first: every one of them
  // with DomainSearch::all, only the first with DomainSearch::first; {the given AD} when the
  // spec names one.
  std::vector<std::string> offering_domains;
  std::string image_id;
  std::string image_name; // display name of a discovered image ("" when given)
  std::string subnet_id;
  bool has_ssh_key = false;
  std::string retry_token; // one per logical launch; transport retries reuse it
  nlohmann::json details; // LaunchInstanceDetails with the API's field names
  oci::HttpRequest request; // method, url, headers (opc-retry-token) and body to send
  std::string path; // request path, "/20160918/instances"
};

struct LaunchOutcome {
  PreparedLaunch prepared;
  std::optional<api::InstanceReply> launched; // nullopt for a dry run
};

// Local checks, no requests (errors of kind usage): display name, boot volume 50..32768 GB,
// sizes (A1.Flex: 1-80 OCPUs, 1-64 GB per OCPU and 1-512 GB; other .Flex shapes: > 0;
// VM.Standard.E2.1.Micro: 1 OCPU / 1 GB if given), image given or OS+version, tags, token.
core::Status validate_launch_spec(const LaunchSpec& spec);

// How far AD discovery looks: until the first AD that offers the shape (a plain launch), or
// through every AD (a capacity hunt, which tries them all).
enum class DomainSearch { first, all };

// validate_launch_spec, SSH key, then discovery of what is missing, in this order:
//   AD: ListAvailabilityDomains, then ListShapes per AD until one offers the shape (through
//       all of them with DomainSearch::all);
//   image: ListImages(OS, version, shape), newest AVAILABLE (Arm shapes: "aarch64" in the
//          name and no "Minimal");
//   subnet: ListSubnets, the single AVAILABLE subnet allowing public IPs in that AD or regional;
// then builds the request. Sends only GETs. Discovery failures are errors of kind usage that
// list what was found.
core::Result<PreparedLaunch> prepare_launch(api::ComputeClient& compute, api::IdentityClient& identity,
                                            const LaunchSpec& spec, const SshKeyFinder& find_ssh_key,
                                            DomainSearch search = DomainSearch::first);

// prepare_launch, then (unless spec.dry_run) LaunchInstance with the prepared retry token.
core::Result<LaunchOutcome> launch_instance(api::ComputeClient& compute, api::IdentityClient& identity,
                                            const LaunchSpec& spec, const SshKeyFinder& find_ssh_key);

// Sends a prepared launch (e.g. again after a lost answer: same body, same token).
core::Result<api::InstanceReply> send_launch(api::ComputeClient& compute, const PreparedLaunch& prepared);

// The same launch in another availability domain, with a new retry token (a new logical
// request), e.g. for capacity retries across ADs.
PreparedLaunch retarget_launch(const api::ComputeClient& compute, const PreparedLaunch& prepared,
                               std::string_view availability_domain, std::string retry_token);

// The newest usable image of `images` (already newest first) for `shape`; nullptr if none.
const api::Image* pick_image(const std::vector<api::Image>& images, std::string_view shape);

// True for Arm shapes (".A1.", ".A2.", ... or "Ampere" in the name).
bool is_arm_shape(std::string_view shape);
// True for flexible shapes (the name ends with ".Flex").
bool is_flexible_shape(std::string_view shape);

// 32 random characters of [A-Za-z0-9].
std::string generate_retry_token();

} // namespace ocivanilla::ops
