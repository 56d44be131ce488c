#pragma once

#include "api_types.hpp"
#include "catalog.hpp"
#include "fault_set.hpp"
#include "instance_principal.hpp"
#include "scenario.hpp"

#include "ocivanilla/core/clock.hpp"

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <random>

namespace ocivanilla::sim {

struct Instance {
  std::string id;
  std::string compartment_id;
  std::string availability_domain;
  std::string fault_domain;
  std::string display_name;
  std::string shape;
  ShapeSize size;
  std::string state;
  core::TimePoint time_created;
  std::string image_id;
  std::string subnet_id;
  nlohmann::json freeform_tags = nlohmann::json::object();
  nlohmann::json defined_tags = nlohmann::json::object();
  nlohmann::json metadata = nlohmann::json::object();
  nlohmann::json extended_metadata = nlohmann::json::object();
  nlohmann::json agent_config; // null = the default
  nlohmann::json availability_config; // null = the default
  nlohmann::json instance_options; // null = the default
  std::optional<long long> boot_volume_size_gb;
  std::optional<bool> preserve_boot_volume;
  std::string pending_state; // "" = no transition running
  core::TimePoint pending_due;
  std::string etag;
  std::string vnic_id;
  std::string vnic_attachment_id;
  std::string private_ip;
  std::string public_ip; // "" = none
  std::string hostname_label;
  std::string vnic_display_name;
};

// One API request as GET /_sim/requests shows it.
struct RequestRecord {
  std::string method;
  std::string path;
  std::string query;
  int status = 0;
  std::string opc_request_id;
  std::optional<std::string> retry_token;
  std::optional<std::string> if_match;
  std::optional<std::string> key_id;
  std::optional<std::string> auth_error;
  std::optional<std::string> fault;
};

// What the HTTP layer must do with a reply besides sending it.
struct Reply {
  ApiResponse response;
  std::chrono::milliseconds delay{0};
  bool drop_connection = false; // shut the socket down instead of answering
  bool truncate = false; // announce the full length, send half the body, close
};

// The whole simulated tenancy. Thread-safe: one mutex around all state.
class Simulator {
 public:
  // Creates the simulator and its pre-existing instances; `source` names the scenario in errors.
  static core::Result<std::unique_ptr<Simulator>> create(Scenario scenario, std::vector<TrustedKey> extra_keys,
                                                         const core::Clock& clock, std::string_view source);

  Reply handle_api(const ApiRequest& request);
  ApiResponse handle_admin(const ApiRequest& request);

  // Appends one line per request to `log` (nullptr = no log). The stream must outlive the simulator.
  void set_log(std::ostream* log);
  // Skip signature checks (benchmarks only).
  void set_no_auth(bool no_auth);

  core::TimePoint now() const;

  Simulator(Scenario scenario, std::vector<TrustedKey> extra_keys, const core::Clock& clock);

 private:
  friend class ApiHandlers;

  // Everything below runs with m_mutex held.
  ApiResponse dispatch(const ApiRequest& request, std::string& fault);
  ApiResponse handle_instances(const ApiRequest& request, std::string& fault);
  ApiResponse launch(const ApiRequest& request, std::string& fault);
  std::optional<ApiResponse> validate_launch(const nlohmann::json& body, InstanceSeed& seed);
  std::optional<ApiResponse> check_launch_image(const nlohmann::json& body, InstanceSeed& seed);
  std::optional<ApiResponse> check_launch_subnet(const nlohmann::json& body, InstanceSeed& seed);
  ApiResponse list_instances(const ApiRequest& request);
  ApiResponse get_instance(const std::string& id);
  ApiResponse update_instance(const ApiRequest& request, const std::string& id);
  ApiResponse terminate_instance(const ApiRequest& request, const std::string& id);
  ApiResponse instance_action(const ApiRequest& request, const std::string& id);
  ApiResponse list_availability_domains(const ApiRequest& request);
  ApiResponse list_images(const ApiRequest& request);
  ApiResponse list_shapes(const ApiRequest& request);
  ApiResponse list_subnets(const ApiRequest& request);
  ApiResponse list_vnic_attachments(const ApiRequest& request);
  ApiResponse get_vnic(const std::string& id);

  ApiResponse admin_instances_post(const ApiRequest& request);
  ApiResponse admin_faults(const ApiRequest& request);
  ApiResponse admin_clock(const ApiRequest& request);
  nlohmann::json admin_instance_json(const Instance& instance) const;
  nlohmann::json request_log_json() const;

  core::Result<std::string> create_instance(const InstanceSeed& seed, core::TimePoint time_created);
  void attach_vnic(Instance& instance, const Subnet& subnet, bool public_ip);
  void advance_all();
  void start_transition(Instance& instance, std::string now_state, std::string next_state, double seconds);
  void touch(Instance& instance);
  bool authenticate(const ApiRequest& request, RequestRecord& record, ApiResponse& failure);
  void apply_body_fault(FaultType type, Reply& reply) const;
  void apply_reply_faults(const ApiRequest& request, Reply& reply, std::string& fault);
  void apply_launch_details(Instance& instance, const nlohmann::json& body) const;
  std::optional<ApiResponse> resize(Instance& instance, const nlohmann::json& config);
  void write_log(const ApiRequest& request, const RequestRecord& record);
  Reply handle_instance_principal(const ApiRequest& request, RequestRecord& record);

  Instance* find_instance(const std::string& id);
  const Compartment* find_compartment(const std::string& id) const;
  const AvailabilityDomain* find_ad(const std::string& name) const;
  const Image* find_image(const std::string& id) const;
  const Subnet* find_subnet(const std::string& id) const;
  double a1_ocpus_in_use() const;
  double a1_memory_in_use() const;

  nlohmann::json instance_json(const Instance& instance) const;
  nlohmann::json vnic_json(const Instance& instance) const;
  nlohmann::json vnic_attachment_json(const Instance& instance) const;
  nlohmann::json image_json(const Image& image) const;
  nlohmann::json subnet_json(const Subnet& subnet) const;
  std::string region_code() const;
  std::string new_id(std::string_view kind);
  std::string new_request_id();

  struct RetryEntry {
    nlohmann::json body;
    std::string instance_id;
    core::TimePoint at;
  };

  Scenario m_scenario;
  std::map<std::string, PublicKey, std::less<>> m_keys;
  const core::Clock& m_clock;
  std::chrono::seconds m_offset{0};
  core::TimePoint m_start;
  std::vector<Instance> m_instances;
  std::map<std::string, std::size_t> m_instance_index;
  std::map<std::string, std::size_t> m_vnic_index;
  std::map<std::string, RetryEntry> m_retry_tokens;
  std::vector<RequestRecord> m_requests;
  FaultSet m_faults;
  std::mt19937_64 m_random;
  unsigned long long m_etag_counter = 0;
  unsigned long long m_ip_counter = 0;
  std::ostream* m_log = nullptr;
  bool m_no_auth = false;
  std::unique_ptr<InstancePrincipalService> m_instance_principal; // null unless the scenario asks
  mutable std::mutex m_mutex;
};

} // namespace ocivanilla::sim
