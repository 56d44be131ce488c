#include "ocivanilla/plan/plan.hpp"

#include "ocivanilla/core/clock.hpp"

namespace ocivanilla::plan {

Plan builtin_plan()
{
  Plan plan;
  plan.source = "built-in";
  plan.on_demand.shape = plan.defaults.shape;
  return plan;
}

const Server* find_server(const Plan& plan, std::string_view key)
{
  for (const Server& server : plan.servers) {
    if (server.key == key) {
      return &server;
    }
  }
  return nullptr;
}

const Server* find_server_by_display_name(const Plan& plan, std::string_view display_name)
{
  for (const Server& server : plan.servers) {
    if (server.display_name == display_name) {
      return &server;
    }
  }
  return nullptr;
}

const Server* server_for_namespace(const Plan& plan, std::string_view ns)
{
  for (const Server& server : plan.servers) {
    for (const std::string& served : server.namespaces) {
      if (served == ns) {
        return &server;
      }
    }
  }
  return nullptr;
}

namespace {

LaunchSpec spec_with_defaults(const Plan& plan)
{
  LaunchSpec spec;
  spec.image = plan.defaults.image;
  spec.subnet = plan.defaults.subnet;
  spec.ssh_key_file = plan.defaults.ssh_key_file;
  return spec;
}

} // namespace

LaunchSpec spec_for_server(const Plan& plan, const Server& server)
{
  LaunchSpec spec = spec_with_defaults(plan);
  spec.server_key = server.key;
  spec.display_name = server.display_name;
  spec.tier = server.tier;
  spec.namespaces = server.namespaces;
  spec.shape = server.shape.empty() ? plan.defaults.shape : server.shape;
  spec.ocpus = server.ocpus;
  spec.memory_gb = server.memory_gb;
  spec.boot_volume_gb = server.boot_volume_gb;
  return spec;
}

LaunchSpec spec_for_name(const Plan& plan, std::string_view name)
{
  if (const Server* server = find_server(plan, name)) {
    return spec_for_server(plan, *server);
  }
  LaunchSpec spec = spec_with_defaults(plan);
  spec.display_name = std::string(name);
  spec.tier = Tier::on_demand;
  spec.shape = plan.on_demand.shape.empty() ? plan.defaults.shape : plan.on_demand.shape;
  spec.ocpus = plan.on_demand.ocpus;
  spec.memory_gb = plan.on_demand.memory_gb;
  spec.boot_volume_gb = plan.on_demand.boot_volume_gb;
  spec.ttl = plan.on_demand.ttl;
  return spec;
}

std::string join_namespaces(const std::vector<std::string>& namespaces)
{
  std::string joined;
  for (const std::string& ns : namespaces) {
    if (!joined.empty()) {
      joined += ',';
    }
    joined += ns;
  }
  return joined;
}

std::map<std::string, std::string> launch_tags(const LaunchSpec& spec, core::TimePoint now)
{
  std::map<std::string, std::string> tags;
  if (!spec.namespaces.empty()) {
    tags[std::string(k_tag_namespaces)] = join_namespaces(spec.namespaces);
  }
  tags[std::string(k_tag_tier)] = std::string(to_string(spec.tier));
  tags[std::string(k_tag_managed)] = std::string(k_tag_managed_value);
  if (spec.ttl) {
    tags[std::string(k_tag_expires_at)] = core::format_rfc3339(now + *spec.ttl);
  }
  return tags;
}

} // namespace ocivanilla::plan
