#include "ocivanilla/config/file.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace ocivanilla::config {

namespace fs = std::filesystem;

core::Result<std::string> read_file(const std::string& path, std::string_view what)
{
  const std::string prefix = std::string(what) + " " + path;
  std::error_code ec;
  const auto type = fs::status(path, ec).type();
  if (type == fs::file_type::not_found) {
    return core::make_error(core::ErrorKind::config, prefix + " not found");
  }
  if (type == fs::file_type::directory) {
    return core::make_error(core::ErrorKind::config, prefix + " cannot be read: it is a directory");
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const std::string reason = errno != 0 ? std::strerror(errno) : "cannot open it";
    return core::make_error(core::ErrorKind::config, prefix + " cannot be read: " + reason);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return core::make_error(core::ErrorKind::config, prefix + " cannot be read: I/O error");
  }
  return text.str();
}

bool path_exists(const std::string& path)
{
  std::error_code ec;
  return fs::status(path, ec).type() != fs::file_type::not_found;
}

} // namespace ocivanilla::config
