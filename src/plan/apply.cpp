#include "ocivanilla/plan/apply.hpp"

#include "ocivanilla/plan/shapes.hpp"

#include <algorithm>

namespace ocivanilla::plan {

std::map<std::string, std::string> server_tags(const Server& server)
{
  std::map<std::string, std::string> tags;
  if (!server.namespaces.empty()) {
    tags[std::string(k_tag_namespaces)] = join_namespaces(server.namespaces);
  }
  tags[std::string(k_tag_tier)] = std::string(to_string(server.tier));
  tags[std::string(k_tag_managed)] = std::string(k_tag_managed_value);
  return tags;
}

namespace {

// The oldest non-TERMINATED instance named like the server, or nullptr.
const LiveInstance* live_server(const Server& server, const std::vector<LiveInstance>& instances)
{
  const LiveInstance* found = nullptr;
  for (const LiveInstance& live : instances) {
    if (!is_terminated(live) && live.display_name == server.display_name &&
        (found == nullptr || live.time_created < found->time_created)) {
      found = &live;
    }
  }
  return found;
}

std::map<std::string, std::string> tags_to_set(const Server& server, const LiveInstance& live)
{
  std::map<std::string, std::string> differing;
  for (const auto& [key, value] : server_tags(server)) {
    auto it = live.freeform_tags.find(key);
    if (it == live.freeform_tags.end() || it->second != value) {
      differing[key] = value;
    }
  }
  return differing;
}

} // namespace

std::vector<ApplyAction> plan_apply(const Plan& plan, const std::vector<LiveInstance>& instances)
{
  std::vector<ApplyAction> actions;
  std::vector<const Server*> missing;
  for (const Server& server : plan.servers) {
    const LiveInstance* live = live_server(server, instances);
    if (live == nullptr) {
      missing.push_back(&server);
      continue;
    }
    std::map<std::string, std::string> tags = tags_to_set(server, *live);
    if (!tags.empty()) {
      actions.push_back(Adopt{live->id, server.key, server.display_name, std::move(tags)});
    }
  }
  Usage usage = usage_of(instances);
  for (const Server* server : missing) {
    LaunchSpec spec = spec_for_server(plan, *server);
    Request request = request_for(spec);
    core::Status fits = check_budget(plan.budget, usage, request);
    if (fits.ok()) {
      usage = add_request(usage, request);
      actions.push_back(Launch{server->key, std::move(spec)});
    } else {
      actions.push_back(Blocked{server->key, server->display_name, fits.error().message});
    }
  }
  return actions;
}

namespace {

struct Describe {
  std::string operator()(const Adopt& a) const
  {
    std::string tags;
    for (const auto& [key, value] : a.tags) {
      tags += (tags.empty() ? "" : ", ") + key + "=" + value;
    }
    return "tag " + a.display_name + " (" + a.instance_id + ") as servers." + a.server_key + ": " + tags;
  }
  std::string operator()(const Launch& l) const
  {
    return "launch " + l.spec.display_name + " (" + l.server_key + "): " + l.spec.shape + ", " +
           format_number(l.spec.ocpus) + " OCPU / " + format_number(l.spec.memory_gb) + " GB, " +
           std::to_string(l.spec.boot_volume_gb) + " GB boot volume";
  }
  std::string operator()(const Blocked& b) const
  {
    std::string reason;
    for (char c : b.reason) {
      reason += c == '\n' ? std::string("; ") : std::string(1, c);
    }
    return "cannot launch " + b.display_name + " (" + b.server_key + "): " + reason;
  }
};

} // namespace

std::string describe(const ApplyAction& action)
{
  return std::visit(Describe{}, action);
}

} // namespace ocivanilla::plan
