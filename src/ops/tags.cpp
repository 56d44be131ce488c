#include "ocivanilla/ops/tags.hpp"

#include "ocivanilla/core/clock.hpp"

#include <nlohmann/json.hpp>

namespace ocivanilla::ops {

namespace {

constexpr int k_http_precondition_failed = 412;

core::Error tag_error(std::string_view key, std::string_view why)
{
  return core::make_error(core::ErrorKind::usage, "tag '" + std::string(key) + "': " + std::string(why));
}

bool has_blank(std::string_view text)
{
  return text.find_first_of(" \t\r\n") != std::string_view::npos;
}

core::Status validate_namespaces(std::string_view key, std::string_view value)
{
  std::size_t start = 0;
  while (true) {
    const auto comma = value.find(',', start);
    const auto item = value.substr(start, comma == std::string_view::npos ? value.npos : comma - start);
    if (item.empty() || has_blank(item)) {
      return tag_error(key,
                       "value '" + std::string(value) + "' must be comma-separated namespace names without blanks");
    }
    if (comma == std::string_view::npos) {
      return core::Ok{};
    }
    start = comma + 1;
  }
}

core::Status validate_ocivanilla_value(std::string_view key, std::string_view value)
{
  if (key == k_tag_tier) {
    if (value != "dedicated" && value != "shared-dev" && value != "on-demand") {
      return tag_error(key, "value '" + std::string(value) + "' must be dedicated, shared-dev or on-demand");
    }
  } else if (key == k_tag_expires_at) {
    core::TimePoint parsed;
    if (!core::parse_rfc3339(value, parsed)) {
      return tag_error(key, "value '" + std::string(value) + "' is not an RFC 3339 time like 2026-12-04T19:40:12Z");
    }
  } else if (key == k_tag_managed) {
    if (value != "true") {
      return tag_error(key, "value '" + std::string(value) + "' must be true");
    }
  } else if (key == k_tag_namespaces) {
    return validate_namespaces(key, value);
  }
  return core::Ok{};
}

} // namespace

core::Status validate_tag(std::string_view key, std::string_view value)
{
  if (key.empty()) {
    return core::make_error(core::ErrorKind::usage, "tag key is empty");
  }
  if (key.size() > k_max_tag_key_length) {
    return tag_error(key, "key is longer than " + std::to_string(k_max_tag_key_length) + " characters");
  }
  if (key.find('.') != std::string_view::npos || has_blank(key)) {
    return tag_error(key, "key must not contain '.' or blanks");
  }
  if (value.size() > k_max_tag_value_length) {
    return tag_error(key, "value is longer than " + std::to_string(k_max_tag_value_length) + " characters");
  }
  return validate_ocivanilla_value(key, value);
}

core::Status validate_tags(const api::Tags& tags)
{
  for (const auto& [key, value] : tags) {
    OVL_TRY(validate_tag(key, value));
  }
  return core::Ok{};
}

core::Result<std::pair<std::string, std::string>> parse_tag_assignment(std::string_view text)
{
  const auto eq = text.find('=');
  if (eq == std::string_view::npos) {
    return core::make_error(core::ErrorKind::usage, "tag '" + std::string(text) + "' is not KEY=VALUE");
  }
  std::pair<std::string, std::string> out{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
  OVL_TRY(validate_tag(out.first, out.second));
  return out;
}

api::Tags merged_tags(const api::Tags& current, const api::Tags& set, const std::vector<std::string>& remove)
{
  api::Tags out = current;
  for (const auto& [key, value] : set) {
    out[key] = value;
  }
  for (const auto& key : remove) {
    out.erase(key);
  }
  return out;
}

core::Result<TagMergeOutcome> merge_tags(api::ComputeClient& compute, std::string_view instance_id,
                                         const api::Tags& set, const std::vector<std::string>& remove, int max_attempts)
{
  OVL_TRY(validate_tags(set));
  for (const auto& key : remove) {
    if (key.empty()) {
      return core::make_error(core::ErrorKind::usage, "tag key to remove is empty");
    }
  }
  TagMergeOutcome outcome;
  while (true) {
    auto current = compute.get_instance(instance_id);
    if (!current.ok()) {
      return std::move(current).error();
    }
    const auto merged = merged_tags(current->instance.freeform_tags, set, remove);
    if (merged == current->instance.freeform_tags) {
      outcome.instance = std::move(current->instance);
      return outcome;
    }
    ++outcome.attempts;
    nlohmann::json body = {{"freeformTags", merged}};
    auto updated = compute.update_instance(instance_id, body, current->etag);
    if (updated.ok()) {
      outcome.instance = std::move(updated->instance);
      outcome.changed = true;
      return outcome;
    }
    const bool conflict = updated.error().http_status == k_http_precondition_failed;
    if (!conflict || outcome.attempts >= max_attempts) {
      auto error = std::move(updated).error();
      if (conflict) {
        error.message = "tags of instance " + std::string(instance_id) + " changed concurrently " +
                        std::to_string(outcome.attempts) + " times; gave up (" + error.message + ")";
      }
      return error;
    }
  }
}

} // namespace ocivanilla::ops
