// Fuzz target "core": the text parsers of src/core - durations (CLI.md), HTTP dates, RFC 3339
// times, URLs and percent-encoding - each checked against its formatter (round trips).
#include "fuzz_support.hpp"

#include "ocivanilla/core/clock.hpp"
#include "ocivanilla/core/duration.hpp"
#include "ocivanilla/core/url.hpp"

#include <chrono>
#include <string>

namespace {

using namespace ocivanilla;
using fuzz::as_text;

void check_duration(std::string_view text)
{
  const auto parsed = core::parse_duration(text);
  if (!parsed.ok()) {
    OVL_FUZZ_CHECK(!parsed.error().message.empty(), std::string(text));
    return;
  }
  OVL_FUZZ_CHECK(parsed->count() > 0, std::string(text));
  const std::string formatted = core::format_duration(*parsed);
  const auto again = core::parse_duration(formatted);
  OVL_FUZZ_CHECK(again.ok() && *again == *parsed, std::string(text) + " -> " + formatted);
}

void check_http_date(std::string_view text)
{
  core::TimePoint t;
  if (!core::parse_http_date(text, t)) {
    return;
  }
  const std::string formatted = core::format_http_date(t);
  core::TimePoint again;
  OVL_FUZZ_CHECK(core::parse_http_date(formatted, again) && again == t, std::string(text) + " -> " + formatted);
}

void check_rfc3339(std::string_view text)
{
  core::TimePoint t;
  if (!core::parse_rfc3339(text, t)) {
    return;
  }
  const std::string formatted = core::format_rfc3339(t);
  if (formatted.size() != 20) {
    return; // an offset moved the time outside years 0000-9999, which RFC 3339 cannot write
  }
  core::TimePoint again;
  const auto whole = std::chrono::floor<std::chrono::seconds>(t);
  OVL_FUZZ_CHECK(core::parse_rfc3339(formatted, again) && again == whole, std::string(text) + " -> " + formatted);
}

void check_url(std::string_view text)
{
  const auto url = core::parse_url(text);
  if (!url.ok()) {
    OVL_FUZZ_CHECK(!url.error().message.empty(), std::string(text));
    return;
  }
  const std::string rebuilt = url->origin() + url->target;
  const auto again = core::parse_url(rebuilt);
  OVL_FUZZ_CHECK(again.ok() && again->scheme == url->scheme && again->host == url->host && again->port == url->port &&
                   again->target == url->target,
                 std::string(text) + " -> " + rebuilt);
  (void)url->host_header();
  (void)core::is_loopback_host(url->host);
}

void check_percent(std::string_view text)
{
  const std::string encoded = core::percent_encode(text);
  OVL_FUZZ_CHECK(encoded.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                           "0123456789-._~%") == std::string::npos,
                 encoded);
  OVL_FUZZ_CHECK(core::percent_decode(encoded) == text, encoded);
  (void)core::percent_decode(text);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text = as_text(data, size);
  check_duration(text);
  check_http_date(text);
  check_rfc3339(text);
  check_url(text);
  check_percent(text);
  return 0;
}
