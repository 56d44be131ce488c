#include "support/temp_dir.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace ocivanilla::testing {

TempDir::TempDir()
{
  std::random_device rd;
  const auto base = std::filesystem::temp_directory_path();
  for (int i = 0; i < 100; ++i) {
    auto candidate = base / ("ovl-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(candidate)) {
      m_path = candidate;
      return;
    }
  }
  throw std::runtime_error("cannot create a temporary directory under " + base.string());
}

TempDir::~TempDir()
{
  if (std::getenv("OVL_KEEP_TEST_DIRS") != nullptr) {
    return;
  }
  std::error_code ec;
  std::filesystem::remove_all(m_path, ec);
}

std::filesystem::path TempDir::write(std::string_view name, std::string_view content,
                                     std::filesystem::perms perms) const
{
  const auto full = m_path / name;
  std::filesystem::create_directories(full.parent_path());
  {
    std::ofstream out(full, std::ios::binary | std::ios::trunc);
    if (!out) {
      throw std::runtime_error("cannot write " + full.string());
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
  }
  std::filesystem::permissions(full, perms);
  return full;
}

std::string read_text_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path.string());
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace ocivanilla::testing
