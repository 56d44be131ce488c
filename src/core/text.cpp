#include "ocivanilla/core/text.hpp"

namespace ocivanilla::core {

std::string_view trim(std::string_view text)
{
  constexpr std::string_view k_space = " \t\r\n\v\f";
  const auto first = text.find_first_not_of(k_space);
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(k_space) - first + 1);
}

} // namespace ocivanilla::core
