#include "list_util.hpp"

#include <algorithm>
#include <cctype>

namespace ocivanilla::sim {

namespace {

constexpr std::string_view k_page_prefix = "sim-page-";

bool parse_count(const std::string& text, std::size_t& out)
{
  if (text.empty() || text.size() > 9 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    return false;
  }
  out = std::stoul(text);
  return true;
}

core::Error bad(std::string message)
{
  return core::make_error(core::ErrorKind::usage, std::move(message));
}

} // namespace

core::Result<PageSlice> page_slice(const ApiRequest& request, std::size_t total)
{
  std::size_t limit = 100;
  if (auto text = request.param("limit")) {
    if (!parse_count(*text, limit) || limit < 1 || limit > 100) {
      return bad("limit must be an integer between 1 and 100, got '" + *text + "'");
    }
  }
  std::size_t begin = 0;
  if (auto token = request.param("page")) {
    if (token->rfind(k_page_prefix, 0) != 0 || !parse_count(token->substr(k_page_prefix.size()), begin)) {
      return bad("page '" + *token + "' is not a page token of this list");
    }
  }
  PageSlice slice;
  slice.begin = std::min(begin, total);
  slice.end = std::min(total, slice.begin + limit);
  if (slice.end < total) {
    slice.next = std::string(k_page_prefix) + std::to_string(slice.end);
  }
  return slice;
}

ApiResponse page_reply(const nlohmann::json& items, const PageSlice& slice)
{
  ApiResponse response = json_response(200, items);
  if (!slice.next.empty()) {
    response.set_header("opc-next-page", slice.next);
  }
  return response;
}

core::Result<SortSpec> parse_sort(const ApiRequest& request)
{
  SortSpec spec;
  const std::string by = request.param("sortBy").value_or("TIMECREATED");
  if (by != "TIMECREATED" && by != "DISPLAYNAME") {
    return bad("sortBy must be TIMECREATED or DISPLAYNAME, got '" + by + "'");
  }
  spec.by_display_name = by == "DISPLAYNAME";
  spec.ascending = spec.by_display_name;
  if (auto order = request.param("sortOrder")) {
    if (*order != "ASC" && *order != "DESC") {
      return bad("sortOrder must be ASC or DESC, got '" + *order + "'");
    }
    spec.ascending = *order == "ASC";
  }
  return spec;
}

std::optional<ApiResponse> require_param(const ApiRequest& request, const std::string& name)
{
  auto value = request.param(name);
  if (!value || value->empty()) {
    return error_response(400, "MissingParameter", "Missing required query parameter '" + name + "'");
  }
  return std::nullopt;
}

ApiResponse invalid_parameter(const std::string& message)
{
  return error_response(400, "InvalidParameter", message);
}

ApiResponse limit_exceeded()
{
  return error_response(400, "LimitExceeded",
                        "The following service limits were exceeded: standard-a1-memory-count, "
                        "standard-a1-memory-regional-count, standard-a1-core-count, "
                        "standard-a1-core-regional-count. Request a service limit increase from the service "
                        "limits page in the console. ");
}

bool iequals(std::string_view a, std::string_view b)
{
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

} // namespace ocivanilla::sim
