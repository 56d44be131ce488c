#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ocivanilla::testing {

// A fresh directory under $TMPDIR for one test; removed when the test passes, kept (and its
// path printed) when OVL_KEEP_TEST_DIRS is set.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return m_path; }
  // Writes `content` to path()/name (creating parent folders) and returns the full path.
  std::filesystem::path write(std::string_view name, std::string_view content,
                              std::filesystem::perms perms = std::filesystem::perms::owner_read |
                                                             std::filesystem::perms::owner_write) const;

 private:
  std::filesystem::path m_path;
};

// Reads a whole file; throws std::runtime_error naming it when it cannot.
std::string read_text_file(const std::filesystem::path& path);

} // namespace ocivanilla::testing
