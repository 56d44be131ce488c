#include "instances.hpp"

#include "ocivanilla/plan/tags.hpp"

#include <algorithm>

namespace ocivanilla::cli {

namespace {

std::string tag_value(const api::Instance& instance, std::string_view key)
{
  const auto it = instance.freeform_tags.find(std::string(key));
  return it == instance.freeform_tags.end() ? std::string() : it->second;
}

} // namespace

plan::LiveInstance to_live(const api::Instance& instance)
{
  plan::LiveInstance live;
  live.id = instance.id;
  live.display_name = instance.display_name;
  live.shape = instance.shape;
  live.lifecycle_state = instance.lifecycle_state;
  live.ocpus = instance.ocpus;
  live.memory_gb = instance.memory_gb;
  if (instance.boot_volume_gb) {
    live.boot_volume_gb = static_cast<int>(*instance.boot_volume_gb);
  }
  live.freeform_tags = instance.freeform_tags;
  live.time_created = instance.created_at.value_or(core::TimePoint{});
  return live;
}

std::vector<plan::LiveInstance> to_live(const std::vector<api::Instance>& instances)
{
  std::vector<plan::LiveInstance> out;
  out.reserve(instances.size());
  for (const auto& i : instances) {
    out.push_back(to_live(i));
  }
  return out;
}

std::string tier_of(const api::Instance& instance)
{
  const auto tier = tag_value(instance, plan::k_tag_tier);
  return tier.empty() ? "untagged" : tier;
}

std::vector<std::string> namespaces_of(const api::Instance& instance)
{
  std::vector<std::string> out;
  const auto text = tag_value(instance, plan::k_tag_namespaces);
  std::size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    const auto comma = text.find(',', pos);
    auto item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) {
      out.push_back(item);
    }
    if (comma == std::string::npos) {
      break;
    }
    pos = comma + 1;
  }
  return out;
}

std::optional<core::TimePoint> expiry_of(const api::Instance& instance)
{
  const auto text = tag_value(instance, plan::k_tag_expires_at);
  core::TimePoint t;
  if (text.empty() || !core::parse_rfc3339(text, t)) {
    return std::nullopt;
  }
  return t;
}

bool serves_namespace(const api::Instance& instance, const plan::Plan& plan, const std::string& ns)
{
  const auto tagged = namespaces_of(instance);
  if (std::find(tagged.begin(), tagged.end(), ns) != tagged.end()) {
    return true;
  }
  const auto* server = plan::server_for_namespace(plan, ns);
  return server != nullptr && server->display_name == instance.display_name;
}

} // namespace ocivanilla::cli
