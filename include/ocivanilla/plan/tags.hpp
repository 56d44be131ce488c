#pragma once

#include <optional>
#include <string_view>

namespace ocivanilla::plan {

// The freeform tags ocivanilla writes (CLI.md "Tags that ocivanilla writes").
inline constexpr std::string_view k_tag_namespaces = "ocivanilla-namespaces"; // "mariana,annabelle"
inline constexpr std::string_view k_tag_tier = "ocivanilla-tier"; // to_string(Tier)
inline constexpr std::string_view k_tag_expires_at = "ocivanilla-expires-at"; // RFC 3339 UTC
inline constexpr std::string_view k_tag_managed = "ocivanilla-managed"; // "true"
inline constexpr std::string_view k_tag_managed_value = "true";

// How an instance is used; decides what `terminate` and `cleanup` may touch.
enum class Tier {
  dedicated, // a planned production server: never cleaned up, terminate needs --force
  shared_dev, // a planned server shared by several namespaces
  on_demand, // a temporary instance with an expiry
};

// "dedicated", "shared-dev", "on-demand".
std::string_view to_string(Tier tier);
// Inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<Tier> parse_tier(std::string_view text);

} // namespace ocivanilla::plan
