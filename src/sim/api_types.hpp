#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ocivanilla::sim {

// A request handed to the simulator, independent of the HTTP library.
struct ApiRequest {
  std::string method; // upper case
  std::string target; // raw path and query
  std::string path; // decoded path, no query
  std::string query; // raw query without '?'
  std::multimap<std::string, std::string> params; // decoded query parameters
  std::vector<std::pair<std::string, std::string>> headers; // as received
  std::string body;

  std::optional<std::string> header(std::string_view lower_name) const;
  std::optional<std::string> param(const std::string& name) const;
};

struct ApiResponse {
  int status = 200;
  std::string body; // "" for 204
  std::vector<std::pair<std::string, std::string>> headers; // besides the common ones

  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

ApiResponse json_response(int status, const nlohmann::json& body);
ApiResponse error_response(int status, std::string_view code, std::string_view message);

inline constexpr std::string_view k_not_found_message = "Authorization failed or requested resource not found.";

} // namespace ocivanilla::sim
