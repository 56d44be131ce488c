#pragma once

#include "api_types.hpp"

#include "ocivanilla/core/result.hpp"

#include <cstddef>
#include <string>

namespace ocivanilla::sim {

// Items [begin, end) of a list, and the opc-next-page token ("" when no more remain).
struct PageSlice {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::string next;
};

// Reads `limit` (1..100, default 100) and `page` (an earlier opc-next-page). The error message
// is the body of a 400 InvalidParameter.
core::Result<PageSlice> page_slice(const ApiRequest& request, std::size_t total);

// 200 with `items` (already the page) and opc-next-page when `slice.next` is set.
ApiResponse page_reply(const nlohmann::json& items, const PageSlice& slice);

struct SortSpec {
  bool by_display_name = false;
  bool ascending = false;
};

// sortBy TIMECREATED (default, DESC) | DISPLAYNAME (ASC); sortOrder ASC | DESC.
core::Result<SortSpec> parse_sort(const ApiRequest& request);

// 400 MissingParameter when the query parameter is absent or empty, else nullopt.
std::optional<ApiResponse> require_param(const ApiRequest& request, const std::string& name);

ApiResponse invalid_parameter(const std::string& message);

// 400 LimitExceeded with OCI's A1 message (trailing space included).
ApiResponse limit_exceeded();

bool iequals(std::string_view a, std::string_view b);

} // namespace ocivanilla::sim
