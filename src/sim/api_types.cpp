#include "api_types.hpp"

#include <algorithm>
#include <cctype>

namespace ocivanilla::sim {

std::optional<std::string> ApiRequest::header(std::string_view lower_name) const
{
  for (const auto& [name, value] : headers) {
    const bool same = name.size() == lower_name.size() &&
                      std::equal(name.begin(), name.end(), lower_name.begin(),
                                 [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
    if (same) {
      return value;
    }
  }
  return std::nullopt;
}

std::optional<std::string> ApiRequest::param(const std::string& name) const
{
  auto it = params.find(name);
  if (it == params.end()) {
    return std::nullopt;
  }
  return it->second;
}

ApiResponse json_response(int status, const nlohmann::json& body)
{
  ApiResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

ApiResponse error_response(int status, std::string_view code, std::string_view message)
{
  return json_response(status, nlohmann::json{{"code", code}, {"message", message}});
}

} // namespace ocivanilla::sim
