// Fuzz target "tags": `tag --set KEY=VALUE` parsing (ops::parse_tag_assignment) and the tag
// checks (ops::validate_tag). The input is used whole as an assignment, and split at its first
// newline into a key and a value. Properties: an accepted assignment splits at the first '=' and
// its tag validates; validate_tag and parse_tag_assignment agree on the same key and value.
#include "fuzz_support.hpp"

#include "ocivanilla/ops/tags.hpp"

#include <string>

namespace {

using namespace ocivanilla;

void check_assignment(std::string_view text)
{
  const auto parsed = ops::parse_tag_assignment(text);
  if (!parsed.ok()) {
    OVL_FUZZ_CHECK(!parsed.error().message.empty(), std::string(text));
    return;
  }
  const auto [key, value] = fuzz::split_once(text, "=");
  OVL_FUZZ_CHECK(text.find('=') != std::string_view::npos, std::string(text));
  OVL_FUZZ_CHECK(parsed->first == key && parsed->second == value, std::string(text));
  OVL_FUZZ_CHECK(ops::validate_tag(parsed->first, parsed->second).ok(), std::string(text));
  OVL_FUZZ_CHECK(parsed->first.size() <= ops::k_max_tag_key_length &&
                   parsed->second.size() <= ops::k_max_tag_value_length,
                 std::string(text));
}

void check_key_value(std::string_view key, std::string_view value)
{
  const auto status = ops::validate_tag(key, value);
  if (key.find('=') != std::string_view::npos) {
    return;
  }
  const std::string assignment = std::string(key) + "=" + std::string(value);
  OVL_FUZZ_CHECK(ops::parse_tag_assignment(assignment).ok() == status.ok(), assignment);
  if (status.ok()) {
    api::Tags tags{{std::string(key), std::string(value)}};
    OVL_FUZZ_CHECK(ops::validate_tags(tags).ok(), assignment);
    const api::Tags merged = ops::merged_tags({}, tags, {std::string(key)});
    OVL_FUZZ_CHECK(merged.empty(), assignment);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = fuzz::as_text(data, size);
  check_assignment(text);
  const auto [key, value] = fuzz::split_once(text, "\n");
  check_key_value(key, value);
  return 0;
}
