#pragma once

#include "ocivanilla/api/compute_client.hpp"
#include "ocivanilla/api/models.hpp"
#include "ocivanilla/core/result.hpp"
#include "ocivanilla/plan/tags.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocivanilla::ops {

// The freeform tags ocivanilla writes (CLI.md) and their valid values.
// The names are the plan module's (include/ocivanilla/plan/tags.hpp), so both agree.
using plan::k_tag_expires_at;
using plan::k_tag_managed;
using plan::k_tag_namespaces;
using plan::k_tag_tier;

// OCI freeform tag limits: keys 1-100 characters without '.' or blanks, values at most 256.
inline constexpr std::size_t k_max_tag_key_length = 100;
inline constexpr std::size_t k_max_tag_value_length = 256;

// Checks one tag: the OCI key/value limits and, for the ocivanilla-* keys above, the value
// (tier name, RFC 3339 time via core::parse_rfc3339, "true", non-empty comma-separated names).
// Other ocivanilla-* keys are accepted as they are. Errors are of kind usage and name the tag.
core::Status validate_tag(std::string_view key, std::string_view value);
core::Status validate_tags(const api::Tags& tags);

// "KEY=VALUE" (split at the first '='; the value may be empty), validated as above.
core::Result<std::pair<std::string, std::string>> parse_tag_assignment(std::string_view text);

// current + set - remove.
api::Tags merged_tags(const api::Tags& current, const api::Tags& set, const std::vector<std::string>& remove);

struct TagMergeOutcome {
  api::Instance instance; // as the last GET or PUT returned it
  bool changed = false; // false: the merge changed nothing, so nothing was written
  int attempts = 0; // PUTs tried (0 when nothing changed)
};

// Read-merge-write of the whole freeformTags map: GET (etag) -> merged_tags -> PUT
// {"freeformTags": ...} with if-match. A 412 (the tags changed meanwhile) re-reads and retries,
// up to max_attempts writes, so concurrent merges never lose each other's keys. The tags are
// validated before any request.
core::Result<TagMergeOutcome> merge_tags(api::ComputeClient& compute, std::string_view instance_id,
                                         const api::Tags& set, const std::vector<std::string>& remove,
                                         int max_attempts = 5);

} // namespace ocivanilla::ops
