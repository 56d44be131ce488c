#pragma once

#include <string_view>

namespace ocivanilla::core {

// `text` without leading and trailing white space (space, \t, \r, \n, \v, \f); a view into it.
std::string_view trim(std::string_view text);

} // namespace ocivanilla::core
